/**
 * Parses an Alpha Vantage TIME_SERIES_INTRADAY response. Pure, so unit tests feed it fixtures.
 *
 * Success: `{ "Meta Data": { "6. Time Zone": "US/Eastern", ... }, "Time Series (1min)":
 * { "2026-11-27 09:30:00": { "1. open": "..", "2. high", "3. low", "4. close", "5. volume" } } }`,
 * newest first, numbers as strings, times in the exchange's zone. Failures come back as HTTP 200:
 * `{ "Error Message": ... }` (bad symbol or key), `{ "Note" | "Information": ... }` (rate limit,
 * premium-only).
 */

import { isKnownTimeZone, zonedTimeToUtc } from '../../../contracts/calendar/zoned-time.ts';
import { isPlainObject, show } from '../../../contracts/describe.ts';
import {
  ProviderRejectedError,
  ProviderResponseError,
  ProviderThrottledError,
  UnknownTickerError,
} from '../errors.ts';
import { type HttpResponse, parseJsonBody, refuseHtml } from './http.ts';
import type { RawBar } from './types.ts';

/** Alpha Vantage's free tier counts calls per minute and per day; a minute is the shortest wait. */
const THROTTLE_RETRY_AFTER_S = 60;
const STAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

export type Intraday = { timeZone: string; byDate: Map<string, RawBar[]> };

export function parseIntraday(res: HttpResponse, ticker: string, avInterval: string): Intraday {
  const what = `alphavantage response for ${ticker} (HTTP ${res.status})`;
  refuseHtml(res, what);
  if (res.status >= 400) throw new ProviderRejectedError(`${what} is not a success`);
  const json = parseJsonBody(res, what);
  if (!isPlainObject(json)) throw new ProviderResponseError(`${what} is not a JSON object`);
  notices(json, what, ticker);
  const meta = json['Meta Data'];
  const series = json[`Time Series (${avInterval})`];
  if (!isPlainObject(meta) || !isPlainObject(series)) {
    throw new ProviderResponseError(`${what} has no "Meta Data" or "Time Series (${avInterval})"`);
  }
  const timeZone = meta['6. Time Zone'];
  if (typeof timeZone !== 'string' || !isKnownTimeZone(timeZone)) {
    throw new ProviderResponseError(`${what}: time zone ${show(timeZone)} is not a time zone`);
  }
  const byDate = new Map<string, RawBar[]>();
  for (const [stamp, values] of Object.entries(series)) {
    const m = STAMP.exec(stamp);
    if (!m || !isPlainObject(values)) {
      throw new ProviderResponseError(`${what}: entry ${show(stamp)} is not "YYYY-MM-DD HH:MM:SS"`);
    }
    const [, date = '', time = ''] = m;
    const bar: RawBar = {
      ts: zonedTimeToUtc(date, time, timeZone),
      open: decimal(values['1. open']),
      high: decimal(values['2. high']),
      low: decimal(values['3. low']),
      close: decimal(values['4. close']),
      volume: decimal(values['5. volume']),
    };
    const list = byDate.get(date);
    if (list) list.push(bar);
    else byDate.set(date, [bar]);
  }
  // The API lists bars newest first; ascending order is the documented shape, not an anomaly
  // for the normaliser to count.
  for (const bars of byDate.values()) bars.sort((a, b) => a.ts - b.ts);
  return { timeZone, byDate };
}

function notices(json: Record<string, unknown>, what: string, ticker: string): void {
  const error = json['Error Message'];
  if (typeof error === 'string') {
    if (/api ?key/i.test(error)) {
      throw new ProviderRejectedError(`${what}: the API key was refused: ${show(error)}`);
    }
    // Every other parameter is ours and validated, so an invalid call means the symbol.
    throw new UnknownTickerError(`alphavantage does not know ticker ${ticker}: ${show(error)}`);
  }
  const note = json.Note ?? json.Information;
  if (typeof note === 'string') {
    // The rate-limit notice also mentions premium plans: test it first.
    if (/rate limit|call frequency|requests? per/i.test(note)) {
      throw new ProviderThrottledError(`${what}: rate limited: ${show(note)}`, {
        retryAfterSeconds: THROTTLE_RETRY_AFTER_S,
      });
    }
    if (/premium endpoint/i.test(note)) {
      throw new ProviderRejectedError(`${what}: premium-only request: ${show(note)}`);
    }
    throw new ProviderRejectedError(`${what}: ${show(note)}`);
  }
}

function decimal(value: unknown): number | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  return Number(value);
}
