/**
 * JSONPath fields of Wait, Fail, Map and Parallel, Assign in JSONPath states, and definitions that
 * mix query languages, from the AWS documentation of each state type and of workflow variables.
 */
import { describe, expect, it } from 'vitest';
import { eventsOf, run } from '../helpers.ts';
import { pathMachine } from './helpers.ts';

describe('JSONPath Wait', () => {
  it('waits SecondsPath seconds on the engine clock, read from the effective input', async () => {
    const def = pathMachine({
      W: { Type: 'Wait', InputPath: '$.wait', SecondsPath: '$.s', Next: 'T' },
      T: { Type: 'Pass', Parameters: { 'now.$': '$$.State.EnteredTime' }, End: true },
    });
    const result = await run(def, { wait: { s: 90 } });
    expect(result.output).toStrictEqual({ now: '2024-05-01T10:01:30Z' });
  });

  it('fails with States.Runtime on a negative SecondsPath value', async () => {
    const result = await run(pathMachine({ W: { Type: 'Wait', SecondsPath: '$.s', End: true } }), {
      s: -1,
    });
    expect(result.error).toBe('States.Runtime');
    expect(result.cause).toBe(
      "An error occurred while executing the state 'W' (entered at the event id #2). The SecondsPath parameter references a negative value: $.s == -1",
    );
  });

  it('waits until TimestampPath, refusing a text that is not an ISO-8601 offset date-time', async () => {
    const def = pathMachine({
      W: { Type: 'Wait', TimestampPath: '$.at', Next: 'T' },
      T: { Type: 'Pass', Parameters: { 'now.$': '$$.State.EnteredTime' }, End: true },
    });
    expect((await run(def, { at: '2024-05-01T11:00:00Z' })).output).toStrictEqual({
      now: '2024-05-01T11:00:00Z',
    });
    const bad = await run(def, { at: '2024-05-01 11:00:00Z' });
    expect(bad.error).toBe('States.Runtime');
    expect(bad.cause).toContain(
      'The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.at == 2024-05-01 11:00:00Z',
    );
  });
});

describe('JSONPath Fail', () => {
  it('reads ErrorPath and CausePath (paths or intrinsic functions) from its input', async () => {
    const def = pathMachine({
      F: { Type: 'Fail', ErrorPath: '$.e', CausePath: "States.Format('code {}', $.code)" },
    });
    const result = await run(def, { e: 'Custom.Error', code: 7 });
    expect(result.error).toBe('Custom.Error');
    expect(result.cause).toBe('code 7');
  });

  it('fails with States.Runtime when ErrorPath finds nothing', async () => {
    const result = await run(pathMachine({ F: { Type: 'Fail', ErrorPath: '$.nope' } }), { a: 1 });
    expect(result.error).toBe('States.Runtime');
    expect(result.cause).toBe(
      `An error occurred while executing the state 'F' (entered at the event id #2). The JSONPath '$.nope' specified for the field 'ErrorPath' could not be found in the input '{"a":1}'`,
    );
  });
});

describe('JSONPath Map', () => {
  it('iterates ItemsPath with ItemSelector ($$.Map.Item) and shapes the results', async () => {
    const def = pathMachine({
      M: {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrencyPath: '$.limit',
        ItemSelector: {
          'index.$': '$$.Map.Item.Index',
          'value.$': '$$.Map.Item.Value',
          'k.$': '$.k',
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'I',
          States: { I: { Type: 'Pass', End: true } },
        },
        ResultSelector: { 'all.$': '$[*].value' },
        ResultPath: '$.out',
        End: true,
      },
    });
    const result = await run(def, { items: ['a', 'b'], k: 1, limit: 1 });
    expect(result.output).toStrictEqual({
      items: ['a', 'b'],
      k: 1,
      limit: 1,
      out: { all: ['a', 'b'] },
    });
  });

  it('runs the older Iterator with Parameters as the item selector', async () => {
    const def = pathMachine({
      M: {
        Type: 'Map',
        InputPath: '$.data',
        ItemsPath: '$.list',
        Parameters: { 'n.$': '$$.Map.Item.Value' },
        Iterator: {
          StartAt: 'I',
          States: { I: { Type: 'Pass', InputPath: '$.n', End: true } },
        },
        End: true,
      },
    });
    expect((await run(def, { data: { list: [1, 2, 3] } })).output).toStrictEqual([1, 2, 3]);
  });

  it("fails with AWS's wording when MaxConcurrencyPath is not an integer", async () => {
    const def = pathMachine({
      M: {
        Type: 'Map',
        MaxConcurrencyPath: '$.limit',
        ItemsPath: '$.items',
        ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Succeed' } } },
        End: true,
      },
    });
    const result = await run(def, { items: [], limit: 'many' });
    expect(result.cause).toContain(
      'The MaxConcurrencyPath field refers to value "many" which is not a valid integer: $.limit',
    );
  });
});

