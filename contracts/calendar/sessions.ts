/**
 * Regular trading sessions of the exchanges (exchanges.ts), for the synthetic provider and for
 * the bars a session gives at each interval. A ticker's exchange is exchangeOf(ticker): the
 * London Stock Exchange for Yahoo's `.L` suffix, NYSE for everything else. Exchange holidays are
 * not modelled here: a provider returns no bars for them and the date comes back `empty`.
 */

import type { Interval } from '../download.ts';
import { isWeekday } from './dates.ts';
import { EXCHANGES, type Exchange } from './exchanges.ts';
import { zonedTimeToUtc } from './zoned-time.ts';

export const INTERVAL_MINUTES: Record<Interval, number> = {
  '1m': 1,
  '5m': 5,
  '1h': 60,
  '1d': 24 * 60,
};

/** Minutes after midnight of a wall-clock `HH:MM`. */
export function minutesOfDay(time: string): number {
  const [h = 0, m = 0] = time.split(':').map(Number);
  return h * 60 + m;
}

/** The session's open and close as epoch ms, or undefined on a weekend. */
export function sessionBounds(
  exchange: Exchange,
  date: string,
): { open: number; close: number } | undefined {
  if (!isWeekday(date)) return undefined;
  const { open, close, timeZone } = EXCHANGES[exchange];
  return {
    open: zonedTimeToUtc(date, open, timeZone),
    close: zonedTimeToUtc(date, close, timeZone),
  };
}
