/**
 * Event validation, before anything else runs: every field is checked, every problem is reported
 * in one InvalidInputError naming the field and the rule, and nothing untrusted reaches a URL, an
 * S3 key or a log line unvalidated.
 */

import { datesBetween, daysBetween, parseDate, todayUtc } from '../../contracts/calendar/dates.ts';
import { isPlainObject, kindOf, show } from '../../contracts/describe.ts';
import {
  type Interval,
  Intervals,
  MAX_KEPT_OBJECTS,
  type ProviderName,
  Providers,
} from '../../contracts/download.ts';
import { COLLECT_BARS_MANIFEST_PREFIX } from '../../contracts/manifest.ts';
import { tickerProblem, upperCaseAscii } from '../../contracts/ticker.ts';
import { InvalidInputError } from './errors.ts';

/** Longest `from`..`to` range, in calendar days. */
export const MAX_RANGE_DAYS = 366;
/**
 * Most tickers in one batch event: 500 results (failed ones included) stay well inside Step
 * Functions' 256 KiB payload limit.
 */
export const MAX_BATCH_ITEMS = 500;
/** Most objects (tickers x dates) one invocation may write: keeps it inside the Lambda timeout. */
export const MAX_OBJECTS_PER_INVOCATION = 5000;
export { MAX_KEPT_OBJECTS } from '../../contracts/download.ts';

const EARLIEST_DATE = '1970-01-01';
const MAX_PROBLEMS_SHOWN = 10;

export type DateRange = { date: string } | { from: string; to: string };

/** What every ticker of an event shares. */
export type DownloadSpec = {
  interval: Interval;
  provider: ProviderName;
  range: DateRange;
  /** Every calendar date of the range, ascending: one object each. */
  dates: string[];
  executionName?: string;
  /** Replace stored bars with fewer rows. @default false */
  replaceWithFewerRows?: boolean;
};

export type DownloadRequest = DownloadSpec & {
  ticker: string;
  /** Where to write the ticker's stored objects (DownloadEvent.objectsKey). */
  objectsKey?: string;
};

/** A batch item refused by validation: reported as a failed ticker, never requested or written. */
export type RejectedItem = { ticker: string; error: InvalidInputError };

export type BatchRequest = {
  spec: DownloadSpec;
  /** Valid tickers, upper-cased, each once, in item order. */
  tickers: string[];
  rejected: RejectedItem[];
  /** Items dropped because an earlier item had the same ticker. */
  duplicatesRemoved: number;
  /** Keep each ticker's per-date `objects` in its result (BatchInput.keepObjects). */
  keepObjects: boolean;
  /** Where to write the batch's stored objects (BatchInput.objectsPrefix). */
  objectsPrefix?: string;
};

const SPEC_KEYS = [
  'interval',
  'provider',
  'date',
  'from',
  'to',
  'executionName',
  'replaceWithFewerRows',
];

/** True for a Distributed Map batch (`Items` / `BatchInput`), false for a single-ticker event. */
export function isBatchEvent(event: unknown): boolean {
  return isPlainObject(event) && ('Items' in event || 'BatchInput' in event);
}

export function parseDownloadEvent(event: unknown, now: Date): DownloadRequest {
  const problems: string[] = [];
  if (!isPlainObject(event)) fail([`event must be an object, got ${kindOf(event)}`]);
  unknownKeys(event, ['ticker', ...SPEC_KEYS, 'objectsKey'], '', problems);
  const ticker = checkTicker(event.ticker, 'ticker', problems);
  const spec = parseSpec(event, '', now, problems);
  const objectsKey = checkObjectsKey(event.objectsKey, ticker, problems);
  if (problems.length > 0 || !spec || !ticker) fail(problems);
  return objectsKey === undefined ? { ...spec, ticker } : { ...spec, ticker, objectsKey };
}

const OBJECTS_KEY = new RegExp(
  `^${COLLECT_BARS_MANIFEST_PREFIX.replace(/[/]/g, '\\/')}[^/\\p{Cc}]{1,80}\\/objects\\/([^/]+)\\.json$`,
  'u',
);

/**
 * `objectsKey`: only a run manifest's object file of this very ticker, so an event cannot make
 * the function write anywhere else (its role allows `manifests/collect-bars/*` only).
 */
function checkObjectsKey(
  value: unknown,
  ticker: string | undefined,
  problems: string[],
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    problems.push(`objectsKey must be a string, got ${kindOf(value)}`);
    return undefined;
  }
  const named = OBJECTS_KEY.exec(value)?.[1];
  if (named === undefined || (ticker !== undefined && named !== ticker)) {
    problems.push(
      `objectsKey must be ${COLLECT_BARS_MANIFEST_PREFIX}<execution name>/objects/<ticker>.json with the event's ticker${ticker === undefined ? '' : ` (${ticker})`}, got ${show(value)}`,
    );
    return undefined;
  }
  return value;
}

