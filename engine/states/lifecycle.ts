/**
 * What every state does around its own work: the `*StateEntered` / `*StateExited` events, Output
 * and Assign (both evaluated against the old variable values, assignments applied after), payload
 * size checks, and how an interpreter-raised failure is reported (an `EvaluationFailed` event for
 * a JSONata failure, and the "An error occurred while executing the state ..." cause prefix).
 */
import type { HistoryEventType } from '@aws-sdk/client-sfn';
import { Limits } from '../../asl/constants.ts';
import type { JsonValue } from '../api.ts';
import type { StateInfo } from '../context.ts';
import {
  StatesDataLimitExceededError,
  StatesFailure,
  StatesQueryEvaluationError,
} from '../errors.ts';
import type { Frame } from '../execution.ts';
import { checkResultSize, jsonBytes, toJson } from '../json.ts';
import { bindingsFor, statesOf } from '../jsonata/bindings.ts';
import { evaluateTemplate } from '../jsonata/template.ts';
import type { Bindings, Template } from '../jsonata/types.ts';
import { applyResultPath, type PathField, selectPath } from '../jsonpath/io.ts';
import type { AssignModel, StateModel } from '../model.ts';

export type StateOutcome = {
  readonly output: JsonValue;
  /** The output's JSON text (already made for the history and the size check). */
  readonly outputText: string;
  /** The next state, or undefined when the state ends its state machine. */
  readonly next: string | undefined;
};

/** A state being run: its model, frame, input and context-object information. */
export type StateRun<S extends StateModel = StateModel> = {
  readonly state: S;
  readonly frame: Frame;
  readonly input: JsonValue;
  readonly info: StateInfo;
  /** Id of the `*StateEntered` event, quoted in interpreter error causes. */
  readonly enteredEventId: number;
  /** The input's JSON text (its size is checked once the state runs). */
  readonly inputText: string;
  /** JSONata bindings, made on first use and shared by the state's evaluations. */
  bindings?: Bindings;
  /** A JSONPath state's effective input (InputPath applied), made on first use. */
  effective?: { readonly value: JsonValue };
};

/**
 * The bindings of the state's own evaluations. A JSONPath state's `$` (`states.input`) is its
 * effective input: the raw input with InputPath applied.
 */
export function runBindings(run: StateRun): Bindings {
  if (!run.bindings) run.bindings = bindingsFor(run.frame.scope, run.info, stateInput(run));
  return run.bindings;
}

/** What the state works on: its input, or for a JSONPath state the input InputPath selects. */
export function stateInput(run: StateRun): JsonValue {
  const io = run.state.io;
  if (!io) return run.input;
  if (!run.effective) {
    run.effective = {
      value: selectPath(io.inputPath, run.input, () => bindingsWithInput(run, run.input)),
    };
  }
  return run.effective.value;
}

/** Bindings whose `$` is `value` (a JSONPath ResultSelector's result, Assign's `$`). */
function bindingsWithInput(run: StateRun, value: JsonValue): Bindings {
  return bindingsFor(run.frame.scope, run.info, value);
}

const truncatedNo = { truncated: false };

/** State types that can have Retry (their Context object always has `State.RetryCount`). */
const retrying = new Set(['Task', 'Parallel', 'Map']);

export function enterState<S extends StateModel>(
  frame: Frame,
  state: S,
  input: JsonValue,
  inputText?: string,
): StateRun<S> {
  const exec = frame.exec;
  exec.billing.transitions++;
  const text = inputText ?? toJson(input);
  const type = `${state.type}StateEntered` as HistoryEventType;
  const enteredEventId = frame.recording
    ? frame.emit(type, 'stateEnteredEventDetails', {
        name: state.name,
        input: text,
        inputDetails: truncatedNo,
      })
    : frame.emitBare(type);
  const info: StateInfo = {
    exec,
    name: state.name,
    enteredAt: exec.run.clock.nowMs(),
    retryCount: 0,
  };
  if (
    state.io &&
    state.retry.length === 0 &&
    state.catchers.length === 0 &&
    !retrying.has(state.type)
  )
    (info as { noRetryCount?: boolean }).noRetryCount = true;
  return { state, frame, input, info, enteredEventId, inputText: text };
}

export type Finished = {
  output: JsonValue;
  /** The output's JSON text when it is already known (the input or the result passed through). */
  text: string | undefined;
  assigned: Record<string, JsonValue> | undefined;
};

/** A value now, or later: the engine stays synchronous until something really waits. */
export type Maybe<T> = T | Promise<T>;

