/**
 * The interface every market-data provider implements. A provider turns (ticker, interval,
 * dates) into raw bars grouped by exchange session date; normalising and storing is not its job.
 */
import type { Interval, ProviderName } from '../../../contracts/download.ts';

/** A bar as the provider reported it: `ts` is the bar's start, epoch ms; values may be null/NaN. */
export type RawBar = {
  ts: number;
  open: number | null;
  high: number | null;
  low: number | null;
  close: number | null;
  volume: number | null;
};

export type ProviderRequest = {
  ticker: string;
  interval: Interval;
  /** Calendar dates, ascending, validated (real, not in the future). */
  dates: string[];
  /** The event field the first date came from, for error messages: `date` or `from`. */
  dateField: string;
};

export type Provider = {
  name: ProviderName;
  /** `true` when the bars are generated, never market data; stored in the object's metadata. */
  synthetic: boolean;
  /**
   * Why this provider cannot serve `request` (history limits, unsupported interval), checked
   * before any request is made; empty when it can.
   */
  check: (request: ProviderRequest, today: string) => string[];
  /** Raw bars by session date. Dates without bars may be absent. Throws the errors in errors.ts. */
  fetch: (request: ProviderRequest) => Promise<Map<string, RawBar[]>>;
};
