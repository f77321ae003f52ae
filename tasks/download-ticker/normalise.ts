/**
 * One schema for every provider: `ts` (bar start, UTC), `open`, `high`, `low`, `close`,
 * `volume`. Bad rows are repaired when the fix is unambiguous and dropped when it is not, and
 * every decision is counted so the log and the object metadata show what was done.
 */
import { DAY_MS } from '../../contracts/calendar/dates.ts';
import type { RawBar } from './providers/types.ts';

/** The last instant a JavaScript Date can represent. */
const MAX_TS = 8.64e15;

export type Bar = {
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
};

export type NormaliseCounts = {
  input: number;
  output: number;
  /** Dropped: a missing, NaN or infinite value, or a ts that is not a whole millisecond. */
  droppedInvalid: number;
  /** Dropped: a price of zero or less. */
  droppedNonPositivePrice: number;
  /** Dropped: negative volume. */
  droppedNegativeVolume: number;
  /** Dropped: an earlier bar with the same ts (the last one reported is kept). */
  droppedDuplicate: number;
  /** Repaired by sorting: bars whose ts is earlier than the bar before them. */
  reordered: number;
  /** Repaired: low above min(open, close), set to it. */
  lowRepaired: number;
  /** Repaired: high below max(open, close), set to it. */
  highRepaired: number;
};

export function normaliseBars(raw: readonly RawBar[]): { bars: Bar[]; counts: NormaliseCounts } {
  const counts: NormaliseCounts = {
    input: raw.length,
    output: 0,
    droppedInvalid: 0,
    droppedNonPositivePrice: 0,
    droppedNegativeVolume: 0,
    droppedDuplicate: 0,
    reordered: 0,
    lowRepaired: 0,
    highRepaired: 0,
  };
  const valid: Bar[] = [];
  for (const r of raw) {
    const { ts, open, high, low, close, volume } = r;
    if (
      !Number.isSafeInteger(ts) ||
      ts < 0 ||
      ts > MAX_TS ||
      !isFiniteNumber(open) ||
      !isFiniteNumber(high) ||
      !isFiniteNumber(low) ||
      !isFiniteNumber(close) ||
      !isFiniteNumber(volume)
    ) {
      counts.droppedInvalid++;
    } else if (open <= 0 || high <= 0 || low <= 0 || close <= 0) {
      counts.droppedNonPositivePrice++;
    } else if (volume < 0) {
      counts.droppedNegativeVolume++;
    } else {
      valid.push({ ts, open, high, low, close, volume });
    }
  }
  for (let i = 1; i < valid.length; i++) {
    if ((valid[i] as Bar).ts < (valid[i - 1] as Bar).ts) counts.reordered++;
  }
  // Array#sort is stable: among equal ts the provider's order is kept, so the last is the latest.
  if (counts.reordered > 0) valid.sort((a, b) => a.ts - b.ts);
  const bars: Bar[] = [];
  for (const bar of valid) {
    const last = bars.at(-1);
    if (last && last.ts === bar.ts) {
      bars[bars.length - 1] = bar;
      counts.droppedDuplicate++;
      continue;
    }
    bars.push(bar);
  }
  for (const bar of bars) {
    const bodyLow = Math.min(bar.open, bar.close);
    const bodyHigh = Math.max(bar.open, bar.close);
    if (bar.low > bodyLow) {
      bar.low = bodyLow;
      counts.lowRepaired++;
    }
    if (bar.high < bodyHigh) {
      bar.high = bodyHigh;
      counts.highRepaired++;
    }
  }
  counts.output = bars.length;
  return { bars, counts };
}

function isFiniteNumber(value: number | null): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** True when normalising changed anything. */
export function hasAnomalies(counts: NormaliseCounts): boolean {
  return (
    counts.output !== counts.input ||
    counts.reordered + counts.lowRepaired + counts.highRepaired > 0
  );
}

export const CSV_HEADER = 'ts,open,high,low,close,volume';

/**
 * The stored CSV: a header row, then one line per bar, `\n` line ends. `ts` is ISO-8601 UTC
 * without milliseconds when they are zero (`2026-11-27T14:30:00Z`, which Spark's default
 * timestampFormat reads); numbers use JavaScript's shortest round-trip form, so no digit a
 * provider sent is lost.
 */
export function toCsv(bars: readonly Bar[]): string {
  const ts = tsFormatter();
  const lines = [CSV_HEADER];
  for (const b of bars) {
    lines.push(`${ts(b.ts)},${b.open},${b.high},${b.low},${b.close},${b.volume}`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatTs(ms: number): string {
  return tsFormatter()(ms);
}

/**
 * `toISOString` without zero milliseconds, with the date part computed once per day: a session's
 * bars share it, and this is the hottest loop of a batch (measured: 40% of CSV building).
 */
function tsFormatter(): (ms: number) => string {
  let day = Number.NaN;
  let prefix = '';
  return (ms) => {
    const d = Math.floor(ms / DAY_MS);
    if (d !== day) {
      day = d;
      prefix = new Date(d * DAY_MS).toISOString().slice(0, 11);
    }
    const r = ms - d * DAY_MS;
    const milli = r % 1000;
    const time = `${pad2(Math.floor(r / 3_600_000))}:${pad2(Math.floor(r / 60_000) % 60)}:${pad2(Math.floor(r / 1000) % 60)}`;
    return milli === 0
      ? `${prefix}${time}Z`
      : `${prefix}${time}.${String(milli).padStart(3, '0')}Z`;
  };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
