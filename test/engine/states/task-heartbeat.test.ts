/**
 * HeartbeatSeconds: a task that sends no heartbeat for HeartbeatSeconds fails; a heartbeat
 * (`ctx.sendHeartbeat()`, SendTaskHeartbeat on its token) restarts the window; TimeoutSeconds
 * still bounds the whole task.
 *
 * - "This action resets the Heartbeat clock ... if the task times out, the execution history
 *   contains ... a TaskTimedOut entry for tasks using the job run or callback pattern. The
 *   Timeout of a task ... is its maximum allowed duration, regardless of the number of
 *   SendTaskHeartbeat requests received."
 *   https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskHeartbeat.html
 * - "States.HeartbeatTimeout: A Task state failed to send a heartbeat for a period longer than the
 *   HeartbeatSeconds value. HeartbeatTimeout is available inside the Catch and Retry fields."
 *   "States.Timeout: Reported when a Task state runs longer than the TimeoutSeconds value or failed
 *   to send a heartbeat for a period longer than the HeartbeatSeconds value." "States.TaskFailed
 *   ... matches any known error name except for States.Timeout."
 *   https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 * - What AWS records for a heartbeat timeout: `TaskTimedOut` with `error: "States.Timeout"` and no
 *   cause, then `ExecutionFailed` with `error: "States.Timeout"` (LocalStack's AWS-validated
 *   snapshot tests/aws/services/stepfunctions/v2/timeouts/test_heartbeats.snapshot.json,
 *   test_heartbeat_timeout, recorded 2024-04-18, an `sqs:sendMessage.waitForTaskToken` task with
 *   HeartbeatSeconds 5).
 */
import { describe, expect, it, vi } from 'vitest';
import type { IntegrationContext } from '../../../engine/index.ts';
import { eventsOf, machine, run, startOfTest } from '../helpers.ts';
import { childArn, runNested, startExecution } from '../integrations/nested.ts';

const resource = 'arn:aws:states:::batch:submitJob.sync';

/** A handler that sleeps `beats` times `everyMs`, sending a heartbeat after each, then returns. */
function beating(beats: number, everyMs: number) {
  return async (_args: unknown, ctx: IntegrationContext) => {
    for (let i = 0; i < beats; i++) {
      await ctx.sleep(everyMs);
      ctx.sendHeartbeat();
    }
    return { beats };
  };
}

/** Works 30 s (well within TimeoutSeconds) without a heartbeat. */
const silent = async (_args: unknown, ctx: IntegrationContext) => {
  await ctx.sleep(30_000);
  return 'finished';
};

const task = (extra: Record<string, unknown> = {}) =>
  machine({
    Job: { Type: 'Task', Resource: resource, HeartbeatSeconds: 3, TimeoutSeconds: 60, ...extra },
    ...(extra.Catch ? { Caught: { Type: 'Pass', Output: '{% $states.input %}', End: true } } : {}),
  });

const offsets = (result: Awaited<ReturnType<typeof run>>, type: string) =>
  eventsOf(result, type).map((e) => (e.timestamp?.getTime() ?? 0) - startOfTest.getTime());

