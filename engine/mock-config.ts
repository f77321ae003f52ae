/**
 * AWS Step Functions Local's mock configuration (`MockConfigFile.json`), for the engine: a pure
 * parser and validator, and the per-state integrations a test case stands in with.
 * https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-mock-cfg-file.html
 *
 * ```json
 * { "StateMachines": { "<machine>": { "TestCases": { "<case>": { "<state>": "<response>" } } } },
 *   "MockedResponses": { "<response>": { "0": { "Return": { ... } },
 *                                        "1-2": { "Throw": { "Error": "E", "Cause": "C" } } } } }
 * ```
 *
 * A mocked response answers the n-th invocation of its state (counted from 0 over the whole run,
 * retries included) with the entry whose range holds n: `Return` is the task's result (the
 * service's whole response, e.g. Lambda's `{ StatusCode, Payload }`), `Throw` fails the task with
 * that Error and Cause. An invocation past the last range fails the task with `States.Runtime`
 * (nothing left to answer it). A state the test case does not name runs its real integration.
 */
import type { IntegrationHandler, JsonValue } from './api.ts';
import { IntegrationError } from './api.ts';

export type MockedAnswer =
  | { readonly return: JsonValue }
  | { readonly throw: { readonly error: string; readonly cause?: string } };

/** One range of invocations (`"0"`, `"1-2"`) and its answer. */
export type MockedRange = {
  readonly from: number;
  readonly to: number;
  readonly answer: MockedAnswer;
};

export type MockConfig = {
  /** State machine name -> test case name -> state name -> mocked response name. */
  readonly stateMachines: Record<string, Record<string, Record<string, string>>>;
  /** Mocked response name -> its ranges, in invocation order. */
  readonly mockedResponses: Record<string, MockedRange[]>;
};

export type ParsedMockConfig =
  | { config: MockConfig; problems: [] }
  | { config: undefined; problems: string[] };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A path segment as the problems print it: bare when it is a plain name, else quoted. */
const segment = (key: string): string =>
  /^[A-Za-z_][\w-]*$/.test(key) ? key : JSON.stringify(key);
const at = (...keys: string[]): string => keys.map(segment).join('.');

function parseRange(key: string): { from: number; to: number } | undefined {
  const match = /^(\d+)(?:-(\d+))?$/.exec(key);
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  return to >= from ? { from, to } : undefined;
}

function parseAnswer(value: unknown, where: string, problems: string[]): MockedAnswer | undefined {
  if (!isObject(value)) {
    problems.push(`${where}: must be an object with Return or Throw`);
    return undefined;
  }
  const keys = Object.keys(value);
  const unknown = keys.filter((k) => k !== 'Return' && k !== 'Throw');
  if (unknown.length > 0) problems.push(`${where}: unknown field(s) ${unknown.join(', ')}`);
  const hasReturn = 'Return' in value;
  const hasThrow = 'Throw' in value;
  if (hasReturn === hasThrow) {
    problems.push(`${where}: needs exactly one of Return or Throw`);
    return undefined;
  }
  if (hasReturn) return { return: value.Return as JsonValue };
  const thrown = value.Throw;
  if (!isObject(thrown)) {
    problems.push(`${where}: Throw must be an object with Error and Cause`);
    return undefined;
  }
  if (typeof thrown.Error !== 'string' || thrown.Error === '') {
    problems.push(`${where}: Throw needs Error (a non-empty string)`);
    return undefined;
  }
  if (thrown.Cause !== undefined && typeof thrown.Cause !== 'string') {
    problems.push(`${where}: Throw.Cause must be a string`);
    return undefined;
  }
  const extra = Object.keys(thrown).filter((k) => k !== 'Error' && k !== 'Cause');
  if (extra.length > 0) problems.push(`${where}: Throw has unknown field(s) ${extra.join(', ')}`);
  return typeof thrown.Cause === 'string'
    ? { throw: { error: thrown.Error, cause: thrown.Cause } }
    : { throw: { error: thrown.Error } };
}

function parseResponse(name: string, value: unknown, problems: string[]): MockedRange[] {
  const where = at('MockedResponses', name);
  if (!isObject(value) || Object.keys(value).length === 0) {
    problems.push(`${where}: must be a non-empty object of invocation ranges ("0", "1-2", ...)`);
    return [];
  }
  const ranges: MockedRange[] = [];
  // Every well-formed range counts for overlaps and gaps, even when its answer is invalid.
  const covered: { from: number; to: number }[] = [];
  for (const [key, entry] of Object.entries(value)) {
    const entryWhere = at('MockedResponses', name, key);
    const range = parseRange(key);
    if (!range) {
      problems.push(
        `${entryWhere}: not an invocation range (a number like "0" or a range like "1-2")`,
      );
      continue;
    }
    covered.push(range);
    const answer = parseAnswer(entry, entryWhere, problems);
    if (answer) ranges.push({ ...range, answer });
  }
  ranges.sort((a, b) => a.from - b.from);
  covered.sort((a, b) => a.from - b.from);
  let next = 0;
  for (const range of covered) {
    const label = range.from === range.to ? `${range.from}` : `${range.from}-${range.to}`;
    if (range.from < next) {
      problems.push(`${at('MockedResponses', name, label)}: overlaps an earlier range`);
    } else if (range.from > next) {
      const gap = range.from - 1 === next ? `${next}` : `${next}-${range.from - 1}`;
      problems.push(`${where}: invocation(s) ${gap} have no response (ranges must follow on)`);
    }
    next = Math.max(next, range.to + 1);
  }
  return ranges;
}

