/**
 * Event and result of the prepare-input Lambda: resolves the run's ticker list (from the
 * execution input, else the universe file in S3), normalised, de-duplicated and capped.
 */
export type PrepareInputEvent = {
  /** Tickers from the execution input, unvalidated; absent or null means "use the universe". */
  tickers?: unknown;
  bucket: string;
  /** e.g. config/universe.csv */
  universeKey: string;
  maxTickers: number;
  executionName?: string;
};

export type PrepareInputResult = {
  tickers: string[];
  count: number;
  source: 'input' | 'universe';
  /** Entries dropped as duplicates after case normalisation. */
  duplicatesRemoved: number;
};
