import { describe, expect, it } from 'vitest';
import { type RetrierModel, retryDelayMs } from '../../engine/index.ts';
import { eventsOf, lambdaInvoke, machine, run, startOfTest, types } from './helpers.ts';

const retrier = (over: Partial<RetrierModel>): RetrierModel => ({
  errorEquals: ['States.ALL'],
  intervalSeconds: 1,
  maxAttempts: 3,
  backoffRate: 2,
  maxDelaySeconds: undefined,
  jitter: 'NONE',
  ...over,
});

/** A handler that fails `failures` times with `name`, then returns 'ok'. */
function flaky(failures: number, name = 'ProviderThrottledError') {
  let calls = 0;
  return async () => {
    calls++;
    if (calls <= failures) {
      const error = new Error(`attempt ${calls} throttled`);
      error.name = name;
      throw error;
    }
    return 'ok';
  };
}

const withRetry = (retry: unknown[], catchers: unknown[] = []) =>
  machine({
    ...taskState(retry, catchers),
    ...(catchers.length
      ? {
          Caught: {
            Type: 'Pass',
            Output: { caught: '{% $states.input %}', note: '{% $note %}' },
            End: true,
          },
        }
      : {}),
  });

const taskState = (retry: unknown[], catchers: unknown[]) => ({
  T: {
    Type: 'Task',
    Resource: lambdaInvoke,
    Arguments: {
      FunctionName: 'fn',
      Payload: { retries: '{% $states.context.State.RetryCount %}' },
    },
    Output: '{% $states.result.Payload %}',
    Retry: retry,
    ...(catchers.length ? { Catch: catchers } : {}),
    End: true,
  },
});

describe('retry delays', () => {
  it('grows by BackoffRate from IntervalSeconds', () => {
    const r = retrier({ intervalSeconds: 2, backoffRate: 3 });
    expect([0, 1, 2].map((n) => retryDelayMs(r, n, () => 0.5))).toStrictEqual([2000, 6000, 18000]);
  });

  it('is capped by MaxDelaySeconds', () => {
    const r = retrier({ intervalSeconds: 10, backoffRate: 10, maxDelaySeconds: 60 });
    expect(retryDelayMs(r, 3, () => 0.5)).toBe(60_000);
  });

  it('draws a FULL jitter delay uniformly between 0 and the capped delay from the random source', () => {
    const r = retrier({ intervalSeconds: 10, backoffRate: 2, maxDelaySeconds: 15, jitter: 'FULL' });
    expect(retryDelayMs(r, 1, () => 0.25)).toBe(3750);
  });
});