/** Applies `then` to a value that may still be a promise, without a microtask when it is not. */
export function andThen<T, U>(value: Maybe<T>, then: (value: T) => Maybe<U>): Maybe<U> {
  return value instanceof Promise ? value.then(then) : then(value);
}

/**
 * Evaluates Output and Assign. `result` is the task/branch result (`$states.result`); without an
 * Output, a state with a result outputs it and any other state passes its input through.
 */
export function finishState(
  run: StateRun,
  result?: { value: JsonValue; text?: string },
): Maybe<Finished> {
  return finishWith(run, run.state.output, run.state.assign, result);
}

/** Output and Assign from explicit templates (a matched Choice rule's, a catcher's). */
export function finishWith(
  run: StateRun,
  outputTemplate: Template | undefined,
  assign: AssignModel | undefined,
  result?: { value: JsonValue; text?: string },
  errorOutput?: JsonValue,
  catcherResultPath?: PathField,
): Maybe<Finished> {
  if (run.state.io) return finishJsonPath(run, assign, result, errorOutput, catcherResultPath);
  const needsBindings = (outputTemplate?.dynamic ?? false) || assign !== undefined;
  let bindings: Bindings = {};
  if (needsBindings) {
    bindings = runBindings(run);
    const states = statesOf(bindings);
    if (result) states.result = result.value;
    if (errorOutput !== undefined) states.errorOutput = errorOutput;
  }
  let text: string | undefined;
  if (!outputTemplate && errorOutput === undefined) text = result ? result.text : run.inputText;
  const fallback = errorOutput !== undefined ? errorOutput : result ? result.value : run.input;
  const output = outputTemplate ? evaluateTemplate(outputTemplate, bindings) : fallback;
  if (!assign) return andThen(output, (value) => ({ output: value, text, assigned: undefined }));
  return andThen(output, (value) =>
    andThen(evaluateAssign(assign, bindings), (assigned) => ({ output: value, text, assigned })),
  );
}

/**
 * A JSONPath state's output and Assign. The result (a task's, the branches', a Pass's Result or
 * Parameters) goes through ResultSelector, then ResultPath places it into the raw input and
 * OutputPath selects the output; a Choice, Wait or Succeed outputs its effective input through
 * OutputPath; a catcher places the error output into the raw input at its ResultPath. Assign's
 * `$` is the selected result (the effective input for states without a result, the error output
 * in a catcher).
 */
function finishJsonPath(
  run: StateRun,
  assign: AssignModel | undefined,
  result: { value: JsonValue; text?: string } | undefined,
  errorOutput: JsonValue | undefined,
  catcherResultPath: PathField,
): Maybe<Finished> {
  const { state } = run;
  const io = state.io as NonNullable<StateModel['io']>;
  let output: JsonValue;
  let text: string | undefined;
  let dollar: JsonValue;
  if (errorOutput !== undefined) {
    dollar = errorOutput;
    output = applyResultPath(catcherResultPath, run.input, errorOutput);
  } else if (result || state.type === 'Pass') {
    let value: JsonValue;
    if (result) {
      value = io.resultSelector
        ? ((io.resultSelector.dynamic
            ? io.resultSelector.evaluate(bindingsWithInput(run, result.value))
            : io.resultSelector.value) as JsonValue)
        : result.value;
    } else if (io.result !== undefined) value = io.result;
    else if (io.parameters) {
      value = (
        io.parameters.dynamic ? io.parameters.evaluate(runBindings(run)) : io.parameters.value
      ) as JsonValue;
    } else value = stateInput(run);
    dollar = value;
    output = selectPath(io.outputPath, applyResultPath(io.resultPath, run.input, value), () =>
      bindingsWithInput(run, value),
    );
    if (result && output === result.value) text = result.text;
  } else {
    dollar = stateInput(run);
    output = selectPath(io.outputPath, dollar, () => runBindings(run));
  }
  if (output === run.input) text = run.inputText;
  if (!assign) return { output, text, assigned: undefined };
  return andThen(evaluateAssign(assign, bindingsWithInput(run, dollar)), (assigned) => ({
    output,
    text,
    assigned,
  }));
}

/** Every Assign value, all evaluated against the same (old) variables. */
function evaluateAssign(assign: AssignModel, bindings: Bindings): Maybe<Record<string, JsonValue>> {
  const assigned: Record<string, JsonValue> = {};
  const entries = assign.entries;
  for (let i = 0; i < entries.length; i++) {
    const [name, template] = entries[i] as (typeof entries)[number];
    const value = evaluateTemplate(template, bindings);
    if (value instanceof Promise) return finishAssign(assigned, entries, i, value, bindings);
    assigned[name] = value;
  }
  return assigned;
}

