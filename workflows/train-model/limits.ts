/**
 * Step Functions quotas train-model must respect, estimated at build time: the execution history
 * and the timeout budget (an execution timeout runs no Catch, so the cluster teardown needs the
 * stages to time out first). The data gate's Map is measured by checks/ (payload-limit).
 */
import { Limits } from '../../asl/constants.ts';
import type { StateMachine } from '../../asl/types.ts';
import { estimateHistoryEvents } from '../../checks/history-estimate.ts';
import { plural, timeoutBudgetProblems } from '../pipeline/limits.ts';
import { maxSessions } from './check-model.ts';
import type { TrainModelConfig } from './config.ts';

export type TrainModelEstimates = {
  historyEvents: number;
  /** Worst-case seconds the stage timeouts add up to (without retries). */
  timeoutBudgetSeconds: number;
};

export const estimateTrainModel = (
  c: TrainModelConfig,
  definition: StateMachine,
): TrainModelEstimates => {
  const sessions = maxSessions(c);
  const t = c.timeouts;
  const history = estimateHistoryEvents(definition, {
    mapItems: { ListSessions: sessions },
    defaultMapItems: sessions,
  });
  return {
    historyEvents: history.events,
    timeoutBudgetSeconds:
      t.prepareInputSeconds +
      t.s3TaskSeconds +
      Math.ceil(sessions / c.data.maxConcurrency) * t.s3TaskSeconds +
      t.createClusterSeconds +
      t.trainSeconds +
      2 * t.terminateClusterSeconds,
  };
};

export const trainModelLimitProblems = (c: TrainModelConfig, e: TrainModelEstimates): string[] => [
  ...(e.historyEvents > Limits.maxHistoryEvents
    ? [
        `execution history: an estimated ${plural(e.historyEvents, 'events')} exceed the ${plural(Limits.maxHistoryEvents, 'event')} limit`,
      ]
    : []),
  ...timeoutBudgetProblems(e.timeoutBudgetSeconds, c.timeouts.executionSeconds),
];
