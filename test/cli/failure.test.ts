import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../cli/failure.ts';
import { ProgressModel } from '../../cli/progress/model.ts';

const t = new Date(0);

function snapshotOf(events: HistoryEvent[]) {
  const model = new ProgressModel();
  for (const event of events) model.apply(event);
  return model.snapshot();
}

/**
 * The pipeline's failure path as Step Functions records it: Train (addStep.sync) fails, the Catch
 * runs TerminateClusterAfterFailure, RethrowFailure re-raises the original error. The step cause
 * is EMR's DescribeStep `Step` object, as addStep.sync reports it.
 */
const trainFails: HistoryEvent[] = [
  { id: 1, type: 'ExecutionStarted', timestamp: t },
  {
    id: 2,
    previousEventId: 1,
    type: 'TaskStateEntered',
    timestamp: t,
    stateEnteredEventDetails: { name: 'Train' },
  },
  {
    id: 3,
    previousEventId: 2,
    type: 'TaskScheduled',
    timestamp: t,
    taskScheduledEventDetails: {
      resourceType: 'elasticmapreduce',
      resource: 'addStep.sync',
      region: 'eu-west-2',
      parameters: '{"ClusterId":"j-3KQXXXXXXXXX","Step":{"Name":"train-model"}}',
    },
  },
  { id: 4, previousEventId: 3, type: 'TaskStarted', timestamp: t },
  {
    id: 5,
    previousEventId: 4,
    type: 'TaskFailed',
    timestamp: t,
    taskFailedEventDetails: {
      resourceType: 'elasticmapreduce',
      resource: 'addStep.sync',
      error: 'States.TaskFailed',
      cause: JSON.stringify({
        Id: 's-1Y2XXXXXXXXXX',
        Name: 'train-model',
        Status: {
          State: 'FAILED',
          FailureDetails: {
            LogFile: 's3://logs/emr/j-3KQXXXXXXXXX/steps/s-1Y2XXXXXXXXXX/stderr.gz',
            Reason: 'Unknown Error',
          },
        },
      }),
    },
  },
  {
    id: 6,
    previousEventId: 5,
    type: 'TaskStateEntered',
    timestamp: t,
    stateEnteredEventDetails: { name: 'TerminateClusterAfterFailure' },
  },
  {
    id: 7,
    previousEventId: 6,
    type: 'FailStateEntered',
    timestamp: t,
    stateEnteredEventDetails: { name: 'RethrowFailure' },
  },
  {
    id: 8,
    previousEventId: 7,
    type: 'ExecutionFailed',
    timestamp: t,
    executionFailedEventDetails: { error: 'States.TaskFailed', cause: '{"Id":"s-1Y2XXXXXXXXXX"}' },
  },
];

describe('describeFailure', () => {
  it('names the task that raised the error, not the Fail state that re-raised it', () => {
    expect(describeFailure(snapshotOf(trainFails)).failedState).toBe('Train');
  });

  it('finds the cluster, the step and EMR log file of a failed addStep.sync', () => {
    expect(describeFailure(snapshotOf(trainFails)).emrStep).toStrictEqual({
      clusterId: 'j-3KQXXXXXXXXX',
      stepId: 's-1Y2XXXXXXXXXX',
      logFile: 's3://logs/emr/j-3KQXXXXXXXXX/steps/s-1Y2XXXXXXXXXX/stderr.gz',
    });
  });

  it('takes the step id from a plain-text cause too (the local runtime)', () => {
    const events = structuredClone(trainFails);
    const failed = events[4]?.taskFailedEventDetails;
    if (failed) failed.cause = 'EMR step s-LOCAL0000001 failed with exit code 1: Traceback ...';
    expect(describeFailure(snapshotOf(events)).emrStep?.stepId).toBe('s-LOCAL0000001');
  });

  it('falls back to the Fail state when no task failed', () => {
    const events: HistoryEvent[] = [
      { id: 1, type: 'ExecutionStarted', timestamp: t },
      {
        id: 2,
        previousEventId: 1,
        type: 'FailStateEntered',
        timestamp: t,
        stateEnteredEventDetails: { name: 'RejectInput' },
      },
      {
        id: 3,
        previousEventId: 2,
        type: 'ExecutionFailed',
        timestamp: t,
        executionFailedEventDetails: {
          error: 'InvalidInputError',
          cause: 'date must be a YYYY-MM-DD calendar date',
        },
      },
    ];
    expect(describeFailure(snapshotOf(events))).toStrictEqual({
      failedState: 'RejectInput',
      error: 'InvalidInputError',
      cause: 'date must be a YYYY-MM-DD calendar date',
    });
  });

  it('reports no EMR step for a Lambda failure', () => {
    const events: HistoryEvent[] = [
      { id: 1, type: 'ExecutionStarted', timestamp: t },
      {
        id: 2,
        previousEventId: 1,
        type: 'TaskStateEntered',
        timestamp: t,
        stateEnteredEventDetails: { name: 'PrepareInput' },
      },
      {
        id: 3,
        previousEventId: 2,
        type: 'TaskFailed',
        timestamp: t,
        taskFailedEventDetails: {
          resourceType: 'lambda',
          resource: 'invoke',
          error: 'UniverseNotFoundError',
          cause: 'no universe',
        },
      },
      {
        id: 4,
        previousEventId: 3,
        type: 'ExecutionFailed',
        timestamp: t,
        executionFailedEventDetails: { error: 'UniverseNotFoundError' },
      },
    ];
    const failure = describeFailure(snapshotOf(events));
    expect(failure.failedState).toBe('PrepareInput');
    expect(failure.emrStep).toBeUndefined();
  });
});
