import { describe, expect, it } from 'vitest';
import { eventsOf, lambdaInvoke, machine, run, types } from '../helpers.ts';

const distributed = (
  processor: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  executionType = 'STANDARD',
) =>
  machine({
    M: {
      Type: 'Map',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: executionType },
        ...processor,
      },
      ...extra,
      End: true,
    },
  });

const passThrough = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
const failOdd = {
  StartAt: 'T',
  States: {
    T: {
      Type: 'Task',
      Resource: lambdaInvoke,
      Arguments: { FunctionName: 'odd', Payload: '{% $states.input %}' },
      Output: '{% $states.result.Payload %}',
      End: true,
    },
  },
};
const oddFails = {
  odd: async (n: unknown) => {
    if ((n as number) % 2 === 1) throw Object.assign(new Error(`odd ${n}`), { name: 'OddError' });
    return n;
  },
};

describe('Map state (distributed)', () => {
  it('runs each item as a child execution and records only the Map Run in the parent history', async () => {
    const result = await run(distributed(passThrough), [1, 2, 3]);
    expect(result.output).toStrictEqual([1, 2, 3]);
    expect(types(result)).toStrictEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapRunStarted',
      'MapRunSucceeded',
      'MapStateSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
    expect(eventsOf(result, 'MapRunStarted')[0]?.mapRunStartedEventDetails?.mapRunArn).toMatch(
      /^arn:aws:states:us-east-1:123456789012:mapRun:local-state-machine\/M:[0-9a-f-]{36}$/,
    );
  });

  it("keeps no child history unless keepMapRunChildren asks; then each child's events, status and index", async () => {
    const plain = await run(distributed(failOdd, { ToleratedFailureCount: 5 }), [2, 3], {
      lambdaHandlers: oddFails,
    });
    expect(plain.mapRunChildren).toBeUndefined();
    const kept = await run(distributed(failOdd, { ToleratedFailureCount: 5 }), [2, 3], {
      lambdaHandlers: oddFails,
      keepMapRunChildren: true,
    });
    const children = [...(kept.mapRunChildren ?? [])].sort((a, b) => a.index - b.index);
    const mapRunArn = eventsOf(kept, 'MapRunStarted')[0]?.mapRunStartedEventDetails?.mapRunArn;
    expect(
      children.map((c) => [c.index, c.status, c.error, c.mapState, c.mapRunArn]),
    ).toStrictEqual([
      [0, 'SUCCEEDED', undefined, 'M', mapRunArn],
      [1, 'FAILED', 'OddError', 'M', mapRunArn],
    ]);
    expect(children[0]?.parentExecutionArn).toBe(kept.executionArn);
    expect(children[0]?.executionArn).toMatch(/:execution:local-state-machine\/M:[0-9a-f-]{36}$/);
    expect(children[1]?.events.map((e) => e.type)).toStrictEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'ExecutionFailed',
    ]);
    expect(children[1]?.events[1]?.stateEnteredEventDetails?.input).toBe('3');
    // The parent's own history is unchanged.
    expect(types(kept)).toStrictEqual(types(plain));
  });

  it('bills the Map state, one transition per child started and the states of STANDARD children', async () => {
    const twoStates = {
      StartAt: 'A',
      States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } },
    };
    expect((await run(distributed(twoStates), [1, 2, 3])).billableTransitions).toBe(1 + 3 + 3 * 2);
  });

  it('does not bill the states of EXPRESS children (Express bills requests and duration)', async () => {
    expect(
      (await run(distributed(passThrough, {}, 'EXPRESS'), [1, 2, 3])).billableTransitions,
    ).toBe(1 + 3);
  });

  it('does not let children read the parent’s variables', async () => {
    const def = machine({
      Set: { Type: 'Pass', Assign: { secret: 1 }, Next: 'M' },
      M: {
        Type: 'Map',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'P',
          States: { P: { Type: 'Pass', Output: '{% $secret %}', End: true } },
        },
        End: true,
      },
    });
    const result = await run(def, [1]);
    expect(result.error).toBe('States.ExceedToleratedFailureThreshold');
  });

  it('fails on the first child failure when no threshold is set', async () => {
    const result = await run(distributed(failOdd, { MaxConcurrency: 1 }), [0, 1, 2], {
      lambdaHandlers: oddFails,
    });
    expect(result).toMatchObject({
      status: 'FAILED',
      error: 'States.ExceedToleratedFailureThreshold',
      cause: 'The specified tolerated failure threshold was exceeded',
    });
    expect(types(result).slice(-4)).toStrictEqual([
      'MapRunStarted',
      'MapRunFailed',
      'MapStateFailed',
      'ExecutionFailed',
    ]);
  });

  it('tolerates failures up to ToleratedFailureCount and reports failed children as records', async () => {
    const result = await run(distributed(failOdd, { ToleratedFailureCount: 1 }), [0, 1, 2], {
      lambdaHandlers: oddFails,
    });
    expect(result.status).toBe('SUCCEEDED');
    const [first, failed, third] = result.output as unknown[];
    expect([first, third]).toStrictEqual([0, 2]);
    expect(failed).toMatchObject({ Status: 'FAILED', Error: 'OddError', Input: '1' });
  });

  it('fails once failures exceed ToleratedFailurePercentage', async () => {
    const result = await run(
      distributed(failOdd, { ToleratedFailurePercentage: 30 }),
      [0, 1, 2, 3],
      { lambdaHandlers: oddFails },
    );
    expect(result.error).toBe('States.ExceedToleratedFailureThreshold');
  });

  it('succeeds when failures stay within ToleratedFailurePercentage', async () => {
    const result = await run(
      distributed(failOdd, { ToleratedFailurePercentage: 50 }),
      [0, 1, 2, 3],
      { lambdaHandlers: oddFails },
    );
    expect(result.status).toBe('SUCCEEDED');
  });

  it('gives children batches of items with BatchInput', async () => {
    const def = distributed(passThrough, {
      ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { run: '{% $states.input.run %}' } },
      Items: '{% $states.input.items %}',
    });
    const result = await run(def, { run: 'r1', items: [1, 2, 3, 4, 5] });
    expect(result.output).toStrictEqual([
      { Items: [1, 2], BatchInput: { run: 'r1' } },
      { Items: [3, 4], BatchInput: { run: 'r1' } },
      { Items: [5], BatchInput: { run: 'r1' } },
    ]);
  });

  it('closes a batch before it would pass MaxInputBytesPerBatch', async () => {
    const def = distributed(passThrough, { ItemBatcher: { MaxInputBytesPerBatch: 30 } });
    const result = await run(def, ['aaaa', 'bbbb', 'cccc', 'dddd']);
    // {"Items":["aaaa","bbbb"]} is 25 bytes; a third item would make it 32.
    expect(result.output).toStrictEqual([{ Items: ['aaaa', 'bbbb'] }, { Items: ['cccc', 'dddd'] }]);
  });

  it('evaluates ItemSelector per item with the Map.Item context', async () => {
    const def = distributed(passThrough, {
      ItemSelector: {
        i: '{% $states.context.Map.Item.Index %}',
        v: '{% $states.context.Map.Item.Value %}',
      },
    });
    expect((await run(def, ['x', 'y'])).output).toStrictEqual([
      { i: 0, v: 'x' },
      { i: 1, v: 'y' },
    ]);
  });

  it('flattens array outputs with ResultWriter WriterConfig FLATTEN', async () => {
    const def = distributed(passThrough, {
      ResultWriter: { WriterConfig: { Transformation: 'FLATTEN', OutputType: 'JSON' } },
    });
    expect((await run(def, [[1, 2], [3]])).output).toStrictEqual([1, 2, 3]);
  });

  it('returns execution records with ResultWriter WriterConfig NONE', async () => {
    const def = distributed(passThrough, {
      ResultWriter: { WriterConfig: { Transformation: 'NONE', OutputType: 'JSON' } },
    });
    const [record] = (await run(def, [{ a: 1 }])).output as Record<string, unknown>[];
    expect(record).toMatchObject({
      Input: '{"a":1}',
      InputDetails: { Included: true },
      Output: '{"a":1}',
      OutputDetails: { Included: true },
      Status: 'SUCCEEDED',
      StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:local-state-machine/M',
    });
    expect(record?.ExecutionArn).toMatch(
      /^arn:aws:states:us-east-1:123456789012:execution:local-state-machine\/M:/,
    );
  });

  it('fails with States.QueryEvaluationError when ToleratedFailureCount evaluates negative', async () => {
    const result = await run(distributed(passThrough, { ToleratedFailureCount: '{% -1 %}' }), [1]);
    expect(result.error).toBe('States.QueryEvaluationError');
    expect(result.cause).toContain("'ToleratedFailureCount' returned -1, which is out of range");
  });
});
