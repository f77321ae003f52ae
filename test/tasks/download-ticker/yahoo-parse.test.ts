import { describe, expect, it } from 'vitest';
import {
  ProviderRejectedError,
  ProviderResponseError,
  UnknownTickerError,
} from '../../../tasks/download-ticker/errors.ts';
import { checkYahoo, yahooWindows } from '../../../tasks/download-ticker/providers/yahoo.ts';
import { parseChart } from '../../../tasks/download-ticker/providers/yahoo-parse.ts';
import { htmlErrorPage, minuteBars, yahooChart, yahooNotFound } from './fixtures.ts';

const ok = (text: string, status = 200, contentType = 'application/json') => ({
  status,
  contentType,
  text,
});

describe('parseChart', () => {
  it('reads timestamps, the quote columns and the exchange time zone', () => {
    const bars = minuteBars('2026-11-27T14:30:00Z', 2);
    const chart = parseChart(ok(yahooChart('AAPL', bars)), 'AAPL');
    expect(chart.timeZone).toBe('America/New_York');
    expect(chart.bars).toStrictEqual(
      bars.map((b) => ({
        ts: b.t * 1000,
        open: b.o,
        high: b.h,
        low: b.l,
        close: b.c,
        volume: b.v,
      })),
    );
    expect(chart.bars[0]?.ts).toBe(Date.parse('2026-11-27T14:30:00Z'));
  });

  it('keeps null quote values as null for the normaliser to count', () => {
    const bars = minuteBars('2026-11-27T14:30:00Z', 2);
    bars[1] = { ...bars[1], t: bars[1]?.t ?? 0, o: null, h: null, l: null, c: null, v: null };
    expect(parseChart(ok(yahooChart('AAPL', bars)), 'AAPL').bars[1]?.open).toBeNull();
  });

  it('reads a result without timestamps as no bars', () => {
    expect(parseChart(ok(yahooChart('AAPL', [])), 'AAPL').bars).toStrictEqual([]);
  });

  it('maps the Not Found chart error to UnknownTickerError', () => {
    expect(() => parseChart(ok(yahooNotFound, 404), 'NOPE')).toThrow(UnknownTickerError);
  });

  it('maps another chart error to ProviderRejectedError with its code', () => {
    const body = JSON.stringify({
      chart: { result: null, error: { code: 'Bad Request', description: 'Invalid input' } },
    });
    expect(() => parseChart(ok(body, 400), 'AAPL')).toThrow(/"Bad Request"/);
  });

  it('maps an HTML page served with 200 to ProviderResponseError', () => {
    expect(() => parseChart(ok(htmlErrorPage, 200, 'text/html'), 'AAPL')).toThrow(
      ProviderResponseError,
    );
  });

  it('maps an HTML page served with 404 to ProviderRejectedError', () => {
    expect(() => parseChart(ok(htmlErrorPage, 404, 'text/html'), 'AAPL')).toThrow(
      ProviderRejectedError,
    );
  });

  it('maps truncated JSON to ProviderResponseError naming the length', () => {
    const text = yahooChart('AAPL', minuteBars('2026-11-27T14:30:00Z', 5));
    expect(() => parseChart(ok(text.slice(0, 100)), 'AAPL')).toThrow(
      /malformed or truncated JSON \(100 characters\)/,
    );
  });

  it('rejects quote columns shorter than the timestamps', () => {
    const json = JSON.parse(yahooChart('AAPL', minuteBars('2026-11-27T14:30:00Z', 3)));
    json.chart.result[0].indicators.quote[0].close.pop();
    expect(() => parseChart(ok(JSON.stringify(json)), 'AAPL')).toThrow(
      /quote.close is not an array as long/,
    );
  });

  it('rejects a time zone ICU does not know', () => {
    const text = yahooChart('AAPL', minuteBars('2026-11-27T14:30:00Z', 1), 'Mars/Olympus_Mons');
    expect(() => parseChart(ok(text), 'AAPL')).toThrow(/is not a time zone/);
  });

  it('rejects timestamps that are not whole seconds', () => {
    const json = JSON.parse(yahooChart('AAPL', minuteBars('2026-11-27T14:30:00Z', 1)));
    json.chart.result[0].timestamp = ['1764253800'];
    expect(() => parseChart(ok(JSON.stringify(json)), 'AAPL')).toThrow(ProviderResponseError);
  });
});

describe('Yahoo request windows and limits', () => {
  const now = new Date('2026-11-29T12:00:00Z');
  const request = (dates: string[], interval: '1m' | '5m' | '1h' | '1d' = '1m') => ({
    ticker: 'AAPL',
    interval,
    dates,
    dateField: 'from',
  });
  const days = (from: number, n: number): string[] =>
    Array.from({ length: n }, (_, i) => `2026-11-${String(from + i).padStart(2, '0')}`);

  it('asks for one date with 12 hours either side of its UTC day', () => {
    expect(yahooWindows(request(['2026-11-27']), now)).toStrictEqual([
      {
        dates: ['2026-11-27'],
        period1: Date.parse('2026-11-26T12:00:00Z') / 1000,
        period2: Date.parse('2026-11-28T12:00:00Z') / 1000,
      },
    ]);
  });

  it('pages 1-minute ranges so that no request spans more than 7 days', () => {
    const windows = yahooWindows(request(days(2, 27)), now);
    expect(windows.flatMap((w) => w.dates)).toStrictEqual(days(2, 27));
    for (const w of windows) expect(w.period2 - w.period1).toBeLessThanOrEqual(7 * 86_400);
    expect(windows).toHaveLength(5);
  });

  it("ends the window of today's date at now", () => {
    const [w] = yahooWindows(request(['2026-11-29']), now);
    expect(w?.period2).toBe(now.getTime() / 1000);
  });

  it('accepts 1-minute dates within the last 30 days', () => {
    expect(checkYahoo(request(['2026-10-31']), '2026-11-29')).toStrictEqual([]);
  });

  it('rejects 1-minute dates older than 30 days, naming the field and the earliest date', () => {
    expect(checkYahoo(request(['2026-10-30']), '2026-11-29')).toStrictEqual([
      'from 2026-10-30 is older than Yahoo keeps 1m bars: the last 30 days, from 2026-10-31',
    ]);
  });

  it('has no history limit for daily bars', () => {
    expect(checkYahoo(request(['1990-01-02'], '1d'), '2026-11-29')).toStrictEqual([]);
  });
});
