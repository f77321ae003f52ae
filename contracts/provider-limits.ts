/**
 * What each provider serves, as pure data: the providers check requests against it, and the
 * workflow's input validation (workflows/pipeline/input-provider.ts) refuses the same requests
 * before any Lambda runs.
 */
import type { Interval } from './download.ts';

/** How many days back Yahoo serves each interval, and how many days one request may span. */
export const YAHOO_LIMITS: Record<
  Interval,
  { historyDays: number | undefined; windowDays: number }
> = {
  '1m': { historyDays: 30, windowDays: 7 },
  '5m': { historyDays: 60, windowDays: 60 },
  '1h': { historyDays: 730, windowDays: 730 },
  '1d': { historyDays: undefined, windowDays: 3660 },
};

/** Alpha Vantage's intraday API names for our intervals; it serves no daily bars here. */
export const AV_INTERVAL: Partial<Record<Interval, string>> = {
  '1m': '1min',
  '5m': '5min',
  '1h': '60min',
};
