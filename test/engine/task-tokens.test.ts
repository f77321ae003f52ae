/**
 * SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat from outside a task's handler, through the
 * `TaskTokens` passed as `RunOptions.taskTokens`, with the API's answers.
 *
 * - The callback pattern: the task pauses until SendTaskSuccess or SendTaskFailure comes back with
 *   its token. https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token
 * - Errors and limits of the API: InvalidToken ("The provided token is not valid"),
 *   TaskDoesNotExist, TaskTimedOut ("The task token has either expired or the task associated with
 *   the token has already been closed"), InvalidOutput; `output` "Length Constraints: Maximum
 *   length of 262144 ... expressed as bytes in UTF-8 encoding", `taskToken` 1 to 2048, `error` at
 *   most 256, `cause` at most 32768.
 *   https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskSuccess.html
 *   https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskFailure.html
 *   https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskHeartbeat.html
 */
import { describe, expect, it } from 'vitest';
import { SfnApiError, TaskTokens } from '../../engine/index.ts';
import { eventsOf, lambdaInvoke, machine, run, startOfTest } from './helpers.ts';

const sqsWait = 'arn:aws:states:::sqs:sendMessage.waitForTaskToken';

/** A task that sends its token with an SQS message and waits for the callback. */
const waiting = (extra: Record<string, unknown> = {}) =>
  machine({
    Send: {
      Type: 'Task',
      Resource: sqsWait,
      Arguments: { QueueUrl: 'q', MessageBody: { token: '{% $states.context.Task.Token %}' } },
      ...extra,
      End: true,
    },
  });

