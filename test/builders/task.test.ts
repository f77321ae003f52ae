import { describe, expect, it } from 'vitest';
import { expr } from '../../builders/jsonata.ts';
import { lambdaInvoke, task } from '../../builders/task.ts';

describe('task', () => {
  it('emits a Task in canonical field order', () => {
    const built = task('Fetch', {
      Next: 'After',
      Output: expr('$states.result'),
      TimeoutSeconds: 30,
      Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
      Arguments: { Bucket: 'b', Key: 'k' },
    });
    expect(built).toStrictEqual({
      name: 'Fetch',
      state: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
        Arguments: { Bucket: 'b', Key: 'k' },
        TimeoutSeconds: 30,
        Output: '{% $states.result %}',
        Next: 'After',
      },
    });
    expect(Object.keys(built.state)).toStrictEqual([
      'Type',
      'Resource',
      'Arguments',
      'TimeoutSeconds',
      'Output',
      'Next',
    ]);
  });

  it('throws naming the state when TimeoutSeconds is not a positive integer', () => {
    expect(() => task('Fetch', { Resource: 'arn:x', TimeoutSeconds: 0, End: true })).toThrow(
      "Task 'Fetch': TimeoutSeconds must be an integer >= 1, got 0",
    );
  });

  it('throws when HeartbeatSeconds is not below TimeoutSeconds', () => {
    expect(() =>
      task('Fetch', { Resource: 'arn:x', TimeoutSeconds: 10, HeartbeatSeconds: 10, End: true }),
    ).toThrow("Task 'Fetch': HeartbeatSeconds must be less than TimeoutSeconds (10), got 10");
  });

  it('throws when neither Next nor End is given', () => {
    expect(() => task('Fetch', { Resource: 'arn:x', TimeoutSeconds: 10 } as never)).toThrow(
      "Task 'Fetch': exactly one of Next or End: true is required",
    );
  });

  it('throws when States.ALL is not alone in its Retry entry', () => {
    expect(() =>
      task('Fetch', {
        Resource: 'arn:x',
        TimeoutSeconds: 10,
        Retry: [{ ErrorEquals: ['States.ALL', 'X'] }],
        End: true,
      }),
    ).toThrow(`Task 'Fetch': Retry[0]: States.ALL must appear alone, got ["States.ALL","X"]`);
  });

  it('throws when a Catch on States.ALL is not the last one', () => {
    expect(() =>
      task('Fetch', {
        Resource: 'arn:x',
        TimeoutSeconds: 10,
        Catch: [
          { ErrorEquals: ['States.ALL'], Next: 'A' },
          { ErrorEquals: ['X'], Next: 'B' },
        ],
        End: true,
      }),
    ).toThrow("Task 'Fetch': Catch[0]: States.ALL must be in the last entry");
  });

  it('throws on a BackoffRate below 1', () => {
    expect(() =>
      task('Fetch', {
        Resource: 'arn:x',
        TimeoutSeconds: 10,
        Retry: [{ ErrorEquals: ['X'], BackoffRate: 0.5 }],
        End: true,
      }),
    ).toThrow("Task 'Fetch': Retry[0]: BackoffRate must be a number >= 1, got 0.5");
  });

  it('throws naming the field when an expression does not compile', () => {
    expect(() =>
      task('Fetch', {
        Resource: 'arn:x',
        TimeoutSeconds: 10,
        Output: '{% $states.result[ %}',
        End: true,
      }),
    ).toThrow(/^Task 'Fetch': Output: JSONata syntax error/);
  });
});

describe('lambdaInvoke', () => {
  it('calls lambda:invoke with FunctionName and Payload as Arguments', () => {
    const built = lambdaInvoke('Call', {
      FunctionName: '${Fn}',
      Payload: expr('$states.input'),
      TimeoutSeconds: 60,
      End: true,
    });
    expect(built.state).toStrictEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Arguments: { FunctionName: '${Fn}', Payload: '{% $states.input %}' },
      TimeoutSeconds: 60,
      End: true,
    });
  });
});