async function finishAssign(
  assigned: Record<string, JsonValue>,
  entries: AssignModel['entries'],
  from: number,
  pending: Promise<JsonValue>,
  bindings: Bindings,
): Promise<Record<string, JsonValue>> {
  assigned[(entries[from] as (typeof entries)[number])[0]] = await pending;
  for (let i = from + 1; i < entries.length; i++) {
    const [name, template] = entries[i] as (typeof entries)[number];
    assigned[name] = await evaluateTemplate(template, bindings);
  }
  return assigned;
}

/** Applies the assignments, checks sizes and emits `*StateExited`. */
export function exitState(
  run: StateRun,
  finished: Finished,
  next: string | undefined,
): StateOutcome {
  const { state, frame } = run;
  const text = finished.text ?? toJson(finished.output);
  checkResultSize(text, state.name);
  let assignedVariables: Record<string, string> | undefined;
  if (finished.assigned) {
    assignedVariables = {};
    const sizes = checkVariableSizes(run, finished.assigned, assignedVariables);
    frame.scope.assign(finished.assigned, sizes);
  }
  const type = `${state.type}StateExited` as HistoryEventType;
  if (!frame.recording) frame.emitBare(type);
  else if (assignedVariables) {
    frame.emit(type, 'stateExitedEventDetails', {
      name: state.name,
      output: text,
      outputDetails: truncatedNo,
      assignedVariables,
      assignedVariablesDetails: truncatedNo,
    });
  } else {
    frame.emit(type, 'stateExitedEventDetails', {
      name: state.name,
      output: text,
      outputDetails: truncatedNo,
    });
  }
  return { output: finished.output, outputText: text, next };
}

/**
 * The variable size quotas (workflow-variables page, "Variable size limits"): one variable at
 * most 256 KiB, one state's Assign at most 256 KiB combined, and every variable the execution
 * stores at most 10 MiB together. The page names no error; the engine fails the state with
 * States.DataLimitExceeded, the error AWS reports for its other size quotas. Fills `json` with
 * each variable's JSON text and returns each one's size.
 * https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
 */
function checkVariableSizes(
  run: StateRun,
  assigned: Readonly<Record<string, JsonValue>>,
  json: Record<string, string>,
): Record<string, number> {
  const sizes: Record<string, number> = {};
  let combined = 0;
  for (const name of Object.keys(assigned)) {
    const text = toJson(assigned[name]);
    const bytes = jsonBytes(text);
    if (bytes > Limits.maxVariableBytes) {
      throw new StatesDataLimitExceededError(
        `The variable '${name}' assigned by state '${run.state.name}' has a size of ${bytes} bytes, exceeding the maximum number of bytes service limit (${Limits.maxVariableBytes}).`,
      );
    }
    combined += bytes;
    sizes[name] = bytes;
    json[name] = text;
  }
  if (combined > Limits.maxPayloadBytes) {
    throw new StatesDataLimitExceededError(
      `The variables assigned by state '${run.state.name}' have a combined size of ${combined} bytes, exceeding the maximum number of bytes service limit (${Limits.maxPayloadBytes}).`,
    );
  }
  const total = run.frame.scope.totalBytesAfter(sizes);
  if (total > Limits.maxVariablesTotalBytes) {
    throw new StatesDataLimitExceededError(
      `The variables stored by the execution would have a total size of ${total} bytes after state '${run.state.name}', exceeding the maximum number of bytes service limit (${Limits.maxVariablesTotalBytes}).`,
    );
  }
  return sizes;
}

/** Where a state goes when it completes normally. */
export function nextOf(state: StateModel): string | undefined {
  return state.end ? undefined : state.next;
}

/**
 * Reports a failure raised while running this state: a JSONata failure gets an `EvaluationFailed`
 * event, and an interpreter-raised failure gets AWS's cause prefix (once, at the innermost state).
 * Returns the failure to propagate.
 */
export function reportFailure(run: StateRun, failure: StatesFailure): StatesFailure {
  if (!failure.raisedByInterpreter) return failure;
  if (failure instanceof StatesQueryEvaluationError) {
    run.frame.emit('EvaluationFailed', 'evaluationFailedEventDetails', {
      error: failure.error,
      cause: failure.causeText,
      ...(failure.location !== undefined ? { location: failure.location } : {}),
      state: run.state.name,
    });
  }
  return failure.withCause(
    `An error occurred while executing the state '${run.state.name}' (entered at the event id #${run.enteredEventId}). ${failure.causeText ?? ''}`,
  );
}

export { StatesFailure };
