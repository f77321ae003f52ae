/**
 * Regular trading sessions, for the synthetic provider and for choosing session dates. Two
 * exchanges are modelled: the London Stock Exchange for Yahoo's `.L` suffix, and NYSE for
 * everything else. Exchange holidays are not modelled: a provider returns no bars for them and
 * the date comes back `empty`.
 */

import type { Interval } from '../download.ts';
import { isWeekday } from './dates.ts';
import { zonedTimeToUtc } from './zoned-time.ts';

export type Exchange = {
  name: 'LSE' | 'NYSE';
  timeZone: string;
  /** Local wall-clock open and close, `HH:MM`. */
  open: string;
  close: string;
};

export const LSE: Exchange = {
  name: 'LSE',
  timeZone: 'Europe/London',
  open: '08:00',
  close: '16:30',
};
export const NYSE: Exchange = {
  name: 'NYSE',
  timeZone: 'America/New_York',
  open: '09:30',
  close: '16:00',
};

export function exchangeFor(ticker: string): Exchange {
  return ticker.endsWith('.L') ? LSE : NYSE;
}

export const INTERVAL_MINUTES: Record<Interval, number> = {
  '1m': 1,
  '5m': 5,
  '1h': 60,
  '1d': 24 * 60,
};

/** The session's open and close as epoch ms, or undefined on a weekend. */
export function sessionBounds(
  exchange: Exchange,
  date: string,
): { open: number; close: number } | undefined {
  if (!isWeekday(date)) return undefined;
  return {
    open: zonedTimeToUtc(date, exchange.open, exchange.timeZone),
    close: zonedTimeToUtc(date, exchange.close, exchange.timeZone),
  };
}