/** Parses and validates a mock configuration (the parsed JSON); every problem at once. */
export function parseMockConfig(value: unknown): ParsedMockConfig {
  const problems: string[] = [];
  if (!isObject(value)) {
    return { config: undefined, problems: ['(root): must be an object'] };
  }
  const extra = Object.keys(value).filter((k) => k !== 'StateMachines' && k !== 'MockedResponses');
  if (extra.length > 0) problems.push(`(root): unknown field(s) ${extra.join(', ')}`);
  const mockedResponses: Record<string, MockedRange[]> = {};
  if (value.MockedResponses !== undefined && !isObject(value.MockedResponses)) {
    problems.push('MockedResponses: must be an object');
  } else {
    for (const [name, response] of Object.entries(value.MockedResponses ?? {})) {
      mockedResponses[name] = parseResponse(name, response, problems);
    }
  }
  const stateMachines: MockConfig['stateMachines'] = {};
  if (!isObject(value.StateMachines)) {
    problems.push('StateMachines: must be an object (state machine name -> { TestCases })');
  } else {
    for (const [machine, entry] of Object.entries(value.StateMachines)) {
      if (!isObject(entry) || !isObject(entry.TestCases)) {
        problems.push(`${at('StateMachines', machine)}: needs TestCases (an object)`);
        continue;
      }
      const cases: Record<string, Record<string, string>> = {};
      for (const [name, mocks] of Object.entries(entry.TestCases)) {
        const where = at('StateMachines', machine, 'TestCases', name);
        if (!isObject(mocks)) {
          problems.push(`${where}: must be an object (state name -> mocked response name)`);
          continue;
        }
        const states: Record<string, string> = {};
        for (const [state, response] of Object.entries(mocks)) {
          if (typeof response !== 'string') {
            problems.push(
              `${at('StateMachines', machine, 'TestCases', name, state)}: must name a mocked response`,
            );
          } else if (!(response in mockedResponses) && isObject(value.MockedResponses ?? {})) {
            problems.push(
              `${at('StateMachines', machine, 'TestCases', name, state)}: no mocked response '${response}' in MockedResponses`,
            );
          } else {
            states[state] = response;
          }
        }
        cases[name] = states;
      }
      stateMachines[machine] = cases;
    }
  }
  if (problems.length > 0) return { config: undefined, problems };
  return { config: { stateMachines, mockedResponses }, problems: [] };
}

/** The answer to invocation `n` (from 0), or undefined past the last range. */
export function mockedAnswer(ranges: readonly MockedRange[], n: number): MockedAnswer | undefined {
  return ranges.find((r) => n >= r.from && n <= r.to)?.answer;
}

/** A handler answering from a mocked response; counts its own invocations. */
export function mockedHandler(
  responseName: string,
  ranges: readonly MockedRange[],
): IntegrationHandler {
  let calls = 0;
  return async (_args, ctx) => {
    const n = calls++;
    const answer = mockedAnswer(ranges, n);
    if (!answer) {
      throw new IntegrationError(
        'States.Runtime',
        `Mocked response '${responseName}' of state '${ctx.stateName}' has no answer for invocation ${n} (its ranges end at ${ranges.at(-1)?.to ?? -1})`,
      );
    }
    if ('throw' in answer) throw new IntegrationError(answer.throw.error, answer.throw.cause ?? '');
    return answer.return;
  };
}

/**
 * The `RunOptions.stateIntegrations` of one test case: state name -> a fresh handler answering
 * from its mocked response (fresh counters per call, so each run starts at invocation 0).
 * Throws an Error naming what exists when the state machine or the test case is unknown.
 */
export function mockedStateIntegrations(
  config: MockConfig,
  stateMachineName: string,
  testCase: string,
): Record<string, IntegrationHandler> {
  const cases = config.stateMachines[stateMachineName];
  if (!cases) {
    const known = Object.keys(config.stateMachines);
    throw new Error(
      `The mock configuration has no state machine '${stateMachineName}' (it has: ${known.join(', ') || 'none'}); pass --state-machine-name to pick one`,
    );
  }
  const mocks = cases[testCase];
  if (!mocks) {
    throw new Error(
      `State machine '${stateMachineName}' has no test case '${testCase}' (it has: ${Object.keys(cases).join(', ') || 'none'})`,
    );
  }
  const handlers: Record<string, IntegrationHandler> = {};
  for (const [state, response] of Object.entries(mocks)) {
    handlers[state] = mockedHandler(response, config.mockedResponses[response] ?? []);
  }
  return handlers;
}

/**
 * Problems of a test case against the definition it runs: states it mocks that are not Task
 * states of the definition (at any depth). Empty when every mocked state exists.
 */
export function unknownMockedStates(
  definition: unknown,
  mocks: Readonly<Record<string, unknown>>,
): string[] {
  const tasks = new Set<string>();
  const walk = (states: unknown): void => {
    if (!isObject(states)) return;
    for (const [name, state] of Object.entries(states)) {
      if (!isObject(state)) continue;
      if (state.Type === 'Task') tasks.add(name);
      for (const key of ['ItemProcessor', 'Iterator'] as const) {
        const inner = state[key];
        if (isObject(inner)) walk(inner.States);
      }
      if (Array.isArray(state.Branches)) {
        for (const branch of state.Branches) if (isObject(branch)) walk(branch.States);
      }
    }
  };
  if (isObject(definition)) walk(definition.States);
  return Object.keys(mocks)
    .filter((state) => !tasks.has(state))
    .map((state) => `the test case mocks '${state}', which is not a Task state of the definition`);
}