describe('Retry', () => {
  it('retries until the task succeeds, counting RetryCount in the context', async () => {
    const handler = flaky(2);
    const received: unknown[] = [];
    const result = await run(
      withRetry([{ ErrorEquals: ['ProviderThrottledError'], MaxAttempts: 3 }]),
      {},
      {
        lambdaHandlers: {
          fn: async (event) => {
            received.push(event);
            return handler();
          },
        },
      },
    );
    expect(result.output).toBe('ok');
    expect(received).toStrictEqual([{ retries: 0 }, { retries: 1 }, { retries: 2 }]);
    expect(eventsOf(result, 'TaskFailed')).toHaveLength(2);
    expect(eventsOf(result, 'TaskStateEntered')).toHaveLength(1);
  });

  it('spaces attempts by the backoff on the engine clock', async () => {
    const result = await run(
      withRetry([
        { ErrorEquals: ['States.ALL'], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 2 },
      ]),
      {},
      {
        lambdaHandlers: { fn: flaky(2) },
      },
    );
    const scheduled = eventsOf(result, 'TaskScheduled').map((e) => e.timestamp?.toISOString());
    expect(scheduled).toStrictEqual([
      '2024-05-01T10:00:00.000Z',
      '2024-05-01T10:00:02.000Z',
      '2024-05-01T10:00:08.000Z',
    ]);
  });

  // A retry waits IntervalSeconds "after the error occurs"
  // (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error),
  // and a task times out TimeoutSeconds after it started
  // (https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html): the attempt ends at
  // its timeout instant, whatever real time the handler spent before it was cut.
  it('schedules the retry of a timed-out attempt from its timeout instant, exactly', async () => {
    const def = machine({
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::slow',
        TimeoutSeconds: 5,
        Retry: [{ ErrorEquals: ['States.Timeout'], IntervalSeconds: 2, MaxAttempts: 1 }],
        End: true,
      },
    });
    const result = await run(
      def,
      {},
      {
        integrations: {
          'arn:aws:states:::slow': async (_args, ctx) => {
            // Real time spent in the handler (a millisecond or two) before it sleeps past its deadline.
            const until = performance.now() + 2;
            while (performance.now() < until) {
              // busy: real time passes, workflow time does not jump
            }
            await ctx.sleep(60_000);
            return 'finished';
          },
        },
      },
    );
    expect(result.error).toBe('States.Timeout');
    const at = (type: string) =>
      eventsOf(result, type).map((e) => (e.timestamp?.getTime() ?? 0) - startOfTest.getTime());
    expect(at('TaskScheduled')).toStrictEqual([0, 7_000]);
    expect(at('TaskTimedOut')).toStrictEqual([5_000, 12_000]);
  });

  it('bills every retry as a state transition', async () => {
    const result = await run(
      withRetry([{ ErrorEquals: ['States.ALL'], MaxAttempts: 3 }]),
      {},
      { lambdaHandlers: { fn: flaky(2) } },
    );
    expect(result.billableTransitions).toBe(3);
  });

  it('gives up after MaxAttempts and fails with the last error', async () => {
    const result = await run(
      withRetry([{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }]),
      {},
      { lambdaHandlers: { fn: flaky(5) } },
    );
    expect(result.error).toBe('ProviderThrottledError');
    expect(JSON.parse(result.cause as string).errorMessage).toBe('attempt 3 throttled');
  });

  it('does not retry an error its first matching retrier has no attempts for, even if a later one would', async () => {
    const retry = [
      { ErrorEquals: ['UnknownTickerError'], MaxAttempts: 0 },
      { ErrorEquals: ['States.ALL'], MaxAttempts: 3 },
    ];
    const result = await run(
      withRetry(retry),
      {},
      { lambdaHandlers: { fn: flaky(1, 'UnknownTickerError') } },
    );
    expect(result.error).toBe('UnknownTickerError');
    expect(eventsOf(result, 'TaskScheduled')).toHaveLength(1);
  });

  it('matches States.TaskFailed to every error but States.Timeout', async () => {
    const result = await run(
      withRetry([{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 1 }]),
      {},
      {
        lambdaHandlers: { fn: flaky(1, 'AnythingError') },
      },
    );
    expect(result.output).toBe('ok');
  });
});

describe('Catch', () => {
  it('runs the catcher’s Next with the error output, after its Output and Assign', async () => {
    const catchers = [
      {
        ErrorEquals: ['UnknownTickerError'],
        Next: 'Caught',
        Output: { Error: '{% $states.errorOutput.Error %}' },
        Assign: { note: 'handled' },
      },
    ];
    const result = await run(
      withRetry([], catchers),
      {},
      { lambdaHandlers: { fn: flaky(1, 'UnknownTickerError') } },
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toStrictEqual({
      caught: { Error: 'UnknownTickerError' },
      note: 'handled',
    });
    expect(types(result)).toStrictEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('passes { Error, Cause } on when the catcher has no Output', async () => {
    const catchers = [{ ErrorEquals: ['States.ALL'], Next: 'Caught', Assign: { note: 'n' } }];
    const result = await run(withRetry([], catchers), {}, { lambdaHandlers: { fn: flaky(1) } });
    const caught = (result.output as { caught: Record<string, unknown> }).caught;
    expect(Object.keys(caught)).toStrictEqual(['Error', 'Cause']);
    expect(caught.Error).toBe('ProviderThrottledError');
  });

  it('catches only after the retries are spent', async () => {
    const catchers = [{ ErrorEquals: ['States.ALL'], Next: 'Caught', Assign: { note: 'n' } }];
    const result = await run(
      withRetry([{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }], catchers),
      {},
      { lambdaHandlers: { fn: flaky(9) } },
    );
    expect(eventsOf(result, 'TaskFailed')).toHaveLength(3);
    expect(result.output).toMatchObject({ note: 'n' });
  });

  it('never catches States.Runtime, not even with States.ALL', async () => {
    const catchers = [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }];
    const result = await run(withRetry([], catchers));
    expect(result.error).toBe('States.Runtime');
  });

  it('catches States.QueryEvaluationError raised by the state’s own Arguments', async () => {
    const def = machine({
      T: {
        Type: 'Task',
        Resource: lambdaInvoke,
        Arguments: { FunctionName: 'fn', Payload: '{% $states.input.absent %}' },
        Catch: [{ ErrorEquals: ['States.QueryEvaluationError'], Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    });
    const result = await run(def, {}, { lambdaHandlers: { fn: async () => 'never' } });
    expect(result.status).toBe('SUCCEEDED');
    expect(types(result)).toStrictEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'EvaluationFailed',
      'TaskStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect((result.output as { Cause: string }).Cause).toContain(
      "for the field 'Arguments/Payload' returned nothing",
    );
  });
});
