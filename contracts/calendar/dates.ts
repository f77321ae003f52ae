/**
 * Calendar-date arithmetic on ISO `YYYY-MM-DD` strings. Dates are civil dates (no time zone):
 * they are handled as UTC midnights so that adding days never crosses a DST change.
 */

/** `YYYY-MM-DD` */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Parses `YYYY-MM-DD`, rejecting impossible dates (2026-02-30); undefined when malformed. */
export function parseIsoDate(text: string): Date | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1) return undefined;
  if (date.getUTCDate() !== day) return undefined;
  return date;
}

export function toIsoDate(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

export function utcDate(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day));
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

export function addIsoDays(date: IsoDate, days: number): IsoDate {
  return toIsoDate(addDays(new Date(`${date}T00:00:00Z`), days));
}

/** 0 = Sunday ... 6 = Saturday */
export function weekday(date: Date): number {
  return date.getUTCDay();
}

export function isWeekend(date: Date): boolean {
  const day = weekday(date);
  return day === 0 || day === 6;
}

/** The `n`th (1-based) given weekday of a month, e.g. the 3rd Monday of January. */
export function nthWeekday(year: number, month: number, day: number, n: number): Date {
  const first = utcDate(year, month, 1);
  const offset = (day - weekday(first) + 7) % 7;
  return addDays(first, offset + (n - 1) * 7);
}

/** The last given weekday of a month, e.g. the last Monday of May. */
export function lastWeekday(year: number, month: number, day: number): Date {
  const last = utcDate(year, month + 1, 0);
  const offset = (weekday(last) - day + 7) % 7;
  return addDays(last, -offset);
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
