/**
 * Yahoo Finance's public chart API: `GET /v8/finance/chart/{symbol}?period1&period2&interval
 * &includePrePost=false`. Unofficial and unkeyed; its limits are documented here from its
 * behaviour: 1-minute bars only for the last 30 days and at most 7 days per request, 5-minute for
 * 60 days, hourly for 730 days.
 */
import { addDays, daysBetween, parseDate } from '../../../contracts/calendar/dates.ts';
import { zonedDate } from '../../../contracts/calendar/zoned-time.ts';
import type { Interval } from '../../../contracts/download.ts';
import { YAHOO_LIMITS } from '../../../contracts/provider-limits.ts';
import type { HttpClient } from './http.ts';
import type { Provider, ProviderRequest, RawBar } from './types.ts';
import { parseChart } from './yahoo-parse.ts';

const YAHOO_INTERVAL: Record<Interval, string> = {
  '1m': '1m',
  '5m': '5m',
  '1h': '60m',
  '1d': '1d',
};

export { YAHOO_LIMITS } from '../../../contracts/provider-limits.ts';

const HOUR_S = 3600;
/**
 * Each window reaches 12 h either side of its dates' UTC midnights, so a session in any time zone
 * is inside it; bars are then assigned to dates in the exchange's own time zone.
 */
const PAD_S = 12 * HOUR_S;

export type YahooOptions = { baseUrl: string; http: HttpClient; now: () => Date };

export function createYahooProvider(options: YahooOptions): Provider {
  return {
    name: 'yahoo',
    synthetic: false,
    check: (request, today) => checkYahoo(request, today),
    fetch: async (request) => {
      const byDate = new Map<string, RawBar[]>();
      const wanted = new Set(request.dates);
      // One request at a time per ticker: the batch already runs tickers in parallel.
      for (const window of yahooWindows(request, options.now())) {
        const url = new URL(
          `${options.baseUrl}/v8/finance/chart/${encodeURIComponent(request.ticker)}`,
        );
        url.search = new URLSearchParams({
          period1: String(window.period1),
          period2: String(window.period2),
          interval: YAHOO_INTERVAL[request.interval],
          includePrePost: 'false',
        }).toString();
        const res = await options.http.get(url, { provider: 'yahoo', ticker: request.ticker });
        const chart = parseChart(res, request.ticker);
        for (const bar of chart.bars) {
          const date = zonedDate(bar.ts, chart.timeZone);
          if (!wanted.has(date)) continue;
          const list = byDate.get(date);
          if (list) list.push(bar);
          else byDate.set(date, [bar]);
        }
      }
      return byDate;
    },
  };
}

export function checkYahoo(request: ProviderRequest, today: string): string[] {
  const { historyDays } = YAHOO_LIMITS[request.interval];
  const first = request.dates[0];
  if (historyDays === undefined || first === undefined) return [];
  const earliest = addDays(today, -(historyDays - 1));
  if (first >= earliest) return [];
  return [
    `${request.dateField} ${first} is older than Yahoo keeps ${request.interval} bars: the last ${historyDays} days, from ${earliest}`,
  ];
}

export type Window = { dates: string[]; period1: number; period2: number };

/**
 * Groups the dates into requests Yahoo accepts: each spans (padding included) at most
 * `windowDays`, and none starts before Yahoo's history limit.
 */
export function yahooWindows(request: ProviderRequest, now: Date): Window[] {
  const { historyDays, windowDays } = YAHOO_LIMITS[request.interval];
  const maxSpanDays = windowDays - 2; // two half-day pads
  const nowS = Math.floor(now.getTime() / 1000);
  const floor =
    historyDays === undefined
      ? Number.NEGATIVE_INFINITY
      : nowS - historyDays * 24 * HOUR_S + HOUR_S;
  const windows: Window[] = [];
  let current: string[] = [];
  const flush = (): void => {
    const first = current[0];
    const last = current.at(-1);
    if (first === undefined || last === undefined) return;
    const start = (parseDate(first) ?? 0) / 1000 - PAD_S;
    const end = (parseDate(addDays(last, 1)) ?? 0) / 1000 + PAD_S;
    windows.push({ dates: current, period1: Math.max(start, floor), period2: Math.min(end, nowS) });
    current = [];
  };
  for (const date of request.dates) {
    const first = current[0];
    if (first !== undefined && daysBetween(first, date) > maxSpanDays) flush();
    current.push(date);
  }
  flush();
  return windows;
}
