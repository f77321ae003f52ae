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

/** Length of the regular session in minutes (NYSE 390, LSE 510). */
export function sessionMinutes(exchange: Exchange): number {
  const { open, close } = EXCHANGES[exchange];
  return minutesOfDay(close) - minutesOfDay(open);
}

/**
 * Bars one regular session gives at `interval`, counted from the open as the providers and the
 * synthetic bars count them; the last may be short (NYSE at 1h: 7, 09:30 to 15:30). One at 1d.
 */
export function barsPerSession(exchange: Exchange, interval: Interval): number {
  return Math.ceil(sessionMinutes(exchange) / INTERVAL_MINUTES[interval]);
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
