import { describe, expect, it } from 'vitest';
import { parseDate } from '../../../contracts/calendar/dates.ts';
import { easterSunday } from '../../../contracts/calendar/easter.ts';
import {
  closureReason,
  exchangeHolidays,
  isTradingDay,
  lastCompletedSession,
  tradingDays,
} from '../../../contracts/calendar/trading-days.ts';

const sorted = (holidays: Map<string, string>) => [...holidays.keys()].sort();

describe('easterSunday', () => {
  it.each([
    [2008, '2008-03-23'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2038, '2038-04-25'],
  ])('computes Easter %i as %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });
});

describe('NYSE holidays', () => {
  it('matches the published 2025 schedule, including the unscheduled Carter closure', () => {
    expect(sorted(exchangeHolidays('nyse', 2025))).toStrictEqual([
      '2025-01-01',
      '2025-01-09',
      '2025-01-20',
      '2025-02-17',
      '2025-04-18',
      '2025-05-26',
      '2025-06-19',
      '2025-07-04',
      '2025-09-01',
      '2025-11-27',
      '2025-12-25',
    ]);
  });

  it('moves Independence Day on a Saturday to the Friday (2026)', () => {
    expect(sorted(exchangeHolidays('nyse', 2026))).toStrictEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-04-03',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03',
      '2026-09-07',
      '2026-11-26',
      '2026-12-25',
    ]);
  });

  it('observes Saturday holidays on Friday and Sunday ones on Monday (2027)', () => {
    const holidays = exchangeHolidays('nyse', 2027);
    expect(holidays.get('2027-06-18')).toBe('Juneteenth');
    expect(holidays.get('2027-07-05')).toBe('Independence Day');
    expect(holidays.get('2027-12-24')).toBe('Christmas Day');
  });

  it("does not close the Friday before a Saturday New Year's Day", () => {
    expect(isTradingDay('nyse', '2021-12-31')).toBe(true);
    expect(exchangeHolidays('nyse', 2022).has('2021-12-31')).toBe(false);
  });

  it('has no Juneteenth closure before 2022', () => {
    expect(isTradingDay('nyse', '2021-06-18')).toBe(true);
  });
});

describe('LSE holidays', () => {
  it('substitutes Boxing Day on a Saturday with the Monday (2026)', () => {
    expect(sorted(exchangeHolidays('lse', 2026))).toStrictEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
  });

  it('substitutes both Christmas days when Christmas is a Saturday (2021)', () => {
    const holidays = exchangeHolidays('lse', 2021);
    expect(holidays.has('2021-12-27')).toBe(true);
    expect(holidays.has('2021-12-28')).toBe(true);
  });

  it('applies the 2022 proclamations (moved spring holiday, jubilee, state funeral)', () => {
    expect(sorted(exchangeHolidays('lse', 2022))).toStrictEqual([
      '2022-01-03',
      '2022-04-15',
      '2022-04-18',
      '2022-05-02',
      '2022-06-02',
      '2022-06-03',
      '2022-08-29',
      '2022-09-19',
      '2022-12-26',
      '2022-12-27',
    ]);
  });

  it('moves the 2020 early May holiday to VE Day', () => {
    const holidays = exchangeHolidays('lse', 2020);
    expect(holidays.has('2020-05-08')).toBe(true);
    expect(holidays.has('2020-05-04')).toBe(false);
  });
});

describe('tradingDays', () => {
  it('skips weekends and Thanksgiving in November 2026 on NYSE', () => {
    const days = tradingDays('nyse', '2026-11-23', '2026-11-30');
    expect(days).toStrictEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-27',
      '2026-11-30',
    ]);
  });

  it('keeps US Thanksgiving as a trading day in London', () => {
    expect(tradingDays('lse', '2026-11-26', '2026-11-26')).toStrictEqual(['2026-11-26']);
  });

  it('returns nothing for a range that is a single weekend', () => {
    expect(tradingDays('nyse', '2026-11-28', '2026-11-29')).toStrictEqual([]);
  });

  it('explains a closure by weekday or holiday name', () => {
    expect(closureReason('nyse', '2026-11-28')).toBe('a Saturday');
    expect(closureReason('lse', '2026-04-06')).toBe('Easter Monday');
    expect(closureReason('nyse', '2026-11-27')).toBeUndefined();
  });
});

describe('lastCompletedSession', () => {
  it('is today once the New York close has passed (16:05 EST = 21:05 UTC)', () => {
    expect(lastCompletedSession('nyse', new Date('2026-11-27T21:05:00Z'))).toBe('2026-11-27');
  });

  it('is the previous trading day before the close, skipping Thanksgiving', () => {
    expect(lastCompletedSession('nyse', new Date('2026-11-27T20:59:00Z'))).toBe('2026-11-25');
  });

  it('is Friday on a Sunday', () => {
    expect(lastCompletedSession('nyse', new Date('2026-11-29T12:00:00Z'))).toBe('2026-11-27');
  });

  it('uses London summer time for the LSE close (16:30 BST = 15:30 UTC)', () => {
    expect(lastCompletedSession('lse', new Date('2026-07-01T15:31:00Z'))).toBe('2026-07-01');
    expect(lastCompletedSession('lse', new Date('2026-07-01T15:29:00Z'))).toBe('2026-06-30');
  });

  it('uses the New York date, not the UTC date, just after midnight UTC', () => {
    // 2026-12-01T02:00Z is still Monday 30 November in New York, after the close.
    expect(lastCompletedSession('nyse', new Date('2026-12-01T02:00:00Z'))).toBe('2026-11-30');
  });
});

describe('parseDate', () => {
  it.each(['2026-02-30', '2026-13-01', '2026-1-5', '26-01-05', '2026-01-05T00:00'])(
    'rejects %s',
    (text) => {
      expect(parseDate(text)).toBeUndefined();
    },
  );

  it('accepts a leap day in a leap year', () => {
    expect(new Date(parseDate('2028-02-29') ?? 0).toISOString()).toBe('2028-02-29T00:00:00.000Z');
  });
});