/**
 * A Distributed Map batch. The event's shape and BatchInput must be valid or the whole batch is
 * refused. Items are judged one by one, because an ItemReader over the universe file hands them
 * over without prepare-input having seen them: each is upper-cased (ASCII) and checked as
 * prepare-input would; a bad one is rejected on its own, repeats are dropped. A batch whose every
 * item is bad is refused as a whole.
 */
export function parseBatchEvent(event: unknown, now: Date): BatchRequest {
  const problems: string[] = [];
  if (!isPlainObject(event)) fail([`event must be an object, got ${kindOf(event)}`]);
  unknownKeys(event, ['Items', 'BatchInput'], '', problems);
  const input = event.BatchInput;
  let spec: DownloadSpec | undefined;
  if (!isPlainObject(input)) {
    problems.push(`BatchInput must be an object, got ${kindOf(input)}`);
  } else {
    unknownKeys(input, [...SPEC_KEYS, 'keepObjects', 'objectsPrefix'], 'BatchInput.', problems);
    spec = parseSpec(input, 'BatchInput.', now, problems);
  }
  const keepObjects = isPlainObject(input) ? input.keepObjects : undefined;
  if (keepObjects !== undefined && typeof keepObjects !== 'boolean') {
    problems.push(`BatchInput.keepObjects must be a boolean, got ${kindOf(keepObjects)}`);
  }
  const items = parseItems(event.Items, problems);
  if (spec && items.tickers.length * spec.dates.length > MAX_OBJECTS_PER_INVOCATION) {
    const n = items.tickers.length;
    problems.push(
      `Items x dates is ${n} x ${spec.dates.length} = ${n * spec.dates.length} objects, more than ${MAX_OBJECTS_PER_INVOCATION} per invocation`,
    );
  }
  const kept = spec === undefined ? 0 : items.tickers.length * spec.dates.length;
  if (keepObjects === true && kept > MAX_KEPT_OBJECTS) {
    problems.push(
      `BatchInput.keepObjects: Items x dates is ${kept} objects, more than the ${MAX_KEPT_OBJECTS} whose results fit a state payload`,
    );
  }
  if (items.tickers.length === 0 && items.rejected.length > 0) {
    problems.push(...items.rejected.map((r) => r.error.message));
  }
  const objectsPrefix = isPlainObject(input)
    ? checkObjectsPrefix(input.objectsPrefix, problems)
    : undefined;
  if (problems.length > 0 || !spec) fail(problems);
  const request: BatchRequest = { spec, ...items, keepObjects: keepObjects === true };
  if (objectsPrefix !== undefined) request.objectsPrefix = objectsPrefix;
  return request;
}

const OBJECTS_PREFIX = new RegExp(
  `^${COLLECT_BARS_MANIFEST_PREFIX.replace(/[/]/g, '\\/')}[^/\\p{Cc}]{1,80}\\/objects\\/$`,
  'u',
);

/** `BatchInput.objectsPrefix`: a run manifest's objects folder, nothing else. */
function checkObjectsPrefix(value: unknown, problems: string[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !OBJECTS_PREFIX.test(value)) {
    problems.push(
      `BatchInput.objectsPrefix must be ${COLLECT_BARS_MANIFEST_PREFIX}<execution name>/objects/, got ${show(value)}`,
    );
    return undefined;
  }
  return value;
}

function parseItems(
  items: unknown,
  problems: string[],
): Omit<BatchRequest, 'spec' | 'keepObjects'> {
  const out: Omit<BatchRequest, 'spec' | 'keepObjects'> = {
    tickers: [],
    rejected: [],
    duplicatesRemoved: 0,
  };
  if (!Array.isArray(items)) {
    problems.push(`Items must be an array, got ${kindOf(items)}`);
    return out;
  }
  if (items.length === 0) problems.push('Items must not be empty');
  if (items.length > MAX_BATCH_ITEMS) {
    problems.push(`Items has ${items.length} entries, more than ${MAX_BATCH_ITEMS}`);
    return out;
  }
  const seen = new Set<string>();
  items.forEach((item, i) => {
    // An ItemReader over a CSV passes whole rows ({ ticker, name }); only `ticker` is used.
    const value = isPlainObject(item) ? item.ticker : item;
    const field = isPlainObject(item) ? `Items[${i}].ticker` : `Items[${i}]`;
    const itemProblems: string[] = [];
    const ticker = checkTicker(value, field, itemProblems);
    if (!ticker) {
      const label = typeof value === 'string' ? value.slice(0, 40) : kindOf(value);
      out.rejected.push({ ticker: label, error: new InvalidInputError(itemProblems.join('; ')) });
    } else if (seen.has(ticker)) {
      out.duplicatesRemoved++;
    } else {
      seen.add(ticker);
      out.tickers.push(ticker);
    }
  });
  return out;
}

