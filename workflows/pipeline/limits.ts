/**
 * Step Functions quotas the pipeline must respect at its configured size, estimated at build
 * time so a config that would fail in production is refused with the limit and the overshoot.
 * checks/ re-measures the same limits from the emitted definition.
 */

import { Limits } from '../../asl/constants.ts';
import type { HistoryModel } from '../../checks/history-estimate.ts';
import { TICKER_MAX_LENGTH } from '../../contracts/ticker.ts';
import { ERROR_MAX_CHARS, maxTickers } from './bounds.ts';
import type { Sections, TimeoutsOf } from './config.ts';

export type DownloadModeResolved = 'inline' | 'distributed';

/** Upper bound of one inline iteration's output (the trimmed download result). */
export const inlineItemOutputBytes = (): number =>
  JSON.stringify({
    ticker: 'X'.repeat(TICKER_MAX_LENGTH),
    status: 'failed',
    rows: 1e15,
    error: 'E'.repeat(ERROR_MAX_CHARS),
  }).length;

/**
 * Upper bound of one child execution's output in DISTRIBUTED mode: `{ ok, empty, failed }`, each
 * at most the batch size (DownloadBatchResult counts the batch's own tickers).
 */
export const childOutputBytes = (c: Sections<'download'>): number => {
  const n = c.download.distributed.batchSize;
  return JSON.stringify({ ok: n, empty: n, failed: n }).length;
};

/** JSON array of `n` elements of at most `each` bytes. */
export const arrayBytes = (n: number, each: number) => 2 + n * (each + 1);

export const historyModel = (c: Sections<'universe'>): HistoryModel => ({
  mapItems: { DownloadTickers: maxTickers(c), SumResults: 4 },
  defaultMapItems: maxTickers(c),
});

/**
 * Worst-case seconds of the download stage without retries: the Map's waves of invocations and,
 * DISTRIBUTED, the ticker list write and the result files' read-back.
 */
export const downloadStageSeconds = (
  c: Sections<'universe' | 'download'> & TimeoutsOf<'s3TaskSeconds'>,
  mode: DownloadModeResolved,
): number => {
  const n = maxTickers(c);
  const concurrency =
    c.download.maxConcurrency === 0 ? Limits.inlineMapMaxConcurrency : c.download.maxConcurrency;
  const batches = Math.ceil(n / c.download.distributed.batchSize);
  return mode === 'inline'
    ? Math.ceil(n / Math.min(concurrency, Limits.inlineMapMaxConcurrency)) *
        c.download.taskTimeoutSeconds
    : Math.ceil(batches / concurrency) * c.download.taskTimeoutSeconds +
        3 * c.timeouts.s3TaskSeconds;
};

export const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}`;

/** The history quota, per execution and per child execution, at `tickers` tickers. */
export const historyProblems = (
  history: { events: number; childEvents: Record<string, number> },
  tickers: number,
): string[] => {
  const problems: string[] = [];
  const maxEvents = Limits.maxHistoryEvents;
  if (history.events > maxEvents) {
    problems.push(
      `execution history: an estimated ${plural(history.events, 'events')} at ${plural(tickers, 'tickers')} ` +
        `exceed the ${plural(maxEvents, 'event')} limit by ${plural(history.events - maxEvents, 'events')} ` +
        '(use download.mode distributed, or fewer tickers)',
    );
  }
  for (const [map, events] of Object.entries(history.childEvents)) {
    if (events > maxEvents) {
      problems.push(
        `child execution history of Map '${map}': an estimated ${plural(events, 'events')} exceed the ${plural(maxEvents, 'event')} limit by ${plural(events - maxEvents, 'events')}`,
      );
    }
  }
  return problems;
};

/** The payload quota for `what` (a state payload of up to `bytes`). */
export const payloadProblems = (what: string, bytes: number): string[] =>
  bytes > Limits.maxPayloadBytes
    ? [
        `payload size: ${what} is up to ${plural(bytes, 'bytes')}, ` +
          `over the ${plural(Limits.maxPayloadBytes, 'byte')} (256 KiB) limit by ${plural(bytes - Limits.maxPayloadBytes, 'bytes')}`,
      ]
    : [];

/**
 * The execution timeout against the stage timeouts: an execution timeout runs no Catch, so a
 * workflow that creates a cluster must time out stage by stage first.
 */
export const timeoutBudgetProblems = (budgetSeconds: number, executionSeconds: number): string[] =>
  budgetSeconds > executionSeconds
    ? [
        `timeouts.executionSeconds (${executionSeconds}) is ${budgetSeconds - executionSeconds} s short of ` +
          `the stage timeouts (${budgetSeconds} s): an execution timeout runs no Catch, so the cluster teardown would be skipped`,
      ]
    : [];
