/**
 * Trading days for the exchanges the pipeline downloads from: weekends and exchange holidays are
 * skipped; "the last completed session" is the default `--date`.
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
import { lseHolidays } from './lse.ts';
import { nyseHolidays } from './nyse.ts';

export type { IsoDate } from './dates.ts';

export const Exchanges = ['nyse', 'lse'] as const;
export type Exchange = (typeof Exchanges)[number];

/**
 * `--calendar auto`: London when every ticker is a London listing (Yahoo's `.L` suffix, as in
 * the shipped FTSE 100 universe), else New York.
 */
export function exchangeFor(tickers: readonly string[]): Exchange {
  return tickers.length > 0 && tickers.every((ticker) => /\.L$/i.test(ticker)) ? 'lse' : 'nyse';
}

/** The first year the holiday rules are known to be complete for. */
export const CALENDAR_FIRST_YEAR = 2000;

type ExchangeInfo = {
  label: string;
  timeZone: string;
  /** Regular close, local time, minutes after midnight. */
  closeMinutes: number;
  holidays: (year: number) => Map<IsoDate, string>;
};

const EXCHANGES: Record<Exchange, ExchangeInfo> = {
  nyse: {
    label: 'NYSE',
    timeZone: 'America/New_York',
    closeMinutes: 16 * 60,
    holidays: nyseHolidays,
  },
  lse: {
    label: 'LSE',
    timeZone: 'Europe/London',
    closeMinutes: 16 * 60 + 30,
    holidays: lseHolidays,
  },
};

const cache = new Map<string, Map<IsoDate, string>>();

/** Full-day closures of `exchange` in `year`: date -> holiday name. */
export function exchangeHolidays(exchange: Exchange, year: number): Map<IsoDate, string> {
  const key = `${exchange}:${year}`;
  let holidays = cache.get(key);
  if (!holidays) {
    holidays = EXCHANGES[exchange].holidays(year);
    cache.set(key, holidays);
  }
  return holidays;
}

export function exchangeLabel(exchange: Exchange): string {
  return EXCHANGES[exchange].label;
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

/** The wall-clock date and minute of day at `instant` in `timeZone` (Intl, so DST is right). */
function localDateAndMinutes(instant: Date, timeZone: string): { date: IsoDate; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((part) => part.type === type)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

/**
 * The most recent trading day whose regular session has closed at `now` (exchange local time).
 * Early closes (13:00 half days) are treated as regular closes: the answer is then a few hours
 * late, never early.
 */
export function lastCompletedSession(exchange: Exchange, now: Date): IsoDate {
  const info = EXCHANGES[exchange];
  const local = localDateAndMinutes(now, info.timeZone);
  let day = local.date;
  if (!(isTradingDay(exchange, day) && local.minutes >= info.closeMinutes)) {
    day = addDays(day, -1);
  }
  while (!isTradingDay(exchange, day)) day = addDays(day, -1);
  return day;
}
