/**
 * Step Functions quotas collect-bars must respect at its configured size, estimated at build
 * time: the pipeline's history and download-payload limits, and two of its own. The run manifest
 * is one putObject of a document built in the definition, so it must fit a state payload, with
 * room for train-model's getObject of it.
 * The manifest lists tickers (inline) and sessions but no objects (those are in files), so its
 * size grows with the universe, not with the window.
 */
import { Limits } from '../../asl/constants.ts';
import type { StateMachine } from '../../asl/types.ts';
import { estimateHistoryEvents } from '../../checks/history-estimate.ts';
import { maxInputTickers, maxTickers } from '../pipeline/bounds.ts';
import { lambdaResult } from '../pipeline/check-model.ts';
import {
  arrayBytes,
  childOutputBytes,
  type DownloadModeResolved,
  downloadStageSeconds,
  historyModel,
  historyProblems,
  payloadProblems,
  plural,
} from '../pipeline/limits.ts';
import {
  worstBatch,
  worstDistributedManifest,
  worstInlineDownload,
  worstInlineManifest,
} from './check-model.ts';
import type { CollectBarsConfig } from './config.ts';

/**
 * Largest manifest: 256 KiB less 2 KiB for the putObject's other arguments and for the metadata
 * of train-model's getObject result, which carries the manifest as its Body.
 */
export const MANIFEST_MAX_BYTES = Limits.maxPayloadBytes - 2048;

/** Bytes of a document in a state payload: its JSON as a JSON string (quotes escaped). */
export const inPayloadBytes = (document: unknown): number =>
  JSON.stringify(JSON.stringify(document)).length;

/** Upper bound of the inline manifest at the configured size. */
export const inlineManifestBytes = (c: CollectBarsConfig): number =>
  inPayloadBytes(worstInlineManifest(c));

/**
 * Upper bound of one inline iteration's output: the trimmed result (the Lambda writes the
 * ticker's objects to S3, so the window's length does not matter).
 */
export const inlineIterationBytes = (c: CollectBarsConfig): number => {
  const d = worstInlineDownload(c);
  return JSON.stringify({
    ticker: d.ticker,
    status: 'failed',
    rows: d.rows,
    error: 'E'.repeat(120),
    objects: d.objectsListed,
  }).length;
};

/** Worst-case seconds the stage timeouts add up to (without retries). */
export const timeoutBudgetSeconds = (c: CollectBarsConfig, mode: DownloadModeResolved): number =>
  c.timeouts.prepareInputSeconds + downloadStageSeconds(c, mode) + c.timeouts.s3TaskSeconds;

export type CollectBarsEstimates = {
  historyEvents: number;
  childHistoryEvents: Record<string, number>;
  /** Bytes of the largest state payload the download stage produces, and what it is. */
  downloadPayloadBytes: number;
  downloadPayload: string;
  /** Bytes of the run manifest in WriteRunManifest's arguments. */
  manifestBytes: number;
  /** Worst-case seconds the stage timeouts add up to (without retries). */
  timeoutBudgetSeconds: number;
};

export const estimateCollectBars = (
  c: CollectBarsConfig,
  mode: DownloadModeResolved,
  definition: StateMachine,
): CollectBarsEstimates => {
  const history = estimateHistoryEvents(definition, historyModel(c));
  const n = maxTickers(c);
  const batch = c.download.distributed.batchSize;
  const batches = Math.ceil(n / batch);
  // DISTRIBUTED: a batch result, or the result files read back, whichever is larger.
  const batchResult = JSON.stringify(lambdaResult(worstBatch(c))).length;
  const readBack = arrayBytes(batches, childOutputBytes(c));
  return {
    historyEvents: history.events,
    childHistoryEvents: history.childEvents,
    ...(mode === 'inline'
      ? {
          downloadPayloadBytes: arrayBytes(n, inlineIterationBytes(c)),
          downloadPayload: `the DownloadTickers Map result (${plural(n, 'tickers')})`,
        }
      : batchResult >= readBack
        ? {
            downloadPayloadBytes: batchResult,
            downloadPayload: `a DownloadBatch result (${plural(batch, 'tickers')})`,
          }
        : {
            downloadPayloadBytes: readBack,
            downloadPayload: `one result file read back by ReadResultFile (${plural(batches, 'batches')})`,
          }),
    manifestBytes: inPayloadBytes(
      mode === 'inline' ? worstInlineManifest(c) : worstDistributedManifest(c),
    ),
    timeoutBudgetSeconds: timeoutBudgetSeconds(c, mode),
  };
};

/** Every quota the estimates break, each naming the limit and by how much. */
export const collectBarsLimitProblems = (
  c: CollectBarsConfig,
  e: CollectBarsEstimates,
): string[] => [
  ...historyProblems({ events: e.historyEvents, childEvents: e.childHistoryEvents }, maxTickers(c)),
  ...payloadProblems(e.downloadPayload, e.downloadPayloadBytes),
  ...(e.manifestBytes > MANIFEST_MAX_BYTES
    ? [
        `run manifest: up to ${plural(e.manifestBytes, 'bytes')} at ${plural(maxInputTickers(c), 'listed tickers')}, ` +
          `over the ${plural(MANIFEST_MAX_BYTES, 'byte')} a state payload leaves it by ${plural(e.manifestBytes - MANIFEST_MAX_BYTES, 'bytes')} ` +
          '(use download.mode distributed or fewer tickers)',
      ]
    : []),
  ...(e.timeoutBudgetSeconds > c.timeouts.executionSeconds
    ? [
        `timeouts.executionSeconds (${c.timeouts.executionSeconds}) is ${e.timeoutBudgetSeconds - c.timeouts.executionSeconds} s short of ` +
          `the stage timeouts (${e.timeoutBudgetSeconds} s): a run at ${plural(maxTickers(c), 'tickers')} could time out before it writes its manifest`,
      ]
    : []),
];