describe('Task state: HeartbeatSeconds', () => {
  it('fails a task whose handler sends no heartbeat within HeartbeatSeconds, as AWS records it', async () => {
    const result = await run(task({ End: true }), {}, { integrations: { [resource]: silent } });

    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.Timeout');
    expect(result).not.toHaveProperty('cause');
    expect(eventsOf(result, 'TaskTimedOut')[0]?.taskTimedOutEventDetails).toStrictEqual({
      resourceType: 'batch',
      resource: 'submitJob.sync',
      error: 'States.Timeout',
    });
    expect(offsets(result, 'TaskTimedOut')).toStrictEqual([3_000]);
    expect(eventsOf(result, 'TaskScheduled')[0]?.taskScheduledEventDetails).toMatchObject({
      heartbeatInSeconds: 3,
      timeoutInSeconds: 60,
    });
  });

  it('restarts the window on each ctx.sendHeartbeat()', async () => {
    const result = await run(
      task({ End: true }),
      {},
      { integrations: { [resource]: beating(5, 2_000) } },
    );

    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toStrictEqual({ beats: 5 });
    expect(offsets(result, 'TaskSucceeded')).toStrictEqual([10_000]);
  });

  it('still ends the task at TimeoutSeconds, whatever the heartbeats, with a plain timeout', async () => {
    const result = await run(
      task({
        TimeoutSeconds: 7,
        Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], Next: 'Caught' }],
        End: true,
      }),
      {},
      { integrations: { [resource]: beating(100, 2_000) } },
    );

    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.Timeout');
    expect(offsets(result, 'TaskTimedOut')).toStrictEqual([7_000]);
  });

  it.each([
    ['States.HeartbeatTimeout', true],
    ['States.Timeout', true],
    ['States.ALL', true],
    ['States.TaskFailed', false],
  ])('lets ErrorEquals %s catch a heartbeat timeout: %s', async (name, caught) => {
    const result = await run(
      task({ Catch: [{ ErrorEquals: [name], Next: 'Caught' }], End: true }),
      {},
      { integrations: { [resource]: silent } },
    );

    expect(result.status).toBe(caught ? 'SUCCEEDED' : 'FAILED');
    if (caught) expect(result.output).toStrictEqual({ Error: 'States.Timeout' });
  });

  it('retries a heartbeat timeout matched by States.HeartbeatTimeout, from its timeout instant', async () => {
    let calls = 0;
    const result = await run(
      task({
        Retry: [{ ErrorEquals: ['States.HeartbeatTimeout'], IntervalSeconds: 2, MaxAttempts: 1 }],
        End: true,
      }),
      {},
      {
        integrations: {
          [resource]: (args, ctx) =>
            ++calls === 1 ? silent(args, ctx) : beating(1, 1_000)(args, ctx),
        },
      },
    );

    expect(result.status).toBe('SUCCEEDED');
    expect(offsets(result, 'TaskScheduled')).toStrictEqual([0, 5_000]);
  });

  it('does not enforce HeartbeatSeconds on a task that can send no heartbeat (a request-response Lambda)', async () => {
    const def = machine({
      Fn: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { FunctionName: 'slow' },
        HeartbeatSeconds: 1,
        End: true,
      },
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const slow = () => new Promise((resolve) => setTimeout(() => resolve('ok'), 2_000));
      const pending = run(def, {}, { lambdaHandlers: { slow } });
      await vi.advanceTimersByTimeAsync(2_000);
      const result = await pending;

      expect(result.status).toBe('SUCCEEDED');
    } finally {
      vi.useRealTimers();
    }
  });

  it('fails a .waitForTaskToken task nobody answers with the history AWS recorded', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const sqs = 'arn:aws:states:::sqs:sendMessage.waitForTaskToken';
      const def = machine({
        SendMessageWithWait: {
          Type: 'Task',
          Resource: sqs,
          Arguments: {
            QueueUrl: 'q',
            MessageBody: { TaskToken: '{% $states.context.Task.Token %}' },
          },
          HeartbeatSeconds: 5,
          TimeoutSeconds: 600,
          End: true,
        },
      });
      const pending = run(
        def,
        {},
        {
          integrations: {
            // SQS accepts the message; the worker never answers.
            [sqs]: (_args, ctx) => {
              ctx.submitted?.({ MessageId: 'm-1' });
              return new Promise(() => undefined);
            },
          },
        },
      );
      await vi.advanceTimersByTimeAsync(5_000);
      const result = await pending;

      expect(result.events.map((e) => e.type)).toStrictEqual([
        'ExecutionStarted',
        'TaskStateEntered',
        'TaskScheduled',
        'TaskStarted',
        'TaskSubmitted',
        'TaskTimedOut',
        'ExecutionFailed',
      ]);
      expect(eventsOf(result, 'TaskTimedOut')[0]?.taskTimedOutEventDetails).toStrictEqual({
        resourceType: 'sqs',
        resource: 'sendMessage.waitForTaskToken',
        error: 'States.Timeout',
      });
      expect(eventsOf(result, 'ExecutionFailed')[0]?.executionFailedEventDetails).toStrictEqual({
        error: 'States.Timeout',
      });
      expect(offsets(result, 'TaskTimedOut')).toStrictEqual([5_000]);
    } finally {
      vi.useRealTimers();
    }
  });

  describe('a .waitForTaskToken task', () => {
    const callback = 'arn:aws:states:::aws-sdk:sfn';
    const parent = machine({
      Start: {
        Type: 'Task',
        Resource: `${startExecution}.waitForTaskToken`,
        Arguments: {
          StateMachineArn: childArn,
          Input: { token: '{% $states.context.Task.Token %}' },
          Name: 'child-1',
        },
        HeartbeatSeconds: 3,
        TimeoutSeconds: 60,
        End: true,
      },
    });
    /** A child that waits `waits` times 2 s, sending its parent a heartbeat after each if `beat`. */
    const child = (waits: number, beat: boolean) => {
      const states: Record<string, unknown> = {};
      for (let i = 0; i < waits; i++) {
        states[`Wait${i}`] = { Type: 'Wait', Seconds: 2, Next: beat ? `Beat${i}` : `Wait${i + 1}` };
        if (beat) {
          states[`Beat${i}`] = {
            Type: 'Task',
            Resource: `${callback}:sendTaskHeartbeat`,
            Arguments: { TaskToken: '{% $states.input.token %}' },
            Output: '{% $states.input %}',
            Next: `Wait${i + 1}`,
          };
        }
      }
      states[`Wait${waits}`] = {
        Type: 'Task',
        Resource: `${callback}:sendTaskSuccess`,
        Arguments: { TaskToken: '{% $states.input.token %}', Output: { answered: true } },
        End: true,
      };
      return machine(states);
    };

    it('stays alive while the child sends SendTaskHeartbeat within HeartbeatSeconds', async () => {
      const result = await runNested(parent, child(4, true), {});

      expect(result.status).toBe('SUCCEEDED');
      expect(result.output).toStrictEqual({ answered: true });
    });

    it('times out HeartbeatSeconds after its start when no heartbeat comes', async () => {
      const result = await runNested(parent, child(4, false), {});

      expect(result.error).toBe('States.Timeout');
      expect(eventsOf(result, 'TaskTimedOut')).toHaveLength(1);
      // Times out at 3 s; recorded at the end of the child's Wait that carried the shared clock
      // past it (a known difference, docs/engine.md).
      expect(offsets(result, 'TaskTimedOut')).toStrictEqual([4_000]);
      expect(result.childExecutions?.[0]?.status).toBe('FAILED');
    });
  });
});
