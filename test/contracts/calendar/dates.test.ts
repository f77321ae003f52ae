import { describe, expect, it } from 'vitest';
import {
  maxSpanDays,
  maxWeekdaysIn,
  weekdaysAlwaysFitting,
} from '../../../contracts/calendar/dates.ts';

describe('weekday arithmetic', () => {
  const DAY = 86_400_000;
  const isWeekday = (t: number) => new Date(t).getUTCDay() % 6 !== 0;
  // 2026-11-02 is a Monday: starting from each of the seven days covers every alignment.
  const starts = Array.from({ length: 7 }, (_, k) => Date.UTC(2026, 10, 2 + k));

  it('maxWeekdaysIn is the most weekdays any run of consecutive days holds', () => {
    for (const days of [1, 2, 5, 6, 7, 13, 14, 30, 31]) {
      const counts = starts.map(
        (s) => Array.from({ length: days }, (_, k) => s + k * DAY).filter(isWeekday).length,
      );
      expect(maxWeekdaysIn(days), `${days} days`).toBe(Math.max(...counts));
    }
  });

  it('maxSpanDays is the longest calendar span of n consecutive weekdays', () => {
    for (const n of [1, 2, 4, 5, 6, 19, 20, 21, 22]) {
      const spans = starts.filter(isWeekday).map((s) => {
        let t = s;
        for (let seen = 1; seen < n; ) {
          t += DAY;
          if (isWeekday(t)) seen++;
        }
        return (t - s) / DAY + 1;
      });
      expect(maxSpanDays(n), `${n} weekdays`).toBe(Math.max(...spans));
    }
  });

  it('weekdaysAlwaysFitting(30) is 21: 22 weekdays can span 32 days', () => {
    expect([weekdaysAlwaysFitting(30), maxSpanDays(21), maxSpanDays(22)]).toStrictEqual([
      21, 29, 32,
    ]);
  });
});
