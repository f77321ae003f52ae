/**
 * DownloadDeps wired like handler.ts, but with test endpoints, a silent logger, a fixed clock and
 * a sleep that records instead of waiting.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DownloadDeps } from '../../../tasks/download-ticker/download.ts';
import { createAlphaVantageProvider } from '../../../tasks/download-ticker/providers/alphavantage.ts';
import { createHttpClient } from '../../../tasks/download-ticker/providers/http.ts';
import { createSyntheticProvider } from '../../../tasks/download-ticker/providers/synthetic.ts';
import { createYahooProvider } from '../../../tasks/download-ticker/providers/yahoo.ts';
import { newStats } from '../../../tasks/download-ticker/stats.ts';
import { BUCKET } from './local-s3.ts';

export const NOW = new Date('2026-11-29T15:00:00Z');

export type TestDeps = DownloadDeps & { sleeps: number[] };

export function testDeps(options: {
  s3: S3Client;
  baseUrl?: string;
  timeoutMs?: number;
  getApiKey?: () => Promise<string>;
  concurrency?: number;
}): TestDeps {
  const sleeps: number[] = [];
  const now = (): Date => NOW;
  const http = createHttpClient({
    timeoutMs: options.timeoutMs ?? 2000,
    maxRetryAfterSeconds: 5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: () => NOW.getTime(),
  });
  const baseUrl = options.baseUrl ?? 'http://127.0.0.1:9';
  return {
    bucket: BUCKET,
    s3: options.s3,
    providers: {
      yahoo: createYahooProvider({ baseUrl, http, now }),
      alphavantage: createAlphaVantageProvider({
        baseUrl,
        http,
        getApiKey: options.getApiKey ?? (async () => 'test-key'),
      }),
      synthetic: createSyntheticProvider(),
    },
    now,
    logger: new Logger({ logLevel: 'SILENT' }),
    concurrency: options.concurrency ?? 4,
    stats: newStats(),
    sleeps,
  };
}
