/**
 * Parses a Yahoo chart API response body. Pure, so the unit tests feed it fixtures.
 *
 * Success: `{ chart: { result: [{ meta: { exchangeTimezoneName }, timestamp: [s...],
 * indicators: { quote: [{ open: [...], high, low, close, volume }] } }], error: null } }`; a range
 * with no trading has no `timestamp`. Unknown symbol: HTTP 404 with
 * `{ chart: { result: null, error: { code: 'Not Found', description } } }`.
 */

import { isKnownTimeZone } from '../../../contracts/calendar/zoned-time.ts';
import { isPlainObject, show } from '../../../contracts/describe.ts';
import { ProviderRejectedError, ProviderResponseError, UnknownTickerError } from '../errors.ts';
import { type HttpResponse, parseJsonBody, refuseHtml } from './http.ts';
import type { RawBar } from './types.ts';

export type Chart = { timeZone: string; bars: RawBar[] };

export function parseChart(res: HttpResponse, ticker: string): Chart {
  const what = `yahoo response for ${ticker} (HTTP ${res.status})`;
  refuseHtml(res, what);
  const json = parseJsonBody(res, what);
  const chart = isPlainObject(json) ? json.chart : undefined;
  if (!isPlainObject(chart)) throw new ProviderResponseError(`${what} has no chart object`);
  if (isPlainObject(chart.error)) {
    const { code, description } = chart.error;
    if (code === 'Not Found') {
      throw new UnknownTickerError(`yahoo does not know ticker ${ticker}: ${show(description)}`);
    }
    throw new ProviderRejectedError(`${what} is an error: ${show(code)} ${show(description)}`);
  }
  if (res.status !== 200) throw new ProviderRejectedError(`${what} is not a success`);
  const results = chart.result;
  if (!Array.isArray(results)) throw new ProviderResponseError(`${what} has no chart.result`);
  const result: unknown = results[0];
  if (result === undefined) return { timeZone: 'UTC', bars: [] };
  if (!isPlainObject(result))
    throw new ProviderResponseError(`${what}: chart.result[0] is not an object`);
  const meta = isPlainObject(result.meta) ? result.meta : {};
  const timeZone = meta.exchangeTimezoneName;
  // No trading in the range: Yahoo leaves out `timestamp` (and the quote arrays).
  if (result.timestamp === undefined || result.timestamp === null) {
    return { timeZone: typeof timeZone === 'string' ? timeZone : 'UTC', bars: [] };
  }
  if (typeof timeZone !== 'string' || !isKnownTimeZone(timeZone)) {
    throw new ProviderResponseError(
      `${what}: meta.exchangeTimezoneName ${show(timeZone)} is not a time zone`,
    );
  }
  const timestamps = result.timestamp;
  if (!Array.isArray(timestamps) || !timestamps.every((t) => Number.isInteger(t))) {
    throw new ProviderResponseError(`${what}: timestamp is not an array of integer seconds`);
  }
  const indicators = isPlainObject(result.indicators) ? result.indicators : {};
  const quote: unknown = Array.isArray(indicators.quote) ? indicators.quote[0] : undefined;
  if (!isPlainObject(quote))
    throw new ProviderResponseError(`${what}: indicators.quote[0] is missing`);
  const column = (name: string): unknown[] => {
    const values = quote[name];
    if (!Array.isArray(values) || values.length !== timestamps.length) {
      throw new ProviderResponseError(
        `${what}: quote.${name} is not an array as long as timestamp (${timestamps.length})`,
      );
    }
    return values;
  };
  const [open, high, low, close, volume] = ['open', 'high', 'low', 'close', 'volume'].map(column);
  const bars = timestamps.map(
    (t, i): RawBar => ({
      ts: (t as number) * 1000,
      open: numberOrNull(open?.[i]),
      high: numberOrNull(high?.[i]),
      low: numberOrNull(low?.[i]),
      close: numberOrNull(close?.[i]),
      volume: numberOrNull(volume?.[i]),
    }),
  );
  return { timeZone, bars };
}

/** Yahoo writes `null` for minutes without a trade; anything not a number is treated alike. */
function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}
