import { describe, expect, it } from 'vitest';
import { eventsOf, machine, types } from '../helpers.ts';
import {
  childArn,
  childExecutionArn,
  doubler,
  failing,
  parentOf,
  parsedCause,
  runNested,
} from './nested.ts';

describe('states:startExecution (request-response)', () => {
  it('returns ExecutionArn and StartDate with the HTTP metadata at once, before the child ends', async () => {
    const result = await runNested(parentOf(''), doubler(60));

    expect(result.status).toBe('SUCCEEDED');
    const output = result.output as Record<string, unknown>;
    expect(Object.keys(output)).toStrictEqual([
      'ExecutionArn',
      'SdkHttpMetadata',
      'SdkResponseMetadata',
      'StartDate',
    ]);
    expect(output.ExecutionArn).toBe(childExecutionArn('child-1'));
    expect(output.StartDate).toBe('2024-05-01T10:00:00.000Z');
    expect(types(result)).not.toContain('TaskSubmitted');
    const end = result.events.at(-1)?.timestamp as Date;
    const child = result.childExecutions?.[0];
    expect(child?.status).toBe('SUCCEEDED');
    expect(child?.stopDate.getTime()).toBe(end.getTime() + 60_000);
  });
});

describe('states:startExecution.sync', () => {
  it('waits for the child and returns its DescribeExecution response with Input and Output as JSON text', async () => {
    const result = await runNested(parentOf('.sync'), doubler());

    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toStrictEqual({
      ExecutionArn: childExecutionArn('child-1'),
      Input: '{"n":2}',
      InputDetails: { Included: true },
      Name: 'child-1',
      Output: `{"doubled":4,"id":"${childExecutionArn('child-1')}","name":"child-1","machine":"Child"}`,
      OutputDetails: { Included: true },
      RedriveCount: 0,
      RedriveStatus: 'NOT_REDRIVABLE',
      RedriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
      StartDate: '2024-05-01T10:00:00.000Z',
      StateMachineArn: childArn,
      Status: 'SUCCEEDED',
      StopDate: '2024-05-01T10:00:05.000Z',
    });
  });

  it('records the StartExecution response as TaskSubmitted, then TaskSucceeded', async () => {
    const result = await runNested(parentOf('.sync'), doubler());

    expect(types(result)).toStrictEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    const submitted = eventsOf(result, 'TaskSubmitted')[0]?.taskSubmittedEventDetails;
    expect(submitted?.resourceType).toBe('states');
    expect(submitted?.resource).toBe('startExecution.sync');
    expect(JSON.parse(submitted?.output ?? '{}').ExecutionArn).toBe(childExecutionArn('child-1'));
  });

  it('fails the task with States.TaskFailed and the failed child described in the cause', async () => {
    const result = await runNested(parentOf('.sync'), failing);

    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.TaskFailed');
    expect(parsedCause(result)).toStrictEqual({
      Cause: 'the child broke',
      Error: 'Child.Broken',
      ExecutionArn: childExecutionArn('child-1'),
      Input: '{"n":2}',
      InputDetails: { Included: true },
      Name: 'child-1',
      RedriveCount: 0,
      RedriveStatus: 'REDRIVABLE',
      StartDate: '2024-05-01T10:00:00.000Z',
      StateMachineArn: childArn,
      Status: 'FAILED',
      StopDate: '2024-05-01T10:00:00.000Z',
    });
    expect(eventsOf(result, 'TaskFailed')[0]?.taskFailedEventDetails?.error).toBe(
      'States.TaskFailed',
    );
  });

  it('reports a child that timed out with Status TIMED_OUT and no Error', async () => {
    const slow = { ...doubler(30), TimeoutSeconds: 10 };

    const result = await runNested(parentOf('.sync'), slow);

    expect(result.error).toBe('States.TaskFailed');
    const cause = parsedCause(result);
    expect(cause.Status).toBe('TIMED_OUT');
    expect(cause).not.toHaveProperty('Error');
    expect(cause.StopDate).toBe('2024-05-01T10:00:10.000Z');
  });

  it('lets a Catch on States.TaskFailed catch a failed child, and not one on the child error', async () => {
    const parent = machine({
      Start: {
        Type: 'Task',
        Resource: 'arn:aws:states:::states:startExecution.sync',
        Arguments: { StateMachineArn: childArn, Input: {} },
        Catch: [
          { ErrorEquals: ['Child.Broken'], Next: 'ByName', Output: 'name' },
          {
            ErrorEquals: ['States.TaskFailed'],
            Next: 'ByTaskFailed',
            Output: '{% $parse($states.errorOutput.Cause).Error %}',
          },
        ],
        End: true,
      },
      ByName: { Type: 'Pass', End: true },
      ByTaskFailed: { Type: 'Pass', End: true },
    });

    const result = await runNested(parent, failing);

    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toBe('Child.Broken');
    expect(types(result)).toContain('TaskStateExited');
    expect(eventsOf(result, 'PassStateEntered')[0]?.stateEnteredEventDetails?.name).toBe(
      'ByTaskFailed',
    );
  });
});

