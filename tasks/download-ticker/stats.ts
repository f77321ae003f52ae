/**
 * Counters of one invocation, turned into CloudWatch metrics (EMF) by the handler at the end: one
 * flush per invocation however many tickers a batch holds.
 */
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { PROVIDER_ERRORS } from './errors.ts';

export type RunStats = {
  rowsWritten: number;
  objectsWritten: number;
  objectsUnchanged: number;
  /** Stored objects kept because a download had fewer rows (replaceWithFewerRows not set). */
  objectsKept: number;
  emptyDates: number;
  barsDropped: number;
  barsRepaired: number;
  tickersFailed: number;
  /** Failures by error name (ProviderThrottledError, UnknownTickerError, NoSuchBucket ...). */
  errors: Map<string, number>;
};

export function newStats(): RunStats {
  return {
    rowsWritten: 0,
    objectsWritten: 0,
    objectsUnchanged: 0,
    objectsKept: 0,
    emptyDates: 0,
    barsDropped: 0,
    barsRepaired: 0,
    tickersFailed: 0,
    errors: new Map(),
  };
}

export function countError(stats: RunStats, error: unknown): void {
  const name = error instanceof Error ? error.name : 'Error';
  stats.errors.set(name, (stats.errors.get(name) ?? 0) + 1);
}

/**
 * Adds the run's counters to `metrics` (dimension `provider`) and, per error kind (dimension
 * `errorKind`), one `ProviderErrors` metric for the provider's failures or `TaskErrors` for the
 * rest (S3, configuration); then flushes. Call once, at the end of an invocation.
 */
export function publishStats(
  metrics: Metrics,
  stats: RunStats,
  provider: string | undefined,
): void {
  if (provider) metrics.addDimension('provider', provider);
  metrics.addMetric('RowsWritten', MetricUnit.Count, stats.rowsWritten);
  metrics.addMetric('ObjectsWritten', MetricUnit.Count, stats.objectsWritten);
  metrics.addMetric('ObjectsUnchanged', MetricUnit.Count, stats.objectsUnchanged);
  metrics.addMetric('ObjectsKept', MetricUnit.Count, stats.objectsKept);
  metrics.addMetric('EmptyDates', MetricUnit.Count, stats.emptyDates);
  metrics.addMetric('BarsDropped', MetricUnit.Count, stats.barsDropped);
  metrics.addMetric('BarsRepaired', MetricUnit.Count, stats.barsRepaired);
  metrics.addMetric('TickersFailed', MetricUnit.Count, stats.tickersFailed);
  for (const [kind, count] of stats.errors) {
    const single = metrics.singleMetric();
    if (provider) single.addDimension('provider', provider);
    single.addDimension('errorKind', kind);
    const providerError = (PROVIDER_ERRORS as readonly string[]).includes(kind);
    single.addMetric(providerError ? 'ProviderErrors' : 'TaskErrors', MetricUnit.Count, count);
  }
  metrics.publishStoredMetrics();
}
