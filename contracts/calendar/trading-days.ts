/**
 * Trading days of the exchanges (exchanges.ts): weekends and exchange holidays are skipped; "the
 * last completed session" is the CLI's default `--date`.
 */
import {
  addDays,
  type IsoDate,
  isWeekday,
  parseDate,
  WEEKDAY_NAMES,
  weekday,
  yearOf,
} from './dates.ts';
import { EXCHANGES, type Exchange } from './exchanges.ts';
import { lseHolidays } from './lse.ts';
import { nyseHolidays } from './nyse.ts';
import { minutesOfDay } from './sessions.ts';
import { zonedDate, zonedMinutes } from './zoned-time.ts';

/** The first year the holiday rules are known to be complete for. */
export const CALENDAR_FIRST_YEAR = 2000;

const HOLIDAY_RULES: Record<Exchange, (year: number) => Map<IsoDate, string>> = {
  nyse: nyseHolidays,
  lse: lseHolidays,
};

const cache = new Map<string, Map<IsoDate, string>>();

/** Full-day closures of `exchange` in `year`: date -> holiday name. */
export function exchangeHolidays(exchange: Exchange, year: number): Map<IsoDate, string> {
  const key = `${exchange}:${year}`;
  let holidays = cache.get(key);
  if (!holidays) {
    holidays = HOLIDAY_RULES[exchange](year);
    cache.set(key, holidays);
  }
  return holidays;
}

/** Why `date` is not a trading day (e.g. "a Saturday", "Good Friday"), or undefined if it is. */
export function closureReason(exchange: Exchange, date: IsoDate): string | undefined {
  if (parseDate(date) === undefined) {
    throw new Error(`closureReason: '${date}' is not a YYYY-MM-DD date`);
  }
  if (!isWeekday(date)) return `a ${WEEKDAY_NAMES[weekday(date)]}`;
  return exchangeHolidays(exchange, yearOf(date)).get(date);
}

export function isTradingDay(exchange: Exchange, date: IsoDate): boolean {
  return closureReason(exchange, date) === undefined;
}

/** Every trading day from `from` to `to`, both inclusive, in order. */
export function tradingDays(exchange: Exchange, from: IsoDate, to: IsoDate): IsoDate[] {
  if (parseDate(from) === undefined || parseDate(to) === undefined) {
    throw new Error(`tradingDays: bad range '${from}'..'${to}'`);
  }
  const days: IsoDate[] = [];
  // IsoDates of four-digit years sort as strings.
  for (let day = from; day <= to; day = addDays(day, 1)) {
    if (isTradingDay(exchange, day)) days.push(day);
  }
  return days;
}

/**
 * The most recent trading day whose regular session has closed at `now` (exchange local time).
 * Early closes (13:00 half days) are treated as regular closes: the answer is then a few hours
 * late, never early.
 */
export function lastCompletedSession(exchange: Exchange, now: Date): IsoDate {
  const { timeZone, close } = EXCHANGES[exchange];
  let day = zonedDate(now.getTime(), timeZone);
  const closed = zonedMinutes(now.getTime(), timeZone) >= minutesOfDay(close);
  if (!(closed && isTradingDay(exchange, day))) day = addDays(day, -1);
  while (!isTradingDay(exchange, day)) day = addDays(day, -1);
  return day;
}