describe('states:startExecution.sync:2', () => {
  it('returns Input and Output as JSON values', async () => {
    const result = await runNested(parentOf('.sync:2'), doubler());

    const output = result.output as Record<string, unknown>;
    expect(output.Input).toStrictEqual({ n: 2 });
    expect(output.Output).toStrictEqual({
      doubled: 4,
      id: childExecutionArn('child-1'),
      name: 'child-1',
      machine: 'Child',
    });
    expect(output.Status).toBe('SUCCEEDED');
  });

  it('fails a failed child with the same States.TaskFailed cause as .sync', async () => {
    const sync = await runNested(parentOf('.sync'), failing);
    const sync2 = await runNested(parentOf('.sync:2'), failing);

    expect(sync2.error).toBe('States.TaskFailed');
    expect(sync2.cause).toBe(sync.cause);
  });
});

describe('StartExecution Arguments', () => {
  it('takes Input as JSON text and starts the child with that text', async () => {
    const result = await runNested(parentOf('.sync', { Input: '{"n": 21}' }), doubler());

    const output = result.output as Record<string, unknown>;
    expect(output.Input).toBe('{"n": 21}');
    expect(JSON.parse(output.Output as string).doubled).toBe(42);
    const started = result.childExecutions?.[0]?.events[0]?.executionStartedEventDetails;
    expect(started?.input).toBe('{"n": 21}');
  });

  it('starts the child with {} when Input is absent or null', async () => {
    const absent = await runNested(
      parentOf('.sync:2', { Input: undefined }),
      machine({ P: { Type: 'Pass', End: true } }),
    );
    const isNull = await runNested(
      parentOf('.sync:2', { Input: null }),
      machine({ P: { Type: 'Pass', End: true } }),
    );

    expect((absent.output as Record<string, unknown>).Output).toStrictEqual({});
    expect((isNull.output as Record<string, unknown>).Input).toStrictEqual({});
  });

  it('names the child with a generated UUID when Name is absent', async () => {
    const result = await runNested(parentOf('.sync', { Name: undefined }), doubler());

    const name = (result.output as Record<string, unknown>).Name as string;
    expect(name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(result.childExecutions?.[0]?.executionArn).toBe(childExecutionArn(name));
  });

  it('keeps AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID in the child input', async () => {
    const parent = parentOf('.sync:2', {
      Input: {
        n: 1,
        AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: '{% $states.context.Execution.Id %}',
      },
    });

    const result = await runNested(parent, doubler());

    const child = result.childExecutions?.[0];
    expect(child?.input).toStrictEqual({
      n: 1,
      AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: result.executionArn,
    });
    expect(child?.parentExecutionArn).toBe(result.executionArn);
    expect(child?.status).toBe('SUCCEEDED');
  });
});
