import { describe, expect, it } from 'vitest';
import { exchangeOf } from '../../../contracts/calendar/exchanges.ts';
import { barsPerSession } from '../../../contracts/calendar/sessions.ts';
import { Intervals } from '../../../contracts/download.ts';
import { normaliseBars } from '../../../tasks/download-ticker/normalise.ts';
import {
  createSyntheticProvider,
  syntheticBars,
} from '../../../tasks/download-ticker/providers/synthetic.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

describe('synthetic provider', () => {
  it('gives the same bars for the same ticker, date and interval', () => {
    expect(syntheticBars('AAPL', '2026-11-27', '1m')).toStrictEqual(
      syntheticBars('AAPL', '2026-11-27', '1m'),
    );
  });

  it('gives different paths for different tickers and dates', () => {
    const a = syntheticBars('AAPL', '2026-11-27', '1m');
    expect(syntheticBars('MSFT', '2026-11-27', '1m')[0]?.open).not.toBe(a[0]?.open);
    expect(syntheticBars('AAPL', '2026-11-26', '1m')[0]?.open).not.toBe(a[0]?.open);
  });

  it('covers the NYSE session minute by minute: 390 bars from 14:30 to 20:59 UTC in November', () => {
    const bars = syntheticBars('AAPL', '2026-11-27', '1m');
    expect(bars).toHaveLength(390);
    expect(iso(bars[0]?.ts ?? 0)).toBe('2026-11-27T14:30:00.000Z');
    expect(iso(bars.at(-1)?.ts ?? 0)).toBe('2026-11-27T20:59:00.000Z');
  });

  it('covers the LSE session for .L tickers: 510 bars from 08:00 UTC in November', () => {
    const bars = syntheticBars('VOD.L', '2026-11-27', '1m');
    expect(bars).toHaveLength(510);
    expect(iso(bars[0]?.ts ?? 0)).toBe('2026-11-27T08:00:00.000Z');
  });

  it('follows British Summer Time: the LSE opens at 07:00 UTC in July', () => {
    expect(iso(syntheticBars('VOD.L', '2026-07-01', '1m')[0]?.ts ?? 0)).toBe(
      '2026-07-01T07:00:00.000Z',
    );
  });

  it('has no bars on a weekend', () => {
    expect(syntheticBars('AAPL', '2026-11-28', '1m')).toStrictEqual([]);
  });

  it('produces bars the normaliser accepts without a single repair', () => {
    const raw = syntheticBars('AAPL', '2026-11-27', '1m');
    const { counts } = normaliseBars(raw);
    expect(counts.output).toBe(raw.length);
    expect(counts.lowRepaired + counts.highRepaired + counts.reordered).toBe(0);
  });

  it('has a U-shaped volume profile: the first and last half hours trade more than midday', () => {
    const volumes = syntheticBars('AAPL', '2026-11-27', '1m').map((b) => b.volume ?? 0);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const open = mean(volumes.slice(0, 30));
    const close = mean(volumes.slice(-30));
    const midday = mean(volumes.slice(180, 210));
    expect(open).toBeGreaterThan(2 * midday);
    expect(close).toBeGreaterThan(2 * midday);
  });

  it('aggregates 5m bars from the 1m path: same open, close, extremes and volume', () => {
    const minutes = syntheticBars('AAPL', '2026-11-27', '1m');
    const fives = syntheticBars('AAPL', '2026-11-27', '5m');
    expect(fives).toHaveLength(78);
    const first = minutes.slice(0, 5);
    expect(fives[0]).toStrictEqual({
      ts: first[0]?.ts,
      open: first[0]?.open,
      high: Math.max(...first.map((b) => b.high ?? 0)),
      low: Math.min(...first.map((b) => b.low ?? 0)),
      close: first[4]?.close,
      volume: first.reduce((s, b) => s + (b.volume ?? 0), 0),
    });
  });

  it('gives 7 hourly bars for NYSE (the last one half an hour) and one daily bar at the open', () => {
    expect(syntheticBars('AAPL', '2026-11-27', '1h')).toHaveLength(7);
    const day = syntheticBars('AAPL', '2026-11-27', '1d');
    expect(day).toHaveLength(1);
    expect(iso(day[0]?.ts ?? 0)).toBe('2026-11-27T14:30:00.000Z');
  });

  it('gives the bars per session the workflow counts on, at every interval and on both exchanges', () => {
    for (const ticker of ['AAPL', 'VOD.L']) {
      for (const interval of Intervals) {
        expect(syntheticBars(ticker, '2026-11-27', interval), `${ticker} ${interval}`).toHaveLength(
          barsPerSession(exchangeOf(ticker), interval),
        );
      }
    }
  });

  it('returns bars only for dates that have a session', async () => {
    const byDate = await createSyntheticProvider().fetch({
      ticker: 'AAPL',
      interval: '1d',
      dates: ['2026-11-27', '2026-11-28'],
      dateField: 'from',
    });
    expect([...byDate.keys()]).toStrictEqual(['2026-11-27']);
  });
});
