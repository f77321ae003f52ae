import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { ProgressModel } from '../../../cli/progress/model.ts';
import { loadRecordedHistory } from './recorded.ts';

const history = loadRecordedHistory();

function feed(events: HistoryEvent[]): ProgressModel {
  const model = new ProgressModel();
  for (const event of events) model.apply(event);
  return model;
}

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 27, 14, 0, seconds));

describe('ProgressModel on a recorded execution', () => {
  it('ends SUCCEEDED with every download counted', () => {
    const snapshot = feed(history).snapshot();
    expect(snapshot.status).toBe('SUCCEEDED');
    expect(snapshot.downloads).toMatchObject({
      name: 'DownloadTickers',
      total: 10,
      succeeded: 10,
      failed: 0,
      running: 0,
    });
  });

  it('shows the Map, not the state inside an iteration, as the current state', () => {
    const firstDone = history.findIndex((event) => event.type === 'MapIterationSucceeded');
    const snapshot = feed(history.slice(0, firstDone + 1)).snapshot();
    expect(snapshot.currentState).toBe('DownloadTickers');
    expect(snapshot.downloads?.succeeded).toBe(1);
    expect(snapshot.downloads?.running).toBe(3);
  });

  it('moves on to the next top-level state after the Map', () => {
    const trainIndex = history.findIndex(
      (event) => event.stateEnteredEventDetails?.name === 'TrainModel',
    );
    const snapshot = feed(history.slice(0, trainIndex + 1)).snapshot();
    expect(snapshot.currentState).toBe('TrainModel');
    expect(snapshot.downloads?.finishedAt).toBeInstanceOf(Date);
  });

  it('tracks the last event id for incremental polling', () => {
    expect(feed(history).snapshot().lastEventId).toBe(history.length);
  });
});

describe('ProgressModel failures', () => {
  const emrFailure: HistoryEvent[] = [
    { id: 1, type: 'ExecutionStarted', timestamp: at(0), executionStartedEventDetails: {} },
    {
      id: 2,
      previousEventId: 1,
      type: 'TaskStateEntered',
      timestamp: at(1),
      stateEnteredEventDetails: { name: 'RunTrainingStep' },
    },
    {
      id: 3,
      previousEventId: 2,
      type: 'TaskScheduled',
      timestamp: at(1),
      taskScheduledEventDetails: {
        resourceType: 'elasticmapreduce',
        resource: 'addStep.sync',
        region: 'us-east-1',
        parameters: '{"ClusterId":"j-2AXXXXXXGAPLF","Step":{"Name":"train"}}',
      },
    },
    {
      id: 4,
      previousEventId: 3,
      type: 'TaskStarted',
      timestamp: at(2),
      taskStartedEventDetails: { resourceType: 'elasticmapreduce', resource: 'addStep.sync' },
    },
    {
      id: 5,
      previousEventId: 4,
      type: 'TaskFailed',
      timestamp: at(9),
      taskFailedEventDetails: {
        resourceType: 'elasticmapreduce',
        resource: 'addStep.sync',
        error: 'States.TaskFailed',
        cause: '{"Id":"s-1K7XXXXXX4RQ","Status":{"State":"FAILED"}}',
      },
    },
    {
      id: 6,
      previousEventId: 5,
      type: 'ExecutionFailed',
      timestamp: at(10),
      executionFailedEventDetails: { error: 'States.TaskFailed', cause: 'step failed' },
    },
  ];

  it('records the failed task with its state and scheduled parameters', () => {
    const [failure] = feed(emrFailure).snapshot().failures;
    expect(failure).toStrictEqual({
      eventId: 5,
      eventType: 'TaskFailed',
      state: 'RunTrainingStep',
      error: 'States.TaskFailed',
      cause: '{"Id":"s-1K7XXXXXX4RQ","Status":{"State":"FAILED"}}',
      resourceType: 'elasticmapreduce',
      resource: 'addStep.sync',
      taskParameters: '{"ClusterId":"j-2AXXXXXXGAPLF","Step":{"Name":"train"}}',
    });
  });

  it('takes the execution error and cause from ExecutionFailed', () => {
    const snapshot = feed(emrFailure).snapshot();
    expect(snapshot.status).toBe('FAILED');
    expect(snapshot.error).toBe('States.TaskFailed');
    expect(snapshot.cause).toBe('step failed');
  });

  it('ignores a child execution ending inside a running Map', () => {
    const events: HistoryEvent[] = [
      { id: 1, type: 'ExecutionStarted', timestamp: at(0) },
      {
        id: 2,
        previousEventId: 1,
        type: 'MapStateEntered',
        timestamp: at(1),
        stateEnteredEventDetails: { name: 'DownloadTickers' },
      },
      { id: 3, previousEventId: 2, type: 'ExecutionSucceeded', timestamp: at(2) },
    ];
    expect(feed(events).snapshot().status).toBe('RUNNING');
  });

  it('counts a distributed Map from DescribeMapRun item counts', () => {
    const model = feed([
      { id: 1, type: 'ExecutionStarted', timestamp: at(0) },
      {
        id: 2,
        previousEventId: 1,
        type: 'MapStateEntered',
        timestamp: at(1),
        stateEnteredEventDetails: { name: 'DownloadTickers' },
      },
      { id: 3, previousEventId: 2, type: 'MapStateStarted', timestamp: at(1) },
      {
        id: 4,
        previousEventId: 3,
        type: 'MapRunStarted',
        timestamp: at(1),
        mapRunStartedEventDetails: { mapRunArn: 'arn:aws:states:us-east-1:1:mapRun:sm/x:y' },
      },
    ]);
    expect(model.activeMapRuns()).toStrictEqual(['arn:aws:states:us-east-1:1:mapRun:sm/x:y']);
    model.applyMapRun({
      mapRunArn: 'arn:aws:states:us-east-1:1:mapRun:sm/x:y',
      itemCounts: {
        pending: 40,
        running: 10,
        succeeded: 45,
        failed: 3,
        timedOut: 1,
        aborted: 1,
        total: 100,
        resultsWritten: 0,
      },
    });
    expect(model.snapshot().downloads).toMatchObject({
      total: 100,
      succeeded: 45,
      failed: 5,
      running: 10,
    });
  });
});
