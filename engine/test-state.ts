/**
 * A local TestState: runs one state of a definition in isolation, as the Step Functions TestState
 * API does, and answers in its shape (`status`, `output`, `nextState`, `error`, `cause`,
 * `inspectionData`; JSON values as JSON text, as the API returns them).
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html
 *
 * How: the state runs as the only real state of a small definition: an optional Pass state first
 * assigns the given variables, and every state it can go to (Next, Default, Choices, Catch) is a
 * Succeed stub of that name, so the execution's output is the state's output and the stub entered
 * is `nextState`. Like TestState it runs one attempt: the state runs with its Retry and Catch
 * removed; an error a retrier matches (with attempts) is RETRIABLE, else one a catcher matches is
 * CAUGHT_ERROR (the state runs again with its Catch, its integration answering with the same
 * error, to get the catcher's output and Next), else FAILED. Wait states take no time.
 */
import type { HistoryEvent, IntegrationHandler, JsonObject, JsonValue, RunOptions } from './api.ts';
import { IntegrationError } from './api.ts';
import { errorMatches, StatesFailure } from './errors.ts';
import { runWithContextName } from './run.ts';

export type TestStateStatus = 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';
export type InspectionLevel = 'INFO' | 'DEBUG' | 'TRACE';

export type TestStateRequest = {
  /** One state's JSON (object or text), or a whole definition with `stateName`. */
  definition: string | object;
  /** The state to test in a whole definition (at any depth); a single state is named this too. */
  stateName?: string;
  /** The state's input (a JSON value, or JSON text with `inputText`). @default {} */
  input?: JsonValue;
  /**
   * The Context object. Only `Execution.Name` and `StateMachine.Name` are used (they name the
   * execution and state machine the state sees); the engine makes the rest.
   */
  context?: JsonObject;
  /** Variables in scope when the state runs. */
  variables?: Record<string, JsonValue>;
  /** Stands in for the Task's integration: its result, or the error it fails with. */
  mock?: { result: JsonValue } | { errorOutput: { error: string; cause?: string } };
  /** INFO: no inspectionData; DEBUG and TRACE: inspectionData. @default 'INFO' */
  inspectionLevel?: InspectionLevel;
  /** Handlers for an unmocked Task (and substitutions), as runExecution takes them. */
  options?: Pick<
    RunOptions,
    'lambdaHandlers' | 'integrations' | 'emr' | 's3' | 'substitutions' | 'region' | 'now'
  >;
};

export type InspectionData = {
  input?: string;
  afterInputPath?: string;
  afterParameters?: string;
  afterArguments?: string;
  result?: string;
  afterResultSelector?: string;
  afterResultPath?: string;
  variables?: string;
  errorDetails?: {
    retryIndex?: number;
    retryBackoffIntervalSeconds?: number;
    catchIndex?: number;
  };
};

export type TestStateResult = {
  status: TestStateStatus;
  output?: string;
  nextState?: string;
  error?: string;
  cause?: string;
  inspectionData?: InspectionData;
};

type RawState = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Thrown for a request TestState would refuse (ValidationException / InvalidDefinition). */
export class TestStateRequestError extends Error {
  override readonly name = 'InvalidDefinition';
}

function findState(states: unknown, name: string): RawState | undefined {
  if (!isObject(states)) return undefined;
  const own = states[name];
  if (isObject(own)) return own;
  for (const state of Object.values(states)) {
    if (!isObject(state)) continue;
    const inner = isObject(state.ItemProcessor)
      ? state.ItemProcessor
      : isObject(state.Iterator)
        ? state.Iterator
        : undefined;
    const found = inner ? findState(inner.States, name) : undefined;
    if (found) return found;
    if (Array.isArray(state.Branches)) {
      for (const branch of state.Branches) {
        const inBranch = isObject(branch) ? findState(branch.States, name) : undefined;
        if (inBranch) return inBranch;
      }
    }
  }
  return undefined;
}

/** The state under test, its name and its query language. */
function locate(request: TestStateRequest): { name: string; state: RawState; language: string } {
  let definition: unknown = request.definition;
  if (typeof definition === 'string') {
    try {
      definition = JSON.parse(definition);
    } catch (error) {
      throw new TestStateRequestError(
        `Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${(error as Error).message}'`,
      );
    }
  }
  if (!isObject(definition)) throw new TestStateRequestError('The definition must be an object');
  if (definition.States !== undefined) {
    if (!request.stateName) {
      throw new TestStateRequestError(
        'stateName is required with a whole state machine definition',
      );
    }
    const state = findState(definition.States, request.stateName);
    if (!state) {
      throw new TestStateRequestError(`The definition has no state '${request.stateName}'`);
    }
    const language = String(state.QueryLanguage ?? definition.QueryLanguage ?? 'JSONPath');
    return { name: request.stateName, state, language };
  }
  if (typeof definition.Type !== 'string') {
    throw new TestStateRequestError(
      'The definition is neither a state (no Type) nor a state machine (no States)',
    );
  }
  const language = String(definition.QueryLanguage ?? 'JSONPath');
  return { name: request.stateName ?? 'TestState', state: definition, language };
}

