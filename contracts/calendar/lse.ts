/**
 * London Stock Exchange full-day closures: the England and Wales bank holidays, computed from the
 * Banking and Financial Dealings Act rules (with substitute days) rather than listed per year.
 */
import { addDays, type IsoDate, isoDate, isWeekday, lastWeekday, nthWeekday } from './dates.ts';
import { easterSunday } from './easter.ts';

const MONDAY = 1;

/**
 * Royal proclamations move or add bank holidays in particular years; no rule predicts them, so
 * they are data. `moved` replaces the rule's date for that holiday; `extra` adds a closure.
 */
const MOVED: Record<number, Partial<Record<'earlyMay' | 'spring', IsoDate>>> = {
  2002: { spring: '2002-06-04' },
  2012: { spring: '2012-06-04' },
  2020: { earlyMay: '2020-05-08' },
  2022: { spring: '2022-06-02' },
};
const EXTRA: Record<IsoDate, string> = {
  '2002-06-03': 'Golden Jubilee',
  '2011-04-29': 'Royal wedding',
  '2012-06-05': 'Diamond Jubilee',
  '2022-06-03': 'Platinum Jubilee',
  '2022-09-19': 'State funeral of Queen Elizabeth II',
  '2023-05-08': 'Coronation of King Charles III',
};

export function lseHolidays(year: number): Map<IsoDate, string> {
  const holidays = new Map<IsoDate, string>();
  const add = (date: IsoDate, name: string) => holidays.set(date, name);
  const moved = MOVED[year] ?? {};

  // New Year's Day on a weekend is substituted by the following Monday.
  let newYear = isoDate(year, 1, 1);
  while (!isWeekday(newYear)) newYear = addDays(newYear, 1);
  add(newYear, "New Year's Day");

  const easter = easterSunday(year);
  add(addDays(easter, -2), 'Good Friday');
  add(addDays(easter, 1), 'Easter Monday');
  add(moved.earlyMay ?? nthWeekday(year, 5, MONDAY, 1), 'Early May bank holiday');
  add(moved.spring ?? lastWeekday(year, 5, MONDAY), 'Spring bank holiday');
  add(lastWeekday(year, 8, MONDAY), 'Summer bank holiday');

  // Christmas and Boxing Day: each one on a weekend moves to the next weekday that is not
  // already a holiday (Christmas on Saturday: Mon 27 and Tue 28; on Sunday: Tue 27, Boxing Mon 26).
  for (const [day, name] of [
    [25, 'Christmas Day'],
    [26, 'Boxing Day'],
  ] as const) {
    const date = isoDate(year, 12, day);
    if (isWeekday(date)) add(date, name);
  }
  for (const [day, name] of [
    [25, 'Christmas Day (substitute)'],
    [26, 'Boxing Day (substitute)'],
  ] as const) {
    let date = isoDate(year, 12, day);
    if (isWeekday(date)) continue;
    while (!isWeekday(date) || holidays.has(date)) date = addDays(date, 1);
    add(date, name);
  }

  for (const [date, name] of Object.entries(EXTRA)) {
    if (date.startsWith(`${year}-`)) holidays.set(date, name);
  }
  return holidays;
}
