/**
 * Calendar-date arithmetic, the one module for it: the download task, the CLI's trading calendar
 * and the workflow's input validation all count days with these. Dates are civil dates (no time
 * zone) written `YYYY-MM-DD`; they are computed as UTC midnights, so adding days never crosses a
 * DST change. Wall-clock times in a time zone are zoned-time.ts's business.
 */

/** `YYYY-MM-DD` */
export type IsoDate = string;

export const DAY_MS = 86_400_000;

/** IsoDate as a picture string of JSONata's `$fromMillis` / `$toMillis` (XPath `format-date`). */
export const ISO_DATE_PICTURE = '[Y0001]-[M01]-[D01]';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch ms of `date` at 00:00 UTC, or undefined when it is not a real calendar date (2026-02-30). */
export function parseDate(date: string): number | undefined {
  const m = ISO_DATE.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
  const at = new Date(Date.UTC(2000, mo - 1, d));
  at.setUTCFullYear(y);
  const ms = at.getTime();
  return formatDate(ms) === date ? ms : undefined;
}

/** Epoch ms of `date` at 00:00 UTC; throws RangeError when it is not a real calendar date. */
export function toMillis(date: IsoDate): number {
  const ms = parseDate(date);
  if (ms === undefined) throw new RangeError(`not a calendar date: ${date}`);
  return ms;
}

/** The UTC calendar date of an instant. */
export function formatDate(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * `year`-`month`-`day` (month 1-12). Out-of-range months and days roll over as in `Date.UTC`
 * (day 0 is the last day of the previous month), which also limits it to years from 100 on.
 */
export function isoDate(year: number, month: number, day: number): IsoDate {
  return formatDate(Date.UTC(year, month - 1, day));
}

export function yearOf(date: IsoDate): number {
  return new Date(toMillis(date)).getUTCFullYear();
}

export function todayUtc(now: Date): IsoDate {
  return formatDate(now.getTime());
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return formatDate(toMillis(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toMillis(to) - toMillis(from)) / DAY_MS);
}

/** Every date from `from` to `to` inclusive (none when `to` is earlier). */
export function datesBetween(from: IsoDate, to: IsoDate): IsoDate[] {
  const n = daysBetween(from, to);
  return Array.from({ length: n + 1 }, (_, i) => addDays(from, i));
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(date: IsoDate): number {
  return new Date(toMillis(date)).getUTCDay();
}

export function isWeekday(date: IsoDate): boolean {
  const d = weekday(date);
  return d !== 0 && d !== 6;
}

export const WEEKDAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

/** The `n`th (1-based) given weekday (0 = Sunday) of a month, e.g. the 3rd Monday of January. */
export function nthWeekday(year: number, month: number, day: number, n: number): IsoDate {
  const first = isoDate(year, month, 1);
  const offset = (day - weekday(first) + 7) % 7;
  return addDays(first, offset + (n - 1) * 7);
}

/** The last given weekday (0 = Sunday) of a month, e.g. the last Monday of May. */
export function lastWeekday(year: number, month: number, day: number): IsoDate {
  const last = isoDate(year, month + 1, 0);
  const offset = (weekday(last) - day + 7) % 7;
  return addDays(last, -offset);
}

/** Most weekdays any window of `days` consecutive calendar days holds. */
export const maxWeekdaysIn = (days: number): number =>
  5 * Math.floor(days / 7) + Math.min(days % 7, 5);

/**
 * Most calendar days `n` consecutive weekdays can span, first to last inclusive: they cross at
 * most floor((n + 3) / 5) weekends (n = 5 from a Wednesday: Wednesday to Tuesday, 7).
 */
export const maxSpanDays = (n: number): number => n + 2 * Math.floor((n + 3) / 5);

/** Most consecutive weekdays that fit a window of `days` whichever weekday they end on (30: 21). */
export const weekdaysAlwaysFitting = (days: number): number => {
  let n = 0;
  while (maxSpanDays(n + 1) <= days) n++;
  return n;
};
