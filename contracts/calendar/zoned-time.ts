/**
 * Wall-clock times in a time zone (exchange-local session times, the local date of an instant).
 * Time zones go through `Intl.DateTimeFormat` (full ICU ships with Node and the Lambda runtime),
 * so there is no time-zone library in the bundle. Date arithmetic is dates.ts's.
 */

import { type IsoDate, toMillis } from './dates.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws RangeError for a time zone ICU does not know. */
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

type WallClock = { y: number; mo: number; d: number; h: number; mi: number; s: number };

function wallClock(ms: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    y: parts.year ?? 0,
    mo: parts.month ?? 0,
    d: parts.day ?? 0,
    h: parts.hour ?? 0,
    mi: parts.minute ?? 0,
    s: parts.second ?? 0,
  };
}

/** The exchange-local calendar date of an instant, e.g. for grouping bars by session. */
export function zonedDate(ms: number, timeZone: string): IsoDate {
  const w = wallClock(ms, timeZone);
  return `${String(w.y).padStart(4, '0')}-${pad(w.mo)}-${pad(w.d)}`;
}

/** Minutes after local midnight of an instant in `timeZone`. */
export function zonedMinutes(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  return w.h * 60 + w.mi;
}

/** Offset of `timeZone` from UTC at instant `ms`, in ms (New York in winter: -5 h). */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` reads `date` `hh:mm[:ss]`. Exchange sessions
 * never straddle a DST change (those happen at night), so one correction of the offset suffices.
 */
export function zonedTimeToUtc(date: IsoDate, time: string, timeZone: string): number {
  const [h = 0, mi = 0, s = 0] = time.split(':').map(Number);
  const guess = toMillis(date) + ((h * 60 + mi) * 60 + s) * 1000;
  const first = guess - offsetAt(guess, timeZone);
  const second = guess - offsetAt(first, timeZone);
  return second;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
