/**
 * What the static checks need to know about the pipeline that the definition does not say: the
 * declared placeholders, how many items each Map runs at the configured size, and worst-case
 * samples (typed against the Lambda contracts, so a contract change that grows a result shows up
 * in the payload estimate).
 */

import type { JsonValue } from '../../asl/types.ts';
import type {
  DownloadBatchResult,
  DownloadResult,
  ObjectResult,
} from '../../contracts/download.ts';
import { TICKER_MAX_LENGTH } from '../../contracts/ticker.ts';
import type { PipelineConfig, Sections } from './config.ts';

/** The longest ticker the input and the universe may hold. */
export const WORST_TICKER = 'X'.repeat(TICKER_MAX_LENGTH);
const TICKER = WORST_TICKER;
/** A count or a size no run reaches, written as JSON (`1e+15`: as wide as any real one). */
export const BIG = 1e15;
/** A Lambda's error message can be long; the definition must not copy it whole. */
const LONG_ERROR = 'E'.repeat(10_000);

const worstObject = (date: string): ObjectResult => ({
  date,
  status: 'failed',
  rows: BIG,
  key: `raw/interval=1m/date=${date}/ticker=${TICKER}/bars.csv.gz`,
  bytes: BIG,
  sha256: 'S'.repeat(44),
  unchanged: false,
  error: LONG_ERROR,
});

const worstDownload = (c: PipelineConfig): DownloadResult => ({
  ticker: TICKER,
  status: 'failed',
  rows: BIG,
  key: `raw/interval=1m/date=2026-01-01/ticker=${TICKER}/bars.csv.gz`,
  bytes: BIG,
  sha256: 'S'.repeat(44),
  provider: 'alphavantage',
  error: LONG_ERROR,
  objects: Array.from({ length: c.defaults.maxWindowDays }, (_, i) => worstObject(`2026-01-${i}`)),
});

const _worstBatch = (c: PipelineConfig): DownloadBatchResult => {
  const n = c.download.distributed.batchSize;
  return { results: Array.from({ length: n }, () => worstDownload(c)), ok: n, empty: n, failed: n };
};

/** What `lambda:invoke` returns around the function's own result. */
export const lambdaResult = (payload: unknown): JsonValue =>
  JSON.parse(
    JSON.stringify({
      ExecutedVersion: '$LATEST',
      Payload: payload,
      SdkHttpMetadata: { HttpStatusCode: 200, HttpHeaders: { 'X-Amz-Request-Id': 'R'.repeat(36) } },
      SdkResponseMetadata: { RequestId: 'R'.repeat(36) },
      StatusCode: 200,
    }),
  ) as JsonValue;

/** A result file row that serves both shapes (SUCCEEDED outputs and FAILED records). */
export const resultFileBody = (c: Sections<'download'>) =>
  JSON.stringify([
    {
      ok: BIG,
      empty: BIG,
      failed: BIG,
      Input: JSON.stringify({
        Items: Array.from({ length: c.download.distributed.batchSize }, () => ({ ticker: TICKER })),
      }),
    },
  ]);

/** `$states.context` with the longest names Step Functions allows (80 characters). */
export const WORST_CONTEXT = {
  Execution: {
    Id: `arn:aws:states:eu-west-2:123456789012:execution:${'M'.repeat(80)}:${'N'.repeat(80)}`,
    Name: 'N'.repeat(80),
    StartTime: '2026-01-31T06:00:00.000Z',
    RoleArn: 'arn:aws:iam::123456789012:role/execution',
  },
  StateMachine: {
    Id: `arn:aws:states:eu-west-2:123456789012:stateMachine:${'M'.repeat(80)}`,
    Name: 'M'.repeat(80),
  },
};

/** A Distributed Map result file's key, as SumResults reads it (item sample). */
export const WORST_RESULT_FILE_ITEM = {
  key: `manifests/${'N'.repeat(80)}/${'U'.repeat(36)}/SUCCEEDED_0.json`,
  succeeded: true,
};
