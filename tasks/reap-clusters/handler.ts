import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ReaperEvent, ReapResult, UnprovenCluster } from '../../contracts/reaper.ts';
import { UNPROVEN_METRIC } from '../../contracts/reaper.ts';
import { createClients } from './clients.ts';
import { loadConfig } from './config.ts';
import { reap } from './reaper.ts';

// Read once per cold start; a bad environment fails here, before any AWS call.
const config = loadConfig(process.env);
const { emr, sfn } = createClients(config);
const logger = new Logger();
const metrics = new Metrics();

const log = {
  info: (message: string, extra?: Record<string, unknown>) => logger.info(message, extra ?? {}),
  warn: (message: string, extra?: Record<string, unknown>) => logger.warn(message, extra ?? {}),
  error: (message: string, extra?: Record<string, unknown>) => logger.error(message, extra ?? {}),
};

/** EventBridge target: execution status changes (FAILED/TIMED_OUT/ABORTED) and the hourly sweep. */
export const handler = async (event: ReaperEvent): Promise<ReapResult> => {
  let unproven: readonly UnprovenCluster[] = [];
  try {
    const result = await reap(event, {
      emr,
      sfn,
      config,
      now: () => new Date(),
      log,
      onUnproven: (found) => {
        unproven = found;
      },
    });
    metrics.addMetric('ClustersTerminated', MetricUnit.Count, result.terminated.length);
    return result;
  } finally {
    publishUnproven(unproven);
    metrics.publishStoredMetrics();
  }
};

/**
 * UnprovenClusters (dimensions service and workflow, the stack alarms on it): tagged clusters
 * that failed the ownership proof, left running. Emitted on every invocation, 0 included, even
 * when the reap fails; the EMF record names the clusters (`unprovenClusters`), as does the
 * warning logged for each.
 */
const publishUnproven = (unproven: readonly UnprovenCluster[]) => {
  const single = metrics.singleMetric();
  single.addDimension(UNPROVEN_METRIC.workflowDimension, config.workflowName);
  if (unproven.length > 0) {
    single.addMetadata('unprovenClusters', unproven.map((u) => u.clusterId).join(','));
  }
  single.addMetric(UNPROVEN_METRIC.name, MetricUnit.Count, unproven.length);
};