function parseSpec(
  event: Record<string, unknown>,
  prefix: string,
  now: Date,
  problems: string[],
): DownloadSpec | undefined {
  const before = problems.length;
  const { interval, provider, executionName, replaceWithFewerRows } = event;
  if (replaceWithFewerRows !== undefined && typeof replaceWithFewerRows !== 'boolean') {
    problems.push(
      `${prefix}replaceWithFewerRows must be a boolean, got ${kindOf(replaceWithFewerRows)}`,
    );
  }
  if (!Intervals.includes(interval as Interval)) {
    problems.push(
      `${prefix}interval must be one of ${Intervals.join(', ')}, got ${show(interval)}`,
    );
  }
  if (!Providers.includes(provider as ProviderName)) {
    problems.push(
      `${prefix}provider must be one of ${Providers.join(', ')}, got ${show(provider)}`,
    );
  }
  if (executionName !== undefined) {
    if (typeof executionName !== 'string') {
      problems.push(`${prefix}executionName must be a string, got ${kindOf(executionName)}`);
    } else if (!/^[^\p{Cc}]{1,80}$/u.test(executionName)) {
      problems.push(
        `${prefix}executionName must be 1-80 characters without control characters, got ${show(executionName)}`,
      );
    }
  }
  const range = parseRange(event, prefix, todayUtc(now), problems);
  if (problems.length > before || !range) return undefined;
  const dates = 'date' in range ? [range.date] : datesBetween(range.from, range.to);
  const spec: DownloadSpec = {
    interval: interval as Interval,
    provider: provider as ProviderName,
    range,
    dates,
  };
  if (typeof executionName === 'string') spec.executionName = executionName;
  if (replaceWithFewerRows === true) spec.replaceWithFewerRows = true;
  return spec;
}

function parseRange(
  event: Record<string, unknown>,
  prefix: string,
  today: string,
  problems: string[],
): DateRange | undefined {
  const hasDate = event.date !== undefined;
  const hasRange = event.from !== undefined || event.to !== undefined;
  if (hasDate && hasRange) {
    problems.push(
      `${prefix}date and ${prefix}from/${prefix}to are exclusive: give one or the other`,
    );
    return undefined;
  }
  if (!hasDate && !hasRange) {
    problems.push(`${prefix}date (or ${prefix}from and ${prefix}to) is required`);
    return undefined;
  }
  if (hasDate) {
    const date = checkDate(event.date, `${prefix}date`, today, problems);
    return date ? { date } : undefined;
  }
  const from = checkDate(event.from, `${prefix}from`, today, problems);
  const to = checkDate(event.to, `${prefix}to`, today, problems);
  if (!from || !to) return undefined;
  const days = daysBetween(from, to) + 1;
  if (days < 1) {
    problems.push(`${prefix}from ${from} is after ${prefix}to ${to}`);
    return undefined;
  }
  if (days > MAX_RANGE_DAYS) {
    problems.push(`${prefix}from..to spans ${days} days, more than ${MAX_RANGE_DAYS}`);
    return undefined;
  }
  return { from, to };
}

function checkDate(
  value: unknown,
  field: string,
  today: string,
  problems: string[],
): string | undefined {
  if (typeof value !== 'string') {
    problems.push(`${field} must be a YYYY-MM-DD string, got ${kindOf(value)}`);
    return undefined;
  }
  if (parseDate(value) === undefined) {
    problems.push(`${field} ${show(value)} is not a real calendar date in YYYY-MM-DD form`);
    return undefined;
  }
  if (value < EARLIEST_DATE) {
    problems.push(`${field} ${value} is before ${EARLIEST_DATE}`);
    return undefined;
  }
  if (value > today) {
    problems.push(`${field} ${value} is in the future (today is ${today} UTC)`);
    return undefined;
  }
  return value;
}

/** The ticker upper-cased (ASCII letters only, like prepare-input), or undefined with a problem. */
function checkTicker(value: unknown, field: string, problems: string[]): string | undefined {
  const ticker = typeof value === 'string' ? upperCaseAscii(value) : value;
  const problem = tickerProblem(ticker, value);
  if (problem) {
    problems.push(`${field} ${problem}`);
    return undefined;
  }
  return ticker as string;
}

function unknownKeys(
  event: Record<string, unknown>,
  known: string[],
  prefix: string,
  problems: string[],
): void {
  for (const key of Object.keys(event)) {
    if (!known.includes(key)) {
      problems.push(`${prefix}${show(key)} is not a known field (known: ${known.join(', ')})`);
    }
  }
}

function fail(problems: string[]): never {
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN);
  const more = problems.length - shown.length;
  throw new InvalidInputError(
    `Invalid download event: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`,
  );
}
