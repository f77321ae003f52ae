/**
 * What the static checks need to know about collect-bars, and the worst-case documents its size
 * estimates measure (limits.ts). Samples are typed against the Lambda and manifest contracts, so
 * a contract change that grows them shows up in the estimates. The download Lambda writes the
 * per-date objects to S3 (`objectsKey`, BatchInput `objectsPrefix`), so no result carries them.
 */
import { Resource } from '../../asl/constants.ts';
import type { JsonValue } from '../../asl/types.ts';
import type { CheckContext } from '../../checks/types.ts';
import type {
  DownloadBatchResult,
  DownloadResult,
  ObjectResult,
} from '../../contracts/download.ts';
import {
  COLLECT_BARS_MANIFEST_PREFIX,
  COLLECT_BARS_MANIFEST_VERSION,
  type DistributedCollectBarsManifest,
  type InlineCollectBarsManifest,
} from '../../contracts/manifest.ts';
import { FAILED_TICKERS_LISTED, maxInputTickers, maxTickers } from '../pipeline/bounds.ts';
import {
  BIG,
  lambdaResult,
  resultFileBody,
  WORST_CONTEXT,
  WORST_RESULT_FILE_ITEM,
  WORST_TICKER,
} from '../pipeline/check-model.ts';
import type { DownloadModeResolved } from '../pipeline/limits.ts';
import { historyModel } from '../pipeline/limits.ts';
import type { CollectBarsConfig } from './config.ts';
import { COLLECT_BARS_PLACEHOLDERS } from './placeholders.ts';

/** The Lambda cuts error texts to this many characters (describeError). */
const LAMBDA_ERROR_CHARS = 240;
const SHA256 = 'S'.repeat(44);

/** `n` distinct dates of the same width (`2026-01-01`, ...). */
const dates = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `2026-01-${String((i % 28) + 1).padStart(2, '0')}`);

const worstKey = (date: string) =>
  `raw/interval=1m/date=${date}/ticker=${WORST_TICKER}/bars.csv.gz`;

const worstObject = (date: string): ObjectResult => ({
  date,
  status: 'ok',
  rows: BIG,
  key: worstKey(date),
  bytes: BIG,
  sha256: SHA256,
  unchanged: false,
});

/**
 * One ticker's result: every calendar date of the longest window holds bars (a 24-hour market
 * has weekend bars), and an error text as long as the Lambda writes (an upper bound: an `ok`
 * result has none).
 */
export const worstDownload = (c: CollectBarsConfig): DownloadResult => ({
  ticker: WORST_TICKER,
  status: 'ok',
  rows: BIG,
  key: worstKey('2026-01-01'),
  bytes: BIG,
  sha256: SHA256,
  provider: 'alphavantage',
  error: 'E'.repeat(LAMBDA_ERROR_CHARS),
  objects: dates(c.defaults.maxWindowDays).map(worstObject),
});

/** One ticker's result when its event names an `objectsKey`: the objects are in S3, not in it. */
export const worstInlineDownload = (c: CollectBarsConfig): DownloadResult => {
  const { objects: _inS3, ...result } = worstDownload(c);
  return { ...result, objectsListed: BIG };
};

/** A batch result: its objects are in the batch's file (`objectsPrefix`), not in it. */
export const worstBatch = (c: CollectBarsConfig): DownloadBatchResult => {
  const n = c.download.distributed.batchSize;
  const { objects: _inS3, ...result } = worstDownload(c);
  return { results: Array.from({ length: n }, () => result), ok: n, empty: n, failed: n };
};

const worstCommon = (c: CollectBarsConfig) => {
  const sessions = dates(c.defaults.maxWindowDays);
  return {
    version: COLLECT_BARS_MANIFEST_VERSION,
    workflow: 'collect-bars',
    executionName: 'N'.repeat(80),
    startTime: '2026-01-31T06:00:00.000Z',
    // S3 bucket names have at most 63 characters.
    bucket: 'B'.repeat(63),
    dataPrefix: 'raw/interval=1m/',
    interval: '1m',
    provider: 'alphavantage',
    window: { from: '2026-01-01', to: '2026-01-31' },
    sessions,
    objectsPrefix: `${COLLECT_BARS_MANIFEST_PREFIX}${'N'.repeat(80)}/objects/`,
  } as const;
};

const counts = { requested: BIG, ok: BIG, empty: BIG, failed: BIG };

/**
 * The largest inline manifest: every ticker listed, as many failed tickers as it names, every
 * session of the longest window. Its objects are in files, whatever their number.
 */
export const worstInlineManifest = (c: CollectBarsConfig): InlineCollectBarsManifest => ({
  ...worstCommon(c),
  sessions: [...worstCommon(c).sessions],
  mode: 'inline',
  tickers: {
    ...counts,
    listed: Array.from({ length: maxInputTickers(c) }, () => WORST_TICKER),
    failedTickers: Array.from({ length: FAILED_TICKERS_LISTED }, () => WORST_TICKER),
  },
});

export const worstDistributedManifest = (c: CollectBarsConfig): DistributedCollectBarsManifest => ({
  ...worstCommon(c),
  sessions: [...worstCommon(c).sessions],
  mode: 'distributed',
  tickers: { ...counts, file: `manifests/${'N'.repeat(80)}/tickers.csv` },
});

/** What `aws-sdk:s3:putObject` returns. */
const putObjectResult: JsonValue = {
  ETag: `"${'e'.repeat(32)}"`,
  ChecksumCRC32: 'C'.repeat(8),
  ServerSideEncryption: 'aws:kms',
  SSEKMSKeyId: `arn:aws:kms:eu-west-2:123456789012:key/${'K'.repeat(36)}`,
  BucketKeyEnabled: true,
  VersionId: 'V'.repeat(32),
};

export const collectBarsCheckContext = (
  c: CollectBarsConfig,
  mode: DownloadModeResolved,
): CheckContext => {
  const tickers = Array.from({ length: maxInputTickers(c) }, () => WORST_TICKER);
  return {
    placeholders: COLLECT_BARS_PLACEHOLDERS,
    history: historyModel(c),
    payload: {
      mapItems: { DownloadTickers: maxTickers(c), SumResults: 4 },
      itemSamples: {
        DownloadTickers:
          mode === 'inline' ? WORST_TICKER : { ticker: WORST_TICKER, name: 'N'.repeat(200) },
        SumResults: WORST_RESULT_FILE_ITEM,
      },
      taskResults: {
        [Resource.LambdaInvoke]: lambdaResult(
          mode === 'inline' ? worstInlineDownload(c) : worstBatch(c),
        ),
        [Resource.AwsSdkS3GetObject]: { Body: resultFileBody(c), ContentType: 'application/json' },
        [Resource.AwsSdkS3PutObject]: putObjectResult,
      },
      variables: {
        run: {
          tickers,
          from: '2026-01-01',
          to: '2026-01-31',
          dates: dates(c.defaults.maxWindowDays),
          interval: '1m',
          provider: 'alphavantage',
        },
        tickers,
        tickerFile: c.universe.key,
      },
      context: WORST_CONTEXT,
    },
  };
};
