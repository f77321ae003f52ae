import { describe, expect, it } from 'vitest';
import { addDays, datesBetween, parseDate } from '../../../contracts/calendar/dates.ts';
import { exchangeOf } from '../../../contracts/calendar/exchanges.ts';
import {
  barsPerSession,
  sessionBounds,
  sessionMinutes,
} from '../../../contracts/calendar/sessions.ts';
import { zonedDate, zonedTimeToUtc } from '../../../contracts/calendar/zoned-time.ts';

describe('calendar', () => {
  it('parses real dates to UTC midnight', () => {
    expect(parseDate('2026-11-27')).toBe(Date.parse('2026-11-27T00:00:00Z'));
  });

  it('rejects impossible dates', () => {
    expect(parseDate('2026-02-30')).toBeUndefined();
    expect(parseDate('2026-00-10')).toBeUndefined();
  });

  it('keeps years below 100 as themselves', () => {
    expect(new Date(parseDate('0050-01-01') ?? 0).getUTCFullYear()).toBe(50);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('lists an inclusive range of dates', () => {
    expect(datesBetween('2026-02-27', '2026-03-02')).toStrictEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
  });

  it('converts New York wall-clock time in winter (UTC-5) and summer (UTC-4)', () => {
    expect(new Date(zonedTimeToUtc('2026-11-27', '09:30', 'America/New_York')).toISOString()).toBe(
      '2026-11-27T14:30:00.000Z',
    );
    expect(new Date(zonedTimeToUtc('2026-07-01', '09:30', 'America/New_York')).toISOString()).toBe(
      '2026-07-01T13:30:00.000Z',
    );
  });

  it('converts London wall-clock time on both sides of the 2026 clock change (29 March)', () => {
    expect(new Date(zonedTimeToUtc('2026-03-27', '08:00', 'Europe/London')).toISOString()).toBe(
      '2026-03-27T08:00:00.000Z',
    );
    expect(new Date(zonedTimeToUtc('2026-03-30', '08:00', 'Europe/London')).toISOString()).toBe(
      '2026-03-30T07:00:00.000Z',
    );
  });

  it('gives the exchange-local date of an instant', () => {
    // 02:00 UTC on the 28th is still the evening of the 27th in New York.
    expect(zonedDate(Date.parse('2026-11-28T02:00:00Z'), 'America/New_York')).toBe('2026-11-27');
    expect(zonedDate(Date.parse('2026-11-28T02:00:00Z'), 'Asia/Tokyo')).toBe('2026-11-28');
  });
});

describe('sessions', () => {
  it('puts .L tickers on the LSE and everything else on NYSE', () => {
    expect(exchangeOf('VOD.L')).toBe('lse');
    expect(exchangeOf('AAPL')).toBe('nyse');
    expect(exchangeOf('^GSPC')).toBe('nyse');
  });

  it('reads the .L suffix in any case: the CLI sees tickers before they are upper-cased', () => {
    expect(exchangeOf('vod.l')).toBe('lse');
  });

  it('has no session on a weekend', () => {
    expect(sessionBounds('nyse', '2026-11-28')).toBeUndefined();
    expect(sessionBounds('nyse', '2026-11-29')).toBeUndefined();
  });

  it('opens NYSE at 14:30 UTC and closes at 21:00 UTC in November', () => {
    const b = sessionBounds('nyse', '2026-11-27');
    expect(b && new Date(b.open).toISOString()).toBe('2026-11-27T14:30:00.000Z');
    expect(b && new Date(b.close).toISOString()).toBe('2026-11-27T21:00:00.000Z');
  });

  it('lasts 390 minutes on NYSE and 510 on the LSE', () => {
    expect([sessionMinutes('nyse'), sessionMinutes('lse')]).toStrictEqual([390, 510]);
  });

  it('counts bars from the open, the last one short: 7 hourly bars on NYSE, 9 on the LSE', () => {
    expect([barsPerSession('nyse', '1h'), barsPerSession('lse', '1h')]).toStrictEqual([7, 9]);
    expect([barsPerSession('nyse', '5m'), barsPerSession('nyse', '1d')]).toStrictEqual([78, 1]);
  });
});
