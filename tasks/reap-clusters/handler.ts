import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ReaperEvent, ReapResult } from '../../contracts/reaper.ts';
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
  try {
    const result = await reap(event, { emr, sfn, config, now: () => new Date(), log });
    metrics.addMetric('ClustersTerminated', MetricUnit.Count, result.terminated.length);
    return result;
  } finally {
    metrics.publishStoredMetrics();
  }
};
