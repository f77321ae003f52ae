/**
 * The interpreter loop: runs a state machine (the top level, a Parallel branch, a Map iteration)
 * from StartAt until a state ends it, one executor per state type. This is our own interpreter:
 * no library runs JSONata ASL (aws-local-stepfunctions ignores every JSONata field), so only the
 * expressions themselves go through the `jsonata` library.
 */
import type { HistoryEventType } from '@aws-sdk/client-sfn';
import type { JsonValue } from './api.ts';
import { ExecutionAbortedError, toFailure } from './errors.ts';
import type { Frame } from './execution.ts';
import type { FragmentResult } from './fragment.ts';
import { checkPayloadSize } from './json.ts';
import { runMap } from './map/run-map.ts';
import type { FragmentModel, StateModel } from './model.ts';
import { runChoice } from './states/choice.ts';
import { runFail } from './states/fail.ts';
import {
  enterState,
  type Maybe,
  reportFailure,
  type StateOutcome,
  type StateRun,
} from './states/lifecycle.ts';
import { runParallel } from './states/parallel.ts';
import { runPass } from './states/pass.ts';
import { runSucceed } from './states/succeed.ts';
import { runTask } from './states/task.ts';
import { runWait } from './states/wait.ts';

/** States that record a `*StateAborted` event when a stop or timeout interrupts them. */
const abortable = new Set(['Task', 'Map', 'Parallel', 'Wait']);

/**
 * Runs a state machine from StartAt until a state ends it. Parallel and Map receive this function
 * from `dispatch` (a `RunFragment`, `fragment.ts`) rather than importing it.
 */
export async function runFragment(
  fragment: FragmentModel,
  input: JsonValue,
  frame: Frame,
  inputText?: string,
): Promise<FragmentResult> {
  let state = fragment.states.get(fragment.startAt) as StateModel;
  let value = input;
  let text = inputText;
  for (;;) {
    if (frame.cancel.aborted) throw frame.cancel.reason;
    let outcome = runState(state, value, frame, text);
    if (outcome instanceof Promise) outcome = await outcome;
    if (outcome.next === undefined) return { output: outcome.output, text: outcome.outputText };
    state = fragment.states.get(outcome.next) as StateModel;
    value = outcome.output;
    text = outcome.outputText;
  }
}

/** Runs one state; synchronous when the state never waits (a Pass without async expressions). */
export function runState(
  state: StateModel,
  input: JsonValue,
  frame: Frame,
  inputText?: string,
): Maybe<StateOutcome> {
  const run = enterState(frame, state, input, inputText);
  try {
    checkPayloadSize(run.inputText, `The input to state '${state.name}'`);
    const outcome = dispatch(run);
    if (outcome instanceof Promise) return outcome.catch((thrown) => failState(run, thrown));
    return outcome;
  } catch (thrown) {
    return failState(run, thrown);
  }
}

/** A state's failure on its way out: abort events, EvaluationFailed and the cause prefix. */
function failState(run: StateRun, thrown: unknown): never {
  if (thrown instanceof ExecutionAbortedError) {
    if (abortable.has(run.state.type))
      run.frame.emit(`${run.state.type}StateAborted` as HistoryEventType);
    throw thrown;
  }
  throw reportFailure(run, toFailure(thrown));
}

function dispatch(run: StateRun): Maybe<StateOutcome> {
  const state = run.state;
  switch (state.type) {
    case 'Pass':
      return runPass(run as StateRun<typeof state>);
    case 'Task':
      return runTask(run as StateRun<typeof state>);
    case 'Choice':
      return runChoice(run as StateRun<typeof state>);
    case 'Wait':
      return runWait(run as StateRun<typeof state>);
    case 'Succeed':
      return runSucceed(run as StateRun<typeof state>);
    case 'Fail':
      return runFail(run as StateRun<typeof state>);
    case 'Parallel':
      return runParallel(run as StateRun<typeof state>, runFragment);
    case 'Map':
      return runMap(run as StateRun<typeof state>, runFragment);
  }
}
