/**
 * The download task's logic, called by handler.ts and directly by tests: validate, check the
 * provider can serve the request, fetch, normalise, store; for a batch, the same per ticker with
 * bounded concurrency and per-ticker failures.
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { todayUtc } from '../../contracts/calendar/dates.ts';
import type {
  DownloadBatchResult,
  DownloadResult,
  ObjectResult,
  ProviderName,
} from '../../contracts/download.ts';
import type { ManifestObject } from '../../contracts/manifest.ts';
import { mapLimit } from '../shared/map-limit.ts';
import { BatchFailedError, InvalidInputError } from './errors.ts';
import { hasAnomalies, normaliseBars } from './normalise.ts';
import type { Provider, ProviderRequest } from './providers/types.ts';
import { countError, type RunStats } from './stats.ts';
import { type Listing, listKeys, objectKey, storeBars } from './store.ts';
import {
  type BatchRequest,
  type DownloadRequest,
  type DownloadSpec,
  isBatchEvent,
  parseBatchEvent,
  parseDownloadEvent,
} from './validate.ts';

export type DownloadDeps = {
  bucket: string;
  s3: S3Client;
  providers: Record<ProviderName, Provider>;
  now: () => Date;
  logger: Logger;
  /** Tickers in flight at once in a batch. */
  concurrency: number;
  stats: RunStats;
};

/** Any event the Lambda accepts: a single ticker or a Distributed Map batch. */
export async function handleEvent(
  event: unknown,
  deps: DownloadDeps,
): Promise<DownloadResult | DownloadBatchResult> {
  if (isBatchEvent(event)) return downloadBatch(parseBatchEvent(event, deps.now()), deps);
  return downloadTicker(parseDownloadEvent(event, deps.now()), deps);
}

/** Throws InvalidInputError when the provider cannot serve the spec (history limits, interval). */
export function checkProvider(spec: DownloadSpec, ticker: string, deps: DownloadDeps): void {
  const problems = deps.providers[spec.provider].check(
    providerRequest(spec, ticker),
    todayUtc(deps.now()),
  );
  if (problems.length > 0) {
    throw new InvalidInputError(`Invalid download event: ${problems.join('; ')}`);
  }
}

/** One ticker. Provider and S3 errors propagate, so the definition's Retry/Catch see their names. */
export async function downloadTicker(
  request: DownloadRequest,
  deps: DownloadDeps,
): Promise<DownloadResult> {
  checkProvider(request, request.ticker, deps);
  try {
    const result = await fetchAndStore(request, deps, deps.logger);
    if (request.objectsKey === undefined) return result;
    const listed = await writeObjectList(
      deps,
      request.objectsKey,
      request.ticker,
      result.objects ?? [],
    );
    // The list is in S3 now: the result (a Map iteration's output) stays the same size
    // whatever the window.
    delete result.objects;
    return { ...result, objectsListed: listed };
  } catch (error) {
    countError(deps.stats, error);
    throw error;
  }
}

/**
 * Many tickers, one spec. A ticker's failure (a refused item included) is reported in its result;
 * the batch throws only when every ticker failed: with that error's name when all failed alike
 * (so Retry policies apply), else BatchFailedError.
 */
export async function downloadBatch(
  request: BatchRequest,
  deps: DownloadDeps,
): Promise<DownloadBatchResult> {
  const { spec, tickers } = request;
  // Same spec for every ticker: provider limits are checked once, before any request.
  checkProvider(spec, tickers[0] ?? '', deps);
  if (request.rejected.length > 0) {
    deps.logger.warn('batch items refused', {
      refused: request.rejected.map((r) => r.error.message).slice(0, 10),
      count: request.rejected.length,
    });
  }
  const listing = await listPartitions(spec, deps);
  const errors: unknown[] = [];
  /** Each stored ticker's per-date results, for the batch's objects file. */
  const listed = new Map<string, ObjectResult[]>();
  const results = await mapLimit(tickers, deps.concurrency, async (ticker) => {
    // A child logger per ticker: concurrent tickers cannot share appended keys. Children inherit
    // only persistent keys, so the execution name is passed again.
    const keys = spec.executionName ? { ticker, executionName: spec.executionName } : { ticker };
    const log = deps.logger.createChild({ persistentKeys: keys });
    try {
      const result = await fetchAndStore({ ...spec, ticker }, deps, log, listing);
      if (request.objectsPrefix !== undefined) listed.set(ticker, result.objects ?? []);
      // Per-date lists of a whole batch could pass the 256 KiB payload limit; the summary stays,
      // unless the caller asked for them (validate.ts bounds how many it may keep).
      if (!request.keepObjects) delete result.objects;
      return result;
    } catch (error) {
      errors.push(error);
      countError(deps.stats, error);
      deps.stats.tickersFailed++;
      log.warn('ticker failed', { error: describeError(error) });
      return failedResult({ ...spec, ticker }, error);
    }
  });
  for (const { ticker, error } of request.rejected) {
    errors.push(error);
    countError(deps.stats, error);
    deps.stats.tickersFailed++;
    results.push({
      ticker,
      status: 'failed',
      rows: 0,
      key: '',
      bytes: 0,
      sha256: '',
      provider: spec.provider,
      error: describeError(error),
    });
  }
  const summary: DownloadBatchResult = {
    results,
    ok: results.filter((r) => r.status === 'ok').length,
    empty: results.filter((r) => r.status === 'empty').length,
    failed: results.filter((r) => r.status === 'failed').length,
  };
  if (request.duplicatesRemoved > 0) summary.duplicatesRemoved = request.duplicatesRemoved;
  if (summary.failed > 0 && summary.failed === results.length) throw batchError(errors);
  if (request.objectsPrefix !== undefined) {
    // Named after the batch's first ticker, so a rerun of the batch overwrites its own file.
    const objects = tickers.flatMap((t) => manifestObjects(t, listed.get(t) ?? []));
    await putJson(deps, `${request.objectsPrefix}${tickers[0]}.json`, objects);
  }
  return summary;
}

