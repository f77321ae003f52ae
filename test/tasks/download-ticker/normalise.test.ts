import { describe, expect, it } from 'vitest';
import { formatTs, normaliseBars, toCsv } from '../../../tasks/download-ticker/normalise.ts';
import type { RawBar } from '../../../tasks/download-ticker/providers/types.ts';

const T0 = Date.parse('2026-11-27T14:30:00Z');
const bar = (minute: number, patch: Partial<RawBar> = {}): RawBar => ({
  ts: T0 + minute * 60_000,
  open: 10,
  high: 11,
  low: 9,
  close: 10.5,
  volume: 100,
  ...patch,
});

describe('normaliseBars', () => {
  it('passes well-formed bars through unchanged with zero repairs', () => {
    const { bars, counts } = normaliseBars([bar(0), bar(1)]);
    expect(bars).toStrictEqual([bar(0), bar(1)]);
    expect(counts).toStrictEqual({
      input: 2,
      output: 2,
      droppedInvalid: 0,
      droppedNonPositivePrice: 0,
      droppedNegativeVolume: 0,
      droppedDuplicate: 0,
      reordered: 0,
      lowRepaired: 0,
      highRepaired: 0,
    });
  });

  it('drops bars with null, NaN or infinite values and counts them', () => {
    const { bars, counts } = normaliseBars([
      bar(0, { open: null }),
      bar(1, { close: Number.NaN }),
      bar(2, { volume: Number.POSITIVE_INFINITY }),
      bar(3),
    ]);
    expect(bars.map((b) => b.ts)).toStrictEqual([T0 + 3 * 60_000]);
    expect(counts.droppedInvalid).toBe(3);
  });

  it('drops a bar whose ts is not a whole millisecond', () => {
    const { counts } = normaliseBars([bar(0, { ts: T0 + 0.5 }), bar(1)]);
    expect(counts.droppedInvalid).toBe(1);
  });

  it('drops bars with negative volume and counts them', () => {
    const { bars, counts } = normaliseBars([bar(0, { volume: -5 }), bar(1)]);
    expect(bars).toHaveLength(1);
    expect(counts.droppedNegativeVolume).toBe(1);
  });

  it('drops bars with a zero or negative price', () => {
    const { counts } = normaliseBars([bar(0, { low: 0 }), bar(1, { open: -1 }), bar(2)]);
    expect(counts.droppedNonPositivePrice).toBe(2);
    expect(counts.output).toBe(1);
  });

  it('keeps zero volume (indices and quiet minutes have none)', () => {
    expect(normaliseBars([bar(0, { volume: 0 })]).counts.output).toBe(1);
  });

  it('sorts out-of-order bars and counts each step backwards', () => {
    const { bars, counts } = normaliseBars([bar(2), bar(0), bar(1), bar(3)]);
    expect(bars.map((b) => (b.ts - T0) / 60_000)).toStrictEqual([0, 1, 2, 3]);
    expect(counts.reordered).toBe(1);
  });

  it('keeps the last of duplicate timestamps and counts the others', () => {
    const { bars, counts } = normaliseBars([bar(0, { close: 1 }), bar(0, { close: 2 }), bar(1)]);
    expect(bars).toHaveLength(2);
    expect(bars[0]?.close).toBe(2);
    expect(counts.droppedDuplicate).toBe(1);
  });

  it('keeps the later-reported duplicate even when sorting was needed', () => {
    const { bars } = normaliseBars([bar(1), bar(0, { close: 1 }), bar(0, { close: 2 })]);
    expect(bars[0]?.close).toBe(2);
  });

  it('lowers low to min(open, close) when it is above and counts it', () => {
    const { bars, counts } = normaliseBars([bar(0, { open: 10, close: 10.5, low: 10.2 })]);
    expect(bars[0]?.low).toBe(10);
    expect(counts.lowRepaired).toBe(1);
  });

  it('raises high to max(open, close) when it is below and counts it', () => {
    const { bars, counts } = normaliseBars([bar(0, { open: 10, close: 10.5, high: 10.4 })]);
    expect(bars[0]?.high).toBe(10.5);
    expect(counts.highRepaired).toBe(1);
  });

  it('leaves every output bar with low <= open, close <= high', () => {
    const { bars } = normaliseBars([
      bar(0, { high: 1, low: 20 }),
      bar(1, { open: 12, close: 8, high: 9, low: 11 }),
    ]);
    for (const b of bars) {
      expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
      expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
    }
  });
});

describe('toCsv', () => {
  it('writes the header row, one line per bar and a final newline', () => {
    expect(toCsv([{ ts: T0, open: 1.5, high: 2, low: 1, close: 1.75, volume: 100 }])).toBe(
      'ts,open,high,low,close,volume\n2026-11-27T14:30:00Z,1.5,2,1,1.75,100\n',
    );
  });

  it('writes only the header for no bars', () => {
    expect(toCsv([])).toBe('ts,open,high,low,close,volume\n');
  });

  it('keeps every digit a provider sent', () => {
    const price = 189.94000244140625;
    expect(
      Number(
        toCsv([{ ts: T0, open: price, high: price, low: price, close: price, volume: 1 }])
          .split('\n')[1]
          ?.split(',')[1],
      ),
    ).toBe(price);
  });

  it('keeps milliseconds in ts only when they are not zero', () => {
    expect(formatTs(T0)).toBe('2026-11-27T14:30:00Z');
    expect(formatTs(T0 + 250)).toBe('2026-11-27T14:30:00.250Z');
  });
});

describe('formatTs', () => {
  it('matches toISOString (without zero milliseconds) across days, years and leap days', () => {
    const samples = [
      0, 86_399_999, 951_782_400_000, 1_709_164_800_123, 1_795_789_800_000, 4_102_444_799_999,
    ];
    for (const ms of samples) {
      const iso = new Date(ms).toISOString();
      expect(formatTs(ms)).toBe(iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso);
    }
  });
});