describe('JSONPath Map items that are not an array', () => {
  it('fails with States.Runtime (not the JSONata QueryEvaluationError)', async () => {
    const def = (fields: Record<string, unknown>) =>
      pathMachine({
        M: {
          Type: 'Map',
          ...fields,
          ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Succeed' } } },
          End: true,
        },
      });
    const viaPath = await run(def({ ItemsPath: '$.items' }), { items: 'no' });
    expect(viaPath.error).toBe('States.Runtime');
    expect(viaPath.cause).toContain('ItemsPath must select an array but selected: "no"');
    const viaInput = await run(def({}), { items: 'no' });
    expect(viaInput.error).toBe('States.Runtime');
  });
});

describe('JSONPath Parallel', () => {
  it('gives every branch the Parameters result and places the results with ResultPath', async () => {
    const branch = (name: string) => ({
      StartAt: name,
      States: { [name]: { Type: 'Pass', InputPath: '$.v', End: true } },
    });
    const def = pathMachine({
      P: {
        Type: 'Parallel',
        Parameters: { 'v.$': '$.x' },
        Branches: [branch('A'), branch('B')],
        ResultPath: '$.results',
        End: true,
      },
    });
    expect((await run(def, { x: 5 })).output).toStrictEqual({ x: 5, results: [5, 5] });
  });
});

describe('Assign in JSONPath states', () => {
  it("uses the state's result as $ (after ResultSelector), and old values until the state ends", async () => {
    const def = pathMachine({
      A: { Type: 'Pass', Assign: { count: 1 }, Next: 'B' },
      B: {
        Type: 'Pass',
        Result: { answer: 42 },
        ResultPath: '$.r',
        Assign: {
          'count.$': 'States.MathAdd($count, 1)',
          'previous.$': '$count',
          'got.$': '$.answer',
        },
        Next: 'C',
      },
      C: {
        Type: 'Pass',
        Parameters: { 'count.$': '$count', 'previous.$': '$previous', 'got.$': '$got' },
        End: true,
      },
    });
    const result = await run(def, {});
    expect(result.output).toStrictEqual({ count: 2, previous: 1, got: 42 });
    const exited = eventsOf(result, 'PassStateExited')[1];
    expect(exited?.stateExitedEventDetails?.assignedVariables).toStrictEqual({
      count: '2',
      previous: '1',
      got: '42',
    });
  });

  it('reads variables in InputPath and OutputPath', async () => {
    const def = pathMachine({
      A: { Type: 'Pass', Assign: { v: { deep: 'x' } }, Next: 'B' },
      B: { Type: 'Pass', InputPath: '$v', OutputPath: '$.deep', End: true },
    });
    expect((await run(def, {})).output).toBe('x');
  });

  it('uses the error output as $ in a catcher Assign', async () => {
    const def = pathMachine({
      P: {
        Type: 'Parallel',
        Branches: [{ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E', Cause: 'c' } } }],
        Catch: [
          { ErrorEquals: ['E'], Assign: { 'err.$': '$.Error' }, ResultPath: null, Next: 'D' },
        ],
        End: true,
      },
      D: { Type: 'Pass', Parameters: { 'err.$': '$err' }, End: true },
    });
    expect((await run(def, { a: 1 })).output).toStrictEqual({ err: 'E' });
  });
});

describe('mixed query languages', () => {
  it('runs JSONata states inside a JSONPath state machine, each with its own fields', async () => {
    const def = pathMachine({
      First: {
        Type: 'Pass',
        Parameters: { 'n.$': '$.n' },
        Assign: { 'seen.$': '$.n' },
        Next: 'Second',
      },
      Second: {
        Type: 'Pass',
        QueryLanguage: 'JSONata',
        Output: '{% {"doubled": $states.input.n * 2, "seen": $seen} %}',
        Next: 'Third',
      },
      Third: { Type: 'Pass', OutputPath: '$.doubled', End: true },
    });
    const result = await run(def, { n: 4 });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toBe(8);
  });

  it('runs a JSONPath state in a JSONPath machine next to JSONata states set per state', async () => {
    const def = {
      QueryLanguage: 'JSONPath',
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', QueryLanguage: 'JSONata', Output: { v: 1 }, Next: 'B' },
        B: { Type: 'Pass', QueryLanguage: 'JSONPath', ResultPath: '$.copy', End: true },
      },
    };
    expect((await run(def, {})).output).toStrictEqual({ v: 1, copy: { v: 1 } });
  });
});