/** The states the state can go to. */
function targets(state: RawState): string[] {
  const names = new Set<string>();
  if (typeof state.Next === 'string') names.add(state.Next);
  if (typeof state.Default === 'string') names.add(state.Default);
  for (const list of [state.Choices, state.Catch]) {
    if (!Array.isArray(list)) continue;
    for (const item of list)
      if (isObject(item) && typeof item.Next === 'string') names.add(item.Next);
  }
  return [...names];
}

const variablesState = '__TestStateVariables';

function wrapper(
  name: string,
  state: RawState,
  language: string,
  variables: Record<string, JsonValue> | undefined,
): { definition: JsonObject; stubs: Set<string> } {
  const states: Record<string, unknown> = {};
  const stubs = new Set(targets(state).filter((t) => t !== name));
  for (const stub of stubs) states[stub] = { Type: 'Succeed' };
  states[name] = state;
  let startAt = name;
  if (variables && Object.keys(variables).length > 0) {
    const assign: Record<string, JsonValue> = {};
    for (const [key, value] of Object.entries(variables)) {
      // A string that looks like an expression is passed as a JSONata string literal.
      assign[key] =
        typeof value === 'string' && value.trimStart().startsWith('{%')
          ? `{% ${JSON.stringify(value)} %}`
          : value;
    }
    states[variablesState] = { Type: 'Pass', QueryLanguage: 'JSONata', Assign: assign, Next: name };
    startAt = variablesState;
  }
  return {
    definition: { QueryLanguage: language, StartAt: startAt, States: states } as JsonObject,
    stubs,
  };
}

function without(state: RawState, ...keys: string[]): RawState {
  const copy = { ...state };
  for (const key of keys) delete copy[key];
  return copy;
}

type Observed = {
  status: string;
  output?: JsonValue;
  error?: string;
  cause?: string;
  events: HistoryEvent[];
};

const taskFailedTypes = new Set([
  'TaskFailed',
  'LambdaFunctionFailed',
  'TaskTimedOut',
  'LambdaFunctionTimedOut',
]);

function stateInput(events: HistoryEvent[], name: string): string | undefined {
  return events.find((e) => e.stateEnteredEventDetails?.name === name)?.stateEnteredEventDetails
    ?.input;
}

function enteredStub(events: HistoryEvent[], stubs: Set<string>): string | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const entered = events[i]?.stateEnteredEventDetails?.name;
    if (entered !== undefined && stubs.has(entered)) return entered;
  }
  return undefined;
}

function variablesAfter(
  events: HistoryEvent[],
  name: string,
  initial: Record<string, JsonValue> | undefined,
): string {
  const variables: Record<string, JsonValue> = { ...initial };
  for (const event of events) {
    const exited = event.stateExitedEventDetails;
    if (exited?.name !== name || !exited.assignedVariables) continue;
    for (const [key, text] of Object.entries(exited.assignedVariables)) {
      variables[key] = JSON.parse(text) as JsonValue;
    }
  }
  return JSON.stringify(variables);
}

function inspection(
  observed: Observed,
  name: string,
  state: RawState,
  language: string,
  request: TestStateRequest,
): InspectionData {
  const { events } = observed;
  const data: InspectionData = {};
  const input = stateInput(events, name);
  if (input !== undefined) data.input = input;
  const scheduled = events.find((e) => e.taskScheduledEventDetails)?.taskScheduledEventDetails;
  const jsonata = language === 'JSONata';
  if (scheduled?.parameters !== undefined) {
    if (jsonata) data.afterArguments = scheduled.parameters;
    else data.afterParameters = scheduled.parameters;
  }
  const result =
    events.find((e) => e.taskSucceededEventDetails)?.taskSucceededEventDetails?.output ??
    events.find((e) => e.lambdaFunctionSucceededEventDetails)?.lambdaFunctionSucceededEventDetails
      ?.output;
  if (result !== undefined) data.result = result;
  if (!jsonata && observed.status === 'SUCCEEDED' && observed.output !== undefined) {
    const outputPath = state.OutputPath;
    if (outputPath === undefined || outputPath === '$') {
      data.afterResultPath = JSON.stringify(observed.output);
    }
  }
  data.variables = variablesAfter(events, name, request.variables);
  return data;
}

function runOptions(
  request: TestStateRequest,
  name: string,
  stateIntegration: IntegrationHandler | undefined,
): RunOptions {
  const execution = isObject(request.context?.Execution) ? request.context.Execution : {};
  const machine = isObject(request.context?.StateMachine) ? request.context.StateMachine : {};
  const options: RunOptions = { ...request.options, timeScale: 0 };
  if (typeof execution.Name === 'string') options.executionName = execution.Name;
  if (typeof machine.Name === 'string') options.stateMachineName = machine.Name;
  if (stateIntegration) options.stateIntegrations = { [name]: stateIntegration };
  return options;
}

