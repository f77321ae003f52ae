/**
 * New York Stock Exchange full-day closures (NYSE Rule 7.2), computed from the rules rather than
 * listed per year. Valid from 2000: MLK Day has been observed since 1998, Juneteenth since 2022.
 */
import {
  addDays,
  type IsoDate,
  isoDate,
  lastWeekday,
  nthWeekday,
  weekday,
  yearOf,
} from './dates.ts';
import { easterSunday } from './easter.ts';

const MONDAY = 1;
const THURSDAY = 4;

/**
 * Unscheduled closures cannot be derived from a rule (national mourning, disasters), so they are
 * the one thing kept as data. Source: NYSE's historical closings list.
 */
const UNSCHEDULED_CLOSURES: Record<IsoDate, string> = {
  '2001-09-11': 'September 11 attacks',
  '2001-09-12': 'September 11 attacks',
  '2001-09-13': 'September 11 attacks',
  '2001-09-14': 'September 11 attacks',
  '2004-06-11': 'National day of mourning (Ronald Reagan)',
  '2007-01-02': 'National day of mourning (Gerald Ford)',
  '2012-10-29': 'Hurricane Sandy',
  '2012-10-30': 'Hurricane Sandy',
  '2018-12-05': 'National day of mourning (George H. W. Bush)',
  '2025-01-09': 'National day of mourning (Jimmy Carter)',
};

/**
 * A fixed-date holiday on a Saturday moves to Friday, on a Sunday to Monday. New Year's Day is
 * the exception: on a Saturday it is not observed at all (the Friday is a year-end trading day).
 */
function observed(date: IsoDate, saturdayToFriday: boolean): IsoDate | undefined {
  const day = weekday(date);
  if (day === 6) return saturdayToFriday ? addDays(date, -1) : undefined;
  if (day === 0) return addDays(date, 1);
  return date;
}

export function nyseHolidays(year: number): Map<IsoDate, string> {
  const holidays = new Map<IsoDate, string>();
  const add = (date: IsoDate | undefined, name: string) => {
    if (date && yearOf(date) === year) holidays.set(date, name);
  };
  add(observed(isoDate(year, 1, 1), false), "New Year's Day");
  add(nthWeekday(year, 1, MONDAY, 3), 'Martin Luther King Jr. Day');
  add(nthWeekday(year, 2, MONDAY, 3), "Washington's Birthday");
  add(addDays(easterSunday(year), -2), 'Good Friday');
  add(lastWeekday(year, 5, MONDAY), 'Memorial Day');
  if (year >= 2022) add(observed(isoDate(year, 6, 19), true), 'Juneteenth');
  add(observed(isoDate(year, 7, 4), true), 'Independence Day');
  add(nthWeekday(year, 9, MONDAY, 1), 'Labor Day');
  add(nthWeekday(year, 11, THURSDAY, 4), 'Thanksgiving Day');
  add(observed(isoDate(year, 12, 25), true), 'Christmas Day');
  for (const [date, name] of Object.entries(UNSCHEDULED_CLOSURES)) {
    if (date.startsWith(`${year}-`)) holidays.set(date, name);
  }
  return holidays;
}