/** What is stored under each date partition of the spec, listed once for the whole batch. */
async function listPartitions(spec: DownloadSpec, deps: DownloadDeps): Promise<Listing> {
  const listing: Listing = new Map();
  const prefixes = spec.dates.map((date) => `raw/interval=${spec.interval}/date=${date}/`);
  const pages = await mapLimit(prefixes, deps.concurrency, (prefix) =>
    listKeys(deps.s3, deps.bucket, prefix),
  );
  for (const page of pages) for (const [key, size] of page) listing.set(key, size);
  return listing;
}

async function fetchAndStore(
  request: DownloadRequest,
  deps: DownloadDeps,
  log: Logger,
  listing?: Listing,
): Promise<DownloadResult> {
  const provider = deps.providers[request.provider];
  const byDate = await provider.fetch(providerRequest(request, request.ticker));
  const objects: ObjectResult[] = [];
  for (const date of request.dates) {
    const { bars, counts } = normaliseBars(byDate.get(date) ?? []);
    if (hasAnomalies(counts)) log.warn('bars repaired or dropped', { date, counts });
    const outcome = await storeBars(
      deps.s3,
      {
        bucket: deps.bucket,
        ticker: request.ticker,
        date,
        interval: request.interval,
        provider: request.provider,
        synthetic: provider.synthetic,
        bars,
        counts,
        ...(request.replaceWithFewerRows ? { replaceWithFewerRows: true } : {}),
      },
      listing,
    );
    const stats = deps.stats;
    stats.barsDropped += counts.input - counts.output;
    stats.barsRepaired += counts.reordered + counts.lowRepaired + counts.highRepaired;
    if (outcome.status === 'empty') stats.emptyDates++;
    else if (outcome.keptRows) {
      stats.objectsKept++;
      log.warn('kept stored bars: the download had fewer rows', {
        date,
        stored: outcome.rows,
        offered: outcome.keptRows.offered,
      });
    } else if (outcome.unchanged) stats.objectsUnchanged++;
    else {
      stats.objectsWritten++;
      stats.rowsWritten += outcome.rows;
    }
    log.debug('stored', { date, ...outcome });
    objects.push({ date, ...outcome });
  }
  return summarise(request, objects);
}

/** A ticker's stored objects (status `ok`) as a run manifest lists them (ManifestObject). */
function manifestObjects(ticker: string, objects: readonly ObjectResult[]): ManifestObject[] {
  return objects
    .filter((o) => o.status === 'ok')
    .map((o) => ({ ticker, date: o.date, key: o.key, rows: o.rows, sha256: o.sha256 }));
}

/**
 * The ticker's stored objects to `key` (DownloadEvent.objectsKey), in one PutObject: a retried
 * invocation writes the same key again. Returns how many it lists.
 */
async function writeObjectList(
  deps: DownloadDeps,
  key: string,
  ticker: string,
  objects: readonly ObjectResult[],
): Promise<number> {
  const list = manifestObjects(ticker, objects);
  await putJson(deps, key, list);
  return list.length;
}

async function putJson(deps: DownloadDeps, key: string, value: unknown): Promise<void> {
  await deps.s3.send(
    new PutObjectCommand({
      Bucket: deps.bucket,
      Key: key,
      Body: JSON.stringify(value),
      ContentType: 'application/json',
    }),
  );
}

function summarise(request: DownloadRequest, objects: ObjectResult[]): DownloadResult {
  const last = objects.at(-1) as ObjectResult;
  const result: DownloadResult = {
    ticker: request.ticker,
    status: objects.some((o) => o.status === 'ok') ? 'ok' : 'empty',
    rows: objects.reduce((sum, o) => sum + o.rows, 0),
    key: last.key,
    bytes: last.bytes,
    sha256: last.sha256,
    provider: request.provider,
  };
  // A single date's object is the result itself, unless the caller wants the list written.
  if ('from' in request.range || request.objectsKey !== undefined) result.objects = objects;
  return result;
}

function failedResult(request: DownloadRequest, error: unknown): DownloadResult {
  return {
    ticker: request.ticker,
    status: 'failed',
    rows: 0,
    key: objectKey(request.interval, request.dates.at(-1) ?? '', request.ticker),
    bytes: 0,
    sha256: '',
    provider: request.provider,
    error: describeError(error),
  };
}

function providerRequest(spec: DownloadSpec, ticker: string): ProviderRequest {
  return {
    ticker,
    interval: spec.interval,
    dates: spec.dates,
    dateField: 'date' in spec.range ? 'date' : 'from',
  };
}

const MAX_ERROR_CHARS = 240;

/** `Name: message`, cut to 240 characters so a batch of failures fits a state's payload. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS - 1)}…` : text;
}

function batchError(errors: unknown[]): Error {
  const names = errors.map((e) => (e instanceof Error ? e.name : 'Error'));
  const first = errors[0];
  if (first instanceof Error && names.every((n) => n === first.name)) {
    const error = new Error(
      `every ticker of the batch failed (${errors.length}); first: ${first.message}`,
      {
        cause: first,
      },
    );
    error.name = first.name;
    return error;
  }
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  const list = [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([n, c]) => `${n} x${c}`)
    .join(', ');
  return new BatchFailedError(`every ticker of the batch failed: ${list}`, { cause: first });
}
