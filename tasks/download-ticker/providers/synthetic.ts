/**
 * Deterministic synthetic bars for offline demos and tests, never market data (objects carry
 * `synthetic: true` metadata). For one (ticker, date) a seeded PRNG drives a 1-minute geometric
 * Brownian motion over the exchange's regular session (exchanges.ts: LSE 08:00-16:30
 * Europe/London for `.L`, else NYSE 09:30-16:00 America/New_York); 5m, 1h and 1d bars aggregate
 * that path, so every interval tells the same story. Volume follows the U-shaped intraday profile
 * (heavy at the open and the close). Weekends have no session and no bars; holidays are not
 * modelled.
 */
import { exchangeOf } from '../../../contracts/calendar/exchanges.ts';
import { INTERVAL_MINUTES, sessionBounds } from '../../../contracts/calendar/sessions.ts';
import type { Interval } from '../../../contracts/download.ts';
import type { Provider, RawBar } from './types.ts';

const MINUTE_MS = 60_000;
/** Annual drift. */
const MU = 0.05;
/** Trading minutes per year, for the GBM time step (NYSE: 252 x 390). */
const MINUTES_PER_YEAR = 252 * 390;

export function createSyntheticProvider(): Provider {
  return {
    name: 'synthetic',
    synthetic: true,
    check: () => [],
    fetch: async (request) => {
      const byDate = new Map<string, RawBar[]>();
      for (const date of request.dates) {
        const bars = syntheticBars(request.ticker, date, request.interval);
        if (bars.length > 0) byDate.set(date, bars);
      }
      return byDate;
    },
  };
}

/** The bars of one session; empty on a weekend. Same arguments, same bars, to the last bit. */
export function syntheticBars(ticker: string, date: string, interval: Interval): RawBar[] {
  const session = sessionBounds(exchangeOf(ticker), date);
  if (!session) return [];
  const minutes = minuteBars(
    ticker,
    date,
    session.open,
    (session.close - session.open) / MINUTE_MS,
  );
  return interval === '1m' ? minutes : aggregate(minutes, session.open, INTERVAL_MINUTES[interval]);
}

function minuteBars(ticker: string, date: string, open: number, count: number): RawBar[] {
  // Per-ticker character (price level, volatility, liquidity) and a per-day path.
  const character = mulberry32(hash32(ticker));
  const basePrice = 10 * 50 ** character(); // 10 .. 500, log-uniform
  const sigma = 0.15 + 0.45 * character(); // annual volatility 15% .. 60%
  const baseVolume = 1000 * 100 ** character(); // shares per minute, 1e3 .. 1e5
  const rand = mulberry32(hash32(`${ticker}|${date}`));
  const gauss = normal(rand);
  const dt = 1 / MINUTES_PER_YEAR;
  const drift = (MU - (sigma * sigma) / 2) * dt;
  const step = sigma * Math.sqrt(dt);
  let price = basePrice * Math.exp(0.1 * gauss());
  const bars: RawBar[] = [];
  for (let k = 0; k < count; k++) {
    const o = round4(price);
    price *= Math.exp(drift + step * gauss());
    const c = round4(price);
    const h = Math.max(round4(Math.max(o, c) * Math.exp(0.5 * step * Math.abs(gauss()))), o, c);
    const l = Math.min(round4(Math.min(o, c) * Math.exp(-0.5 * step * Math.abs(gauss()))), o, c);
    const x = (k + 0.5) / count;
    const profile = 1 + 3 * (2 * x - 1) ** 2; // 4x the midday rate at the bell
    const noise = Math.exp(0.3 * gauss() - 0.045); // log-normal, mean 1
    bars.push({
      ts: open + k * MINUTE_MS,
      open: o,
      high: h,
      low: l,
      close: c,
      volume: Math.round(baseVolume * profile * noise),
    });
  }
  return bars;
}

/** OHLCV of consecutive `minutes`-long buckets from the open; the last may be partial. */
export function aggregate(bars: RawBar[], open: number, minutes: number): RawBar[] {
  const out: RawBar[] = [];
  for (const bar of bars) {
    const start = open + Math.floor((bar.ts - open) / (minutes * MINUTE_MS)) * minutes * MINUTE_MS;
    const last = out.at(-1);
    if (last && last.ts === start) {
      last.high = Math.max(last.high ?? 0, bar.high ?? 0);
      last.low = Math.min(
        last.low ?? Number.POSITIVE_INFINITY,
        bar.low ?? Number.POSITIVE_INFINITY,
      );
      last.close = bar.close;
      last.volume = (last.volume ?? 0) + (bar.volume ?? 0);
    } else {
      out.push({ ...bar, ts: start });
    }
  }
  return out;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** FNV-1a, 32 bits: a seed from a string. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, fast, well-distributed 32-bit PRNG; uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Standard normal draws (Box-Muller). */
function normal(rand: () => number): () => number {
  return () => {
    const u = 1 - rand(); // (0, 1]: log(0) never happens
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
}
