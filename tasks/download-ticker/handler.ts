/**
 * The download Lambda. Thin: module-scope clients (reused across invocations), then
 * `handleEvent` from download.ts. Event and result shapes: types.ts and docs/download.md.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { isPlainObject } from '../../contracts/describe.ts';
import {
  type DownloadBatchEvent,
  type DownloadBatchResult,
  type DownloadEvent,
  type DownloadResult,
  Providers,
} from '../../contracts/download.ts';
import { createS3Client } from '../shared/s3-client.ts';
import { readApiKey } from './api-key.ts';
import { loadConfig } from './config.ts';
import { handleEvent } from './download.ts';
import { createAlphaVantageProvider } from './providers/alphavantage.ts';
import { createHttpClient } from './providers/http.ts';
import { createSyntheticProvider } from './providers/synthetic.ts';
import { createYahooProvider } from './providers/yahoo.ts';
import { newStats, publishStats } from './stats.ts';

const SERVICE = 'download-ticker';
const config = loadConfig(process.env);
const s3 = createS3Client({ endpoint: config.s3Endpoint, region: config.region });
const logger = new Logger({ serviceName: SERVICE });
const metrics = new Metrics({ namespace: config.metricsNamespace, serviceName: SERVICE });
const http = createHttpClient({
  timeoutMs: config.httpTimeoutMs,
  maxRetryAfterSeconds: config.maxRetryAfterSeconds,
  sleep: (ms) => sleep(ms),
  now: Date.now,
});
const now = (): Date => new Date();
const providers = {
  yahoo: createYahooProvider({ baseUrl: config.yahooBaseUrl, http, now }),
  alphavantage: createAlphaVantageProvider({
    baseUrl: config.alphaVantageBaseUrl,
    http,
    getApiKey: () => readApiKey(config.alphaVantageKeyParameter, config.ssmEndpoint),
  }),
  synthetic: createSyntheticProvider(),
};

export const handler = async (
  event: DownloadEvent | DownloadBatchEvent,
  context?: Context,
): Promise<DownloadResult | DownloadBatchResult> => {
  if (context) logger.addContext(context);
  const fields = fieldsOf(event);
  logger.appendKeys({ ticker: fields.ticker, executionName: fields.executionName });
  const stats = newStats();
  try {
    const result = await handleEvent(event, {
      bucket: config.dataBucket,
      s3,
      providers,
      now,
      logger,
      concurrency: config.batchConcurrency,
      stats,
    });
    logger.info('download finished', summary(result));
    return result;
  } catch (error) {
    logger.error('download failed', error as Error);
    throw error;
  } finally {
    publishStats(metrics, stats, fields.provider);
    logger.resetKeys();
  }
};

/**
 * Log keys from the raw event, before validation: only plain strings under 80 characters, so a
 * hostile event cannot flood the log (validation reports the rest).
 */
function fieldsOf(event: unknown): { ticker?: string; executionName?: string; provider?: string } {
  if (!isPlainObject(event)) return {};
  const spec = isPlainObject(event.BatchInput) ? event.BatchInput : event;
  const pick = (value: unknown): string | undefined =>
    typeof value === 'string' && value.length <= 80 && !/\p{Cc}/u.test(value) ? value : undefined;
  const out: { ticker?: string; executionName?: string; provider?: string } = {};
  const ticker = pick(event.ticker);
  const executionName = pick(spec.executionName);
  const provider = pick(spec.provider);
  if (ticker) out.ticker = ticker;
  if (executionName) out.executionName = executionName;
  if (provider && (Providers as readonly string[]).includes(provider)) out.provider = provider;
  return out;
}

function summary(result: DownloadResult | DownloadBatchResult): Record<string, unknown> {
  if ('results' in result) return { ok: result.ok, empty: result.empty, failed: result.failed };
  return { status: result.status, rows: result.rows, key: result.key };
}
