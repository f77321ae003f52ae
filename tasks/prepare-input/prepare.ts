/**
 * Resolves the run's tickers: from the execution input when it names some, else from the universe
 * file. Each is upper-cased (ASCII only), checked against the allow-list download-ticker uses,
 * de-duplicated (first occurrence kept) and the list capped at `maxTickers`.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { isPlainObject, kindOf, show } from '../../contracts/describe.ts';
import type { PrepareInputResult } from '../../contracts/prepare-input.ts';
import { tickerProblem, upperCaseAscii } from '../../contracts/ticker.ts';
import { InvalidInputError } from './errors.ts';
import { readUniverse } from './universe.ts';

/** The cap a definition may ask for; keeps the Map and its payloads within Step Functions limits. */
export const MAX_TICKERS_LIMIT = 10_000;
const MAX_PROBLEMS_SHOWN = 10;
/** A relative key of plain segments ending in .csv: no `..`, no leading `/`. */
const SAFE_KEY = /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*\.csv$/;
const KNOWN = ['tickers', 'bucket', 'universeKey', 'maxTickers', 'executionName'];

export type PrepareDeps = { s3: S3Client; dataBucket: string };

export type PrepareRequest = {
  tickers: unknown[] | undefined;
  bucket: string;
  universeKey: string;
  maxTickers: number;
};

export function parsePrepareEvent(event: unknown, dataBucket: string): PrepareRequest {
  if (!isPlainObject(event)) fail([`event must be an object, got ${kindOf(event)}`]);
  const problems: string[] = [];
  for (const key of Object.keys(event)) {
    if (!KNOWN.includes(key))
      problems.push(`${show(key)} is not a known field (known: ${KNOWN.join(', ')})`);
  }
  const { tickers, bucket, universeKey, maxTickers, executionName } = event;
  if (tickers !== undefined && tickers !== null && !Array.isArray(tickers)) {
    problems.push(
      `tickers must be an array of strings, or absent to use the universe; got ${kindOf(tickers)}`,
    );
  } else if (Array.isArray(tickers) && tickers.length === 0) {
    problems.push('tickers is an empty list; leave it out (or null) to use the universe');
  }
  if (bucket !== dataBucket) {
    problems.push(`bucket must be this function's data bucket (DATA_BUCKET), got ${show(bucket)}`);
  }
  if (typeof universeKey !== 'string' || !SAFE_KEY.test(universeKey)) {
    problems.push(
      `universeKey must be a relative S3 key of plain segments ending in .csv, got ${show(universeKey)}`,
    );
  }
  if (
    !Number.isInteger(maxTickers) ||
    (maxTickers as number) < 1 ||
    (maxTickers as number) > MAX_TICKERS_LIMIT
  ) {
    problems.push(
      `maxTickers must be an integer from 1 to ${MAX_TICKERS_LIMIT}, got ${show(maxTickers)}`,
    );
  }
  if (executionName !== undefined && typeof executionName !== 'string') {
    problems.push(`executionName must be a string, got ${kindOf(executionName)}`);
  }
  if (problems.length > 0) fail(problems);
  return {
    tickers: Array.isArray(tickers) ? tickers : undefined,
    bucket: bucket as string,
    universeKey: universeKey as string,
    maxTickers: maxTickers as number,
  };
}

export async function prepareInput(event: unknown, deps: PrepareDeps): Promise<PrepareInputResult> {
  const request = parsePrepareEvent(event, deps.dataBucket);
  if (request.tickers) {
    const entries = request.tickers.map((value, i) => ({ where: `tickers[${i}]`, value }));
    return { ...normaliseTickers(entries, request.maxTickers, 'tickers'), source: 'input' };
  }
  const rows = await readUniverse(deps.s3, request.bucket, request.universeKey);
  const entries = rows.map((r) => ({
    where: `${request.universeKey} line ${r.line}: ticker`,
    value: r.ticker,
  }));
  if (entries.length === 0) fail([`universe ${request.universeKey} lists no tickers`]);
  return {
    ...normaliseTickers(entries, request.maxTickers, request.universeKey),
    source: 'universe',
  };
}

/** Upper-cases, validates every entry (all problems reported), de-duplicates, then caps. */
export function normaliseTickers(
  entries: Array<{ where: string; value: unknown }>,
  maxTickers: number,
  source: string,
): Omit<PrepareInputResult, 'source'> {
  const problems: string[] = [];
  const seen = new Set<string>();
  const tickers: string[] = [];
  let duplicatesRemoved = 0;
  for (const { where, value } of entries) {
    const ticker = typeof value === 'string' ? upperCaseAscii(value) : value;
    const problem = tickerProblem(ticker, value);
    if (problem) {
      problems.push(`${where} ${problem}`);
      continue;
    }
    const valid = ticker as string;
    if (seen.has(valid)) {
      duplicatesRemoved++;
      continue;
    }
    seen.add(valid);
    tickers.push(valid);
  }
  if (problems.length > 0) fail(problems);
  if (tickers.length > maxTickers) {
    fail([`${source} has ${tickers.length} distinct tickers, more than maxTickers ${maxTickers}`]);
  }
  return { tickers, count: tickers.length, duplicatesRemoved };
}

function fail(problems: string[]): never {
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN);
  const more = problems.length - shown.length;
  throw new InvalidInputError(
    `Invalid prepare-input event: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`,
  );
}
