import { describe, expect, it } from 'vitest';
import { eventsOf, lambdaInvoke, machine, run, types } from '../helpers.ts';

const passMap = (extra: Record<string, unknown> = {}) =>
  machine({
    M: {
      Type: 'Map',
      ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      ...extra,
      End: true,
    },
  });

describe('Map state (inline)', () => {
  it('iterates the state input when it has no Items', async () => {
    const result = await run(passMap({ MaxConcurrency: 1 }), [1, 'two']);
    expect(result.output).toStrictEqual([1, 'two']);
    expect(types(result)).toStrictEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapIterationStarted',
      'PassStateEntered',
      'PassStateExited',
      'MapIterationSucceeded',
      'MapIterationStarted',
      'PassStateEntered',
      'PassStateExited',
      'MapIterationSucceeded',
      'MapStateSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('records the item count and iteration indexes', async () => {
    const result = await run(passMap(), [1, 2]);
    expect(eventsOf(result, 'MapStateStarted')[0]?.mapStateStartedEventDetails).toStrictEqual({
      length: 2,
    });
    expect(
      eventsOf(result, 'MapIterationSucceeded').map((e) => e.mapIterationSucceededEventDetails),
    ).toStrictEqual([
      { name: 'M', index: 0 },
      { name: 'M', index: 1 },
    ]);
  });

  it('evaluates Items and ItemSelector with the item’s index and value', async () => {
    const def = passMap({
      Items: '{% $states.input.list %}',
      ItemSelector: {
        i: '{% $states.context.Map.Item.Index %}',
        v: '{% $states.context.Map.Item.Value %}',
        all: '{% $count($states.input.list) %}',
      },
    });
    const result = await run(def, { list: ['a', 'b'] });
    expect(result.output).toStrictEqual([
      { i: 0, v: 'a', all: 2 },
      { i: 1, v: 'b', all: 2 },
    ]);
  });

  it('fails with States.QueryEvaluationError in AWS’s words when Items is not an array', async () => {
    const result = await run(passMap({ Items: '{% $states.input.list %}' }), { list: { a: 1 } });
    expect(result.error).toBe('States.QueryEvaluationError');
    expect(result.cause).toBe(
      "An error occurred while executing the state 'M' (entered at the event id #2). The JSONata expression '$states.input.list' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'object' for value: {\"a\":1}",
    );
    expect(types(result)).toStrictEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'EvaluationFailed',
      'MapStateFailed',
      'ExecutionFailed',
    ]);
  });

  it.each([
    ['null', null, 'null'],
    ['boolean', false, 'false'],
    ['number', 2.5, '2.5'],
    ['string', 'a,b', '"a,b"'],
  ])('names the type when Items evaluates to a %s', async (type, value, json) => {
    const result = await run(passMap({ Items: '{% $states.input.list %}' }), { list: value });
    expect(result.error).toBe('States.QueryEvaluationError');
    expect(result.cause).toBe(
      `An error occurred while executing the state 'M' (entered at the event id #2). The JSONata expression '$states.input.list' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${type}' for value: ${json}`,
    );
  });

  it('fails with States.QueryEvaluationError when it has no Items and its input is not an array', async () => {
    const def = machine({
      Prepare: { Type: 'Pass', Output: '{% $states.input.rows %}', Next: 'M' },
      M: {
        Type: 'Map',
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        End: true,
      },
    });
    const result = await run(def, { rows: { first: 1 } });
    expect(result.error).toBe('States.QueryEvaluationError');
    expect(result.cause).toBe(
      'An error occurred while executing the state \'M\' (entered at the event id #4). Map state input must be an array but was: {"first":1}',
    );
    expect(types(result)).toStrictEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'MapStateEntered',
      'EvaluationFailed',
      'MapStateFailed',
      'ExecutionFailed',
    ]);
  });

  it('reads workflow variables in Items and ItemSelector', async () => {
    const def = machine({
      Set: { Type: 'Pass', Assign: { names: ['x', 'y'], prefix: 'item-' }, Next: 'M' },
      M: {
        Type: 'Map',
        Items: '{% $names %}',
        ItemSelector: {
          id: '{% $prefix & $states.context.Map.Item.Value %}',
          of: '{% $count($names) %}',
          kind: 'literal',
        },
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        End: true,
      },
    });
    expect((await run(def)).output).toStrictEqual([
      { id: 'item-x', of: 2, kind: 'literal' },
      { id: 'item-y', of: 2, kind: 'literal' },
    ]);
  });

  it('evaluates the expressions inside a literal Items array', async () => {
    const def = passMap({ Items: ['{% $states.input.first %}', 'two', [3]], MaxConcurrency: 1 });
    expect((await run(def, { first: { one: 1 } })).output).toStrictEqual([{ one: 1 }, 'two', [3]]);
  });

  it('accepts ToleratedFailureCount and MaxConcurrency expressions on an inline Map', async () => {
    // AWS evaluates ToleratedFailure* on an INLINE Map and otherwise ignores them (docs/engine.md).
    const def = passMap({
      Items: ['a', 'b'],
      MaxConcurrency: '{% $states.input.cap %}',
      ToleratedFailureCount: '{% $states.input.tolerated %}',
    });
    const result = await run(def, { cap: 1, tolerated: 3 });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toStrictEqual(['a', 'b']);
  });

  it('runs at most 40 iterations at once even when MaxConcurrency allows more', async () => {
    let running = 0;
    let peak = 0;
    const def = machine({
      M: {
        Type: 'Map',
        MaxConcurrency: 100,
        ItemProcessor: {
          StartAt: 'T',
          States: { T: { Type: 'Task', Resource: 'arn:aws:states:::work', End: true } },
        },
        End: true,
      },
    });
    await run(
      def,
      Array.from({ length: 100 }, (_, i) => i),
      {
        integrations: {
          'arn:aws:states:::work': async (args, ctx) => {
            running++;
            peak = Math.max(peak, running);
            await ctx.sleep(1000);
            running--;
            return args;
          },
        },
      },
    );
    expect(peak).toBe(40);
  });

  it('honours a MaxConcurrency below 40', async () => {
    let running = 0;
    let peak = 0;
    const def = machine({
      M: {
        Type: 'Map',
        MaxConcurrency: '{% $states.input.cap %}',
        Items: '{% $states.input.items %}',
        ItemProcessor: {
          StartAt: 'T',
          States: { T: { Type: 'Task', Resource: 'arn:aws:states:::work', End: true } },
        },
        End: true,
      },
    });
    await run(
      def,
      { cap: 3, items: [1, 2, 3, 4, 5, 6, 7] },
      {
        integrations: {
          'arn:aws:states:::work': async (args, ctx) => {
            running++;
            peak = Math.max(peak, running);
            await ctx.sleep(10);
            running--;
            return args;
          },
        },
      },
    );
    expect(peak).toBe(3);
  });

  it('fails with the iteration’s error, aborting running iterations and starting no more', async () => {
    const started: number[] = [];
    const def = machine({
      M: {
        Type: 'Map',
        MaxConcurrency: 2,
        ItemProcessor: {
          StartAt: 'T',
          States: {
            T: {
              Type: 'Task',
              Resource: lambdaInvoke,
              Arguments: { FunctionName: 'f', Payload: '{% $states.input %}' },
              End: true,
            },
          },
        },
        End: true,
      },
    });
    const result = await run(def, [0, 1, 2, 3], {
      lambdaHandlers: {
        f: async (n) => {
          started.push(n as number);
          if (n === 0) throw Object.assign(new Error('item 0'), { name: 'ItemBroke' });
          return new Promise(() => undefined);
        },
      },
    });
    expect(result.error).toBe('ItemBroke');
    expect(started).toStrictEqual([0, 1]);
    expect(types(result).slice(-5)).toStrictEqual([
      'MapIterationFailed',
      'TaskStateAborted',
      'MapIterationAborted',
      'MapStateFailed',
      'ExecutionFailed',
    ]);
  });

  it('gives each iteration its own variables, readable from the outer scope', async () => {
    const def = machine({
      Set: { Type: 'Pass', Assign: { factor: 10 }, Next: 'M' },
      M: {
        Type: 'Map',
        ItemProcessor: {
          StartAt: 'A',
          States: {
            A: { Type: 'Pass', Assign: { mine: '{% $states.input * $factor %}' }, Next: 'B' },
            B: { Type: 'Pass', Output: '{% $mine %}', End: true },
          },
        },
        Items: [1, 2, 3],
        End: true,
      },
    });
    expect((await run(def)).output).toStrictEqual([10, 20, 30]);
  });
});

describe('Map state limits', () => {
  it('fails with States.DataLimitExceeded when the iterations’ results are over 256 KiB together', async () => {
    const def = machine({
      M: {
        Type: 'Map',
        ItemProcessor: {
          StartAt: 'P',
          States: { P: { Type: 'Pass', Output: "{% $pad('', 10000, 'x') %}", End: true } },
        },
        Output: '{% $count($states.result) %}',
        End: true,
      },
    });
    const result = await run(
      def,
      Array.from({ length: 30 }, (_, i) => i),
    );
    expect(result.error).toBe('States.DataLimitExceeded');
    // Real AWS histories quote the Map's or Parallel's own name: "The state/task 'Generate
    // Answers Map' returned a result with a size exceeding the maximum number of bytes service
    // limit."
    expect(result.cause).toBe(
      "The state/task 'M' returned a result with a size exceeding the maximum number of bytes service limit.",
    );
  });
});