function mockHandler(mock: TestStateRequest['mock']): IntegrationHandler | undefined {
  if (!mock) return undefined;
  if ('result' in mock) {
    const value = typeof mock.result === 'string' ? parseResult(mock.result) : mock.result;
    return async () => value;
  }
  const { error, cause } = mock.errorOutput;
  return async () => {
    throw new IntegrationError(error, cause ?? '');
  };
}

/** `mock.result` as TestState takes it: JSON text; a string that is not JSON is itself. */
function parseResult(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

async function observe(
  definition: JsonObject,
  request: TestStateRequest,
  name: string,
  handler: IntegrationHandler | undefined,
): Promise<Observed> {
  const result = await runWithContextName(
    definition,
    request.input ?? {},
    runOptions(request, name, handler),
  );
  const observed: Observed = { status: result.status, events: result.events };
  if (result.output !== undefined) observed.output = result.output;
  if (result.error !== undefined) observed.error = result.error;
  if (result.cause !== undefined) observed.cause = result.cause;
  return observed;
}

/** The first retrier that matches, and the backoff of its first retry. */
function retriable(
  state: RawState,
  failure: StatesFailure,
): { index: number; backoffSeconds: number } | undefined {
  if (!Array.isArray(state.Retry)) return undefined;
  const index = state.Retry.findIndex(
    (r) =>
      isObject(r) &&
      Array.isArray(r.ErrorEquals) &&
      errorMatches(r.ErrorEquals as string[], failure),
  );
  const retrier = state.Retry[index] as RawState | undefined;
  if (!retrier) return undefined;
  const maxAttempts = typeof retrier.MaxAttempts === 'number' ? retrier.MaxAttempts : 3;
  if (maxAttempts <= 0) return undefined;
  let seconds = typeof retrier.IntervalSeconds === 'number' ? retrier.IntervalSeconds : 1;
  if (typeof retrier.MaxDelaySeconds === 'number')
    seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  return { index, backoffSeconds: seconds };
}

function catcherIndex(state: RawState, failure: StatesFailure): number {
  if (!Array.isArray(state.Catch)) return -1;
  return state.Catch.findIndex(
    (c) =>
      isObject(c) &&
      Array.isArray(c.ErrorEquals) &&
      errorMatches(c.ErrorEquals as string[], failure),
  );
}

/**
 * Runs one state as the TestState API does. A definition the engine would refuse comes back
 * FAILED with error `InvalidDefinition` (and every problem in `cause`); a request that names no
 * state throws a TestStateRequestError.
 */
export async function testState(request: TestStateRequest): Promise<TestStateResult> {
  const { name, state, language } = locate(request);
  const level = request.inspectionLevel ?? 'INFO';
  const handler = mockHandler(request.mock);
  const bare = wrapper(name, without(state, 'Retry', 'Catch'), language, request.variables);
  const first = await observe(bare.definition, request, name, handler);
  const finish = (result: TestStateResult, observed: Observed): TestStateResult => {
    if (level !== 'INFO') {
      const data = inspection(observed, name, state, language, request);
      if (result.inspectionData?.errorDetails)
        data.errorDetails = result.inspectionData.errorDetails;
      result.inspectionData = data;
    } else {
      delete result.inspectionData;
    }
    return result;
  };
  if (first.status === 'SUCCEEDED') {
    const result: TestStateResult = { status: 'SUCCEEDED', output: JSON.stringify(first.output) };
    const next = enteredStub(first.events, bare.stubs);
    if (next !== undefined) result.nextState = next;
    return finish(result, first);
  }
  const failure = new StatesFailure(first.error, first.cause);
  const failed: TestStateResult = { status: 'FAILED' };
  if (first.error !== undefined) failed.error = first.error;
  if (first.cause !== undefined) failed.cause = first.cause;
  if (first.events.length === 0 || first.status !== 'FAILED') return finish(failed, first);

  const retry = retriable(state, failure);
  if (retry) {
    return finish(
      {
        ...failed,
        status: 'RETRIABLE',
        inspectionData: {
          errorDetails: {
            retryIndex: retry.index,
            retryBackoffIntervalSeconds: retry.backoffSeconds,
          },
        },
      },
      first,
    );
  }
  const catchIndex = catcherIndex(state, failure);
  if (catchIndex < 0) return finish(failed, first);
  const fromIntegration = first.events.some((e) => taskFailedTypes.has(String(e.type)));
  const thrower: IntegrationHandler | undefined = fromIntegration
    ? async () => {
        throw new IntegrationError(first.error ?? 'States.TaskFailed', first.cause ?? '');
      }
    : handler;
  const caughtWrapper = wrapper(name, without(state, 'Retry'), language, request.variables);
  const caught = await observe(caughtWrapper.definition, request, name, thrower);
  const result: TestStateResult = { ...failed, status: 'CAUGHT_ERROR' };
  if (caught.output !== undefined) result.output = JSON.stringify(caught.output);
  const next = enteredStub(caught.events, caughtWrapper.stubs);
  if (next !== undefined) result.nextState = next;
  result.inspectionData = { errorDetails: { catchIndex } };
  return finish(result, caught);
}
