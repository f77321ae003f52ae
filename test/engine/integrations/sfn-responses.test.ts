import { describe, expect, it } from 'vitest';
import type { ChildExecutionResult } from '../../../engine/index.ts';
import { describeExecution } from '../../../engine/integrations/sfn-responses.ts';

const child = (extra: Partial<ChildExecutionResult>): ChildExecutionResult => ({
  status: 'SUCCEEDED',
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:Child:run-1',
  events: [],
  billableTransitions: 0,
  name: 'run-1',
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Child',
  parentExecutionArn: 'arn:aws:states:us-east-1:123456789012:execution:Parent:p',
  input: { k: 1 },
  startDate: new Date('2024-05-01T10:00:00.025Z'),
  stopDate: new Date('2024-05-01T10:00:00.071Z'),
  ...extra,
});

describe('describeExecution', () => {
  it('describes an aborted child with the error and cause of its stop', () => {
    const described = describeExecution(
      child({ status: 'ABORTED', error: 'ManualStop', cause: 'stopped by test' }),
      '{"k":1}',
      false,
    );

    expect(Object.keys(described)).toStrictEqual([
      'Cause',
      'Error',
      'ExecutionArn',
      'Input',
      'InputDetails',
      'Name',
      'RedriveCount',
      'RedriveStatus',
      'StartDate',
      'StateMachineArn',
      'Status',
      'StopDate',
    ]);
    expect(described).toMatchObject({
      Cause: 'stopped by test',
      Error: 'ManualStop',
      Status: 'ABORTED',
      StartDate: '2024-05-01T10:00:00.025Z',
      StopDate: '2024-05-01T10:00:00.071Z',
    });
  });

  it('describes a timed-out child without the States.Timeout the engine result carries', () => {
    const described = describeExecution(
      child({ status: 'TIMED_OUT', error: 'States.Timeout' }),
      '{"k":1}',
      false,
    );

    expect(described).not.toHaveProperty('Error');
    expect(described.Status).toBe('TIMED_OUT');
    expect(described.RedriveStatus).toBe('REDRIVABLE');
  });

  it('describes a failed child without a cause with its Error only', () => {
    const described = describeExecution(
      child({ status: 'FAILED', error: 'States.Timeout' }),
      '{"k":1}',
      true,
    );

    expect(described.Error).toBe('States.Timeout');
    expect(described).not.toHaveProperty('Cause');
    expect(described).not.toHaveProperty('Output');
    expect(described.Input).toStrictEqual({ k: 1 });
  });
});