/** The API error a call throws: its code and message. */
function apiError(send: () => void): { code: string; message: string } {
  try {
    send();
  } catch (error) {
    if (error instanceof SfnApiError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('no error thrown');
}

describe('TaskTokens: callbacks from outside the handler', () => {
  it('completes a .waitForTaskToken task with the SendTaskSuccess output sent while its service call is pending', async () => {
    const tokens = new TaskTokens({
      onWaiting: (task) => tokens.sendTaskSuccess(task.taskToken, '{"processed":3}'),
    });
    let signal: AbortSignal | undefined;

    const result = await run(
      waiting(),
      {},
      {
        taskTokens: tokens,
        integrations: {
          // SQS accepted the message; the worker that got it answers through the API.
          [sqsWait]: (_args, ctx) => {
            signal = ctx.signal;
            return new Promise(() => undefined);
          },
        },
      },
    );

    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toStrictEqual({ processed: 3 });
    expect(eventsOf(result, 'TaskSucceeded')[0]?.taskSucceededEventDetails?.output).toBe(
      '{"processed":3}',
    );
    expect(signal?.aborted).toBe(true);
    expect(tokens.waiting()).toStrictEqual([]);
  });

  it('fails the task with the error and cause SendTaskFailure sends', async () => {
    const tokens = new TaskTokens({
      onWaiting: (task) =>
        tokens.sendTaskFailure(task.taskToken, { error: 'Worker.Refused', cause: 'no stock' }),
    });

    const result = await run(
      waiting(),
      {},
      { taskTokens: tokens, integrations: { [sqsWait]: () => new Promise(() => undefined) } },
    );

    expect(result.error).toBe('Worker.Refused');
    expect(result.cause).toBe('no stock');
    expect(eventsOf(result, 'TaskFailed')[0]?.taskFailedEventDetails).toMatchObject({
      error: 'Worker.Refused',
      cause: 'no stock',
    });
  });

  it('lets a Lambda handler answer its lambda:invoke.waitForTaskToken task with the token in its payload', async () => {
    const tokens = new TaskTokens();
    const def = machine({
      Invoke: {
        Type: 'Task',
        Resource: `${lambdaInvoke}.waitForTaskToken`,
        Arguments: {
          FunctionName: 'worker',
          Payload: { token: '{% $states.context.Task.Token %}' },
        },
        End: true,
      },
    });

    const result = await run(
      def,
      {},
      {
        taskTokens: tokens,
        lambdaHandlers: {
          worker: (event) => {
            const { token } = event as { token: string };
            tokens.sendTaskHeartbeat(token);
            tokens.sendTaskSuccess(token, { fromLambda: true });
            return new Promise(() => undefined);
          },
        },
      },
    );

    expect(result.output).toStrictEqual({ fromLambda: true });
  });

  it('keeps a task alive past HeartbeatSeconds with SendTaskHeartbeat from outside, until TimeoutSeconds', async () => {
    const tokens = new TaskTokens();
    const def = waiting({ HeartbeatSeconds: 3, TimeoutSeconds: 9 });

    const result = await run(
      def,
      {},
      {
        taskTokens: tokens,
        integrations: {
          [sqsWait]: async (_args, ctx) => {
            const token = ctx.taskToken as string;
            for (;;) {
              await ctx.sleep(2_000);
              tokens.sendTaskHeartbeat(token);
            }
          },
        },
      },
    );

    expect(result.error).toBe('States.Timeout');
    const timedOut = eventsOf(result, 'TaskTimedOut')[0];
    expect((timedOut?.timestamp?.getTime() ?? 0) - startOfTest.getTime()).toBe(9_000);
  });

  it('answers a token whose task ended with TaskTimedOut, for each call', async () => {
    const tokens = new TaskTokens();
    let token = '';
    await run(
      waiting(),
      {},
      {
        taskTokens: tokens,
        integrations: {
          [sqsWait]: async (_args, ctx) => {
            token = ctx.taskToken as string;
            return 'handler answered';
          },
        },
      },
    );

    const closed = {
      code: 'TaskTimedOut',
      message: "Task Timed Out: 'Provided task does not exist anymore'",
    };
    expect(apiError(() => tokens.sendTaskSuccess(token, '{}'))).toStrictEqual(closed);
    expect(apiError(() => tokens.sendTaskFailure(token))).toStrictEqual(closed);
    expect(apiError(() => tokens.sendTaskHeartbeat(token))).toStrictEqual(closed);
  });

  it('answers a token it never issued with InvalidToken, or TaskDoesNotExist when it has the engine’s form', () => {
    const tokens = new TaskTokens();

    expect(apiError(() => tokens.sendTaskHeartbeat('not-a-token'))).toStrictEqual({
      code: 'InvalidToken',
      message: "Invalid Token: 'Invalid token'",
    });
    expect(apiError(() => tokens.sendTaskSuccess('ab'.repeat(32), '{}')).code).toBe(
      'TaskDoesNotExist',
    );
  });

  it('rejects an output over 262,144 UTF-8 bytes with a ValidationException, before looking at the token', () => {
    const tokens = new TaskTokens();
    // 131,073 two-byte characters: fewer than 262,144 characters, more than 262,144 bytes.
    const output = JSON.stringify('é'.repeat(131_073));

    expect(output.length).toBeLessThan(262_144);
    expect(apiError(() => tokens.sendTaskSuccess('not-a-token', output))).toStrictEqual({
      code: 'ValidationException',
      message:
        "1 validation error detected: Value at 'output' failed to satisfy constraint: Member must have length less than or equal to 262144",
    });
    expect(apiError(() => tokens.sendTaskSuccess('not-a-token', '"small"')).code).toBe(
      'InvalidToken',
    );
  });

  it('checks the lengths of taskToken, error and cause', () => {
    const tokens = new TaskTokens();

    expect(apiError(() => tokens.sendTaskHeartbeat('')).message).toContain(
      "Value at 'taskToken' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(apiError(() => tokens.sendTaskHeartbeat('t'.repeat(2049))).message).toContain(
      'Member must have length less than or equal to 2048',
    );
    expect(
      apiError(() => tokens.sendTaskFailure('not-a-token', { error: 'E'.repeat(257) })),
    ).toStrictEqual({
      code: 'ValidationException',
      message:
        "1 validation error detected: Value at 'error' failed to satisfy constraint: Member must have length less than or equal to 256",
    });
    expect(
      apiError(() => tokens.sendTaskFailure('not-a-token', { cause: 'c'.repeat(32_769) })).message,
    ).toContain("Value at 'cause' failed to satisfy constraint");
  });

  it('answers output that is not JSON with InvalidOutput, once the token is known', async () => {
    const tokens = new TaskTokens({
      onWaiting: (task) => {
        expect(apiError(() => tokens.sendTaskSuccess(task.taskToken, '{nope'))).toStrictEqual({
          code: 'InvalidOutput',
          message: "Invalid Output: '{nope'",
        });
        tokens.sendTaskSuccess(task.taskToken, '"then valid"');
      },
    });

    const result = await run(
      waiting(),
      {},
      { taskTokens: tokens, integrations: { [sqsWait]: () => new Promise(() => undefined) } },
    );

    expect(result.output).toBe('then valid');
  });
});
