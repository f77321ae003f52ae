import { describe, expect, it } from 'vitest';
import { SfnApiError, TaskTokens } from '../../../engine/index.ts';
import { eventsOf, machine, types } from '../helpers.ts';
import { childArn, doubler, runNested, startExecution } from './nested.ts';

const callback = 'arn:aws:states:::aws-sdk:sfn';

/** A parent that starts the child with its task token in the child's input. */
const parentWith = (task: Record<string, unknown> = {}) =>
  machine({
    Start: {
      Type: 'Task',
      Resource: `${startExecution}.waitForTaskToken`,
      Arguments: {
        StateMachineArn: childArn,
        Input: { n: '{% $states.input.n %}', token: '{% $states.context.Task.Token %}' },
        Name: 'child-1',
      },
      ...task,
      End: true,
    },
  });
const parent = parentWith();

/** A child that answers its parent with SendTaskSuccess (or SendTaskFailure when n < 0). */
const answering = machine({
  Which: {
    Type: 'Choice',
    Choices: [{ Condition: '{% $states.input.n < 0 %}', Next: 'Refuse' }],
    Default: 'Answer',
  },
  Answer: {
    Type: 'Task',
    Resource: `${callback}:sendTaskSuccess`,
    Arguments: {
      TaskToken: '{% $states.input.token %}',
      Output: { tripled: '{% $states.input.n * 3 %}' },
    },
    End: true,
  },
  Refuse: {
    Type: 'Task',
    Resource: `${callback}:sendTaskFailure`,
    Arguments: {
      TaskToken: '{% $states.input.token %}',
      Error: 'Child.Refused',
      Cause: 'n is negative',
    },
    End: true,
  },
});

describe('states:startExecution.waitForTaskToken', () => {
  it('gives the child the token and completes with what the child sends with SendTaskSuccess', async () => {
    const result = await runNested(parent, answering, { n: 2 });

    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toStrictEqual({ tripled: 6 });
    expect(types(result)).toContain('TaskSubmitted');
    const child = result.childExecutions?.[0];
    expect(child?.status).toBe('SUCCEEDED');
    expect(child?.output).toStrictEqual({});
    const token = (child?.input as { token?: string } | undefined)?.token;
    expect(token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('fails with the error and cause the child sends with SendTaskFailure', async () => {
    const result = await runNested(parent, answering, { n: -1 });

    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Child.Refused');
    expect(result.cause).toBe('n is negative');
    expect(eventsOf(result, 'TaskFailed')[0]?.taskFailedEventDetails?.error).toBe('Child.Refused');
  });

  it('is completed from outside through RunOptions.taskTokens', async () => {
    const tokens = new TaskTokens({
      onWaiting: (task) => tokens.sendTaskSuccess(task.taskToken, '{"from":"outside"}'),
    });

    const result = await runNested(parent, doubler(), { n: 1 }, { taskTokens: tokens });

    expect(result.output).toStrictEqual({ from: 'outside' });
    expect(result.childExecutions?.[0]?.status).toBe('SUCCEEDED');
    expect(tokens.waiting()).toStrictEqual([]);
  });

  it('lists the waiting task, then answers a second callback with TaskTimedOut', async () => {
    const waiting: unknown[] = [];
    const tokens = new TaskTokens({
      onWaiting: (task) => {
        waiting.push(tokens.waiting());
        tokens.sendTaskFailure(task.taskToken, { error: 'Outside.No' });
        expect(() => tokens.sendTaskSuccess(task.taskToken, {})).toThrow(
          "Task Timed Out: 'Provided task does not exist anymore'",
        );
      },
    });

    const result = await runNested(parent, doubler(), { n: 1 }, { taskTokens: tokens });

    expect(result.error).toBe('Outside.No');
    expect(result).not.toHaveProperty('cause');
    expect(waiting).toStrictEqual([
      [expect.objectContaining({ executionArn: result.executionArn, stateName: 'Start' })],
    ]);
  });

  it('answers an unknown token with InvalidToken', () => {
    const tokens = new TaskTokens();

    const send = () => tokens.sendTaskHeartbeat('nope');

    expect(send).toThrow(SfnApiError);
    expect(send).toThrow("Invalid Token: 'Invalid token'");
  });

  it('fails a child sending an unknown token with Sfn.InvalidTokenException', async () => {
    const lost = machine({
      Answer: {
        Type: 'Task',
        Resource: `${callback}:sendTaskSuccess`,
        Arguments: { TaskToken: 'not-a-token', Output: '{}' },
        End: true,
      },
    });
    const tokens = new TaskTokens({
      onWaiting: (task) => setImmediate(() => tokens.sendTaskSuccess(task.taskToken, '{}')),
    });

    const result = await runNested(parent, lost, { n: 1 }, { taskTokens: tokens });

    const child = result.childExecutions?.[0];
    expect(child?.error).toBe('Sfn.InvalidTokenException');
    expect(child?.cause).toMatch(
      /^Invalid Token: 'Invalid token' \(Service: Sfn, Status Code: 400, Request ID: [0-9a-f-]{36}\) \(SDK Attempt Count: 1\)$/,
    );
    expect(result.status).toBe('SUCCEEDED');
  });

  it('times out with States.Timeout when nobody answers within TimeoutSeconds, and the child runs on', async () => {
    const result = await runNested(parentWith({ TimeoutSeconds: 5 }), doubler(60), { n: 1 });

    expect(result.error).toBe('States.Timeout');
    expect(types(result)).toContain('TaskTimedOut');
    expect(result.childExecutions?.[0]?.status).toBe('SUCCEEDED');
  });
});
