/**
 * Calendar dates (`YYYY-MM-DD`) and exchange-local wall-clock times. Time zones go through
 * `Intl.DateTimeFormat` (full ICU ships with Node and the Lambda runtime), so there is no
 * time-zone library in the bundle.
 */

const DAY_MS = 86_400_000;
const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch ms of `date` at 00:00 UTC, or undefined when it is not a real calendar date. */
export function parseDate(date: string): number | undefined {
  const m = DATE_SHAPE.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
  const at = new Date(Date.UTC(2000, mo - 1, d));
  at.setUTCFullYear(y);
  const ms = at.getTime();
  return formatDate(ms) === date ? ms : undefined;
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function todayUtc(now: Date): string {
  return formatDate(now.getTime());
}

export function addDays(date: string, days: number): string {
  return formatDate(mustParse(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((mustParse(to) - mustParse(from)) / DAY_MS);
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(mustParse(date)).getUTCDay();
}

export function isWeekday(date: string): boolean {
  const d = weekday(date);
  return d !== 0 && d !== 6;
}

/** Every date from `from` to `to` inclusive. */
export function datesBetween(from: string, to: string): string[] {
  const n = daysBetween(from, to);
  return Array.from({ length: n + 1 }, (_, i) => addDays(from, i));
}

function mustParse(date: string): number {
  const ms = parseDate(date);
  if (ms === undefined) throw new RangeError(`not a calendar date: ${date}`);
  return ms;
}

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
export function zonedDate(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${String(w.y).padStart(4, '0')}-${pad(w.mo)}-${pad(w.d)}`;
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
export function zonedTimeToUtc(date: string, time: string, timeZone: string): number {
  const [h = 0, mi = 0, s = 0] = time.split(':').map(Number);
  const guess = mustParse(date) + ((h * 60 + mi) * 60 + s) * 1000;
  const first = guess - offsetAt(guess, timeZone);
  const second = guess - offsetAt(first, timeZone);
  return second;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
