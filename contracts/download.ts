/**
 * Event and result shapes of the download Lambda. The workflow definition (workflows/), the
 * embedded runtime and the CDK stack all depend on them: they are an API.
 */

export const Intervals = ['1m', '5m', '1h', '1d'] as const;
export type Interval = (typeof Intervals)[number];

export const Providers = ['yahoo', 'alphavantage', 'synthetic'] as const;
export type ProviderName = (typeof Providers)[number];

type Common = {
  ticker: string;
  interval: Interval;
  provider: ProviderName;
  /** For structured logs only. */
  executionName?: string;
  /**
   * Replace stored bars with fewer rows (a deliberate correction). Without it a shorter download
   * keeps the stored object and reports `keptRows`. @default false
   */
  replaceWithFewerRows?: boolean;
};

/** One ticker, one session date, or every session date in an inclusive range. */
export type DownloadEvent = Common &
  ({ date: string } | { from: string; to: string }) & {
    /**
     * Write the ticker's stored objects (`ManifestObject[]` of contracts/manifest.ts: the per-date
     * results with status `ok`) to this key of the data bucket, for a run manifest, and leave
     * `objects` out of the result, so an inline Map's result stays small whatever the window.
     * Must be `manifests/collect-bars/<execution name>/objects/<TICKER>.json` with the event's
     * ticker (normalised, upper case). A ticker that throws writes no file. @default none
     */
    objectsKey?: string;
  };

/**
 * Most objects (tickers x dates) of a batch whose per-date results are kept (`keepObjects`): 400
 * results of about 250 bytes, with their tickers' results, stay inside the 256 KiB state payload.
 */
export const MAX_KEPT_OBJECTS = 400;

/**
 * A Distributed Map batch (ItemBatcher): items carry the ticker, BatchInput the rest. An item is
 * `{ ticker }` (other fields, such as a universe CSV row's `name`, are ignored) or the ticker
 * string itself (a Map over `tickers: string[]`). At most 500 items.
 */
export type DownloadBatchEvent = {
  Items: Array<{ ticker: string } | string>;
  BatchInput: Omit<Common, 'ticker'> &
    ({ date: string } | { from: string; to: string }) & {
      /**
       * Keep each ticker's per-date `objects` in its result (for a run manifest). Refused when
       * Items x dates exceeds MAX_KEPT_OBJECTS, so the result stays inside a state payload.
       * @default false
       */
      keepObjects?: boolean;
      /**
       * Write the batch's stored objects (`ManifestObject[]`, the per-date results with status
       * `ok`, in ticker then date order) to `<objectsPrefix><first ticker>.json`, for a run
       * manifest: `manifests/collect-bars/<execution name>/objects/`. The first ticker is the
       * first valid item's (normalised); a batch that throws writes no file. @default none
       */
      objectsPrefix?: string;
    };
};

export type DownloadStatus = 'ok' | 'empty' | 'failed';

/** The outcome for one ticker and one session date: one S3 object. */
export type ObjectResult = {
  date: string;
  status: DownloadStatus;
  rows: number;
  /** S3 key, e.g. raw/interval=1m/date=2026-11-27/ticker=AAPL/bars.csv */
  key: string;
  bytes: number;
  /** Base64 SHA-256 of the stored body, as S3 reports ChecksumSHA256. */
  sha256: string;
  /** true when an identical object already existed and was not rewritten. */
  unchanged?: boolean;
  /**
   * Set when the download had fewer rows than the stored object and the stored one was kept
   * (`rows`, `key`, `sha256` then describe the stored object): the rows the download offered.
   */
  keptRows?: { offered: number };
  error?: string;
};

/**
 * The outcome for one ticker. With `date`, `key`/`bytes`/`sha256` describe its one object; with
 * `from`/`to`, they describe the last date's object and `objects` lists every date (single-ticker
 * events, and batches with `keepObjects`: other batch results leave it out to bound the payload). `status` is `ok` when at
 * least one date had bars, `empty` when none had (stored bars are then kept and reported), and
 * `failed` only inside a batch result (a single-ticker event throws instead).
 */
export type DownloadResult = {
  ticker: string;
  status: DownloadStatus;
  rows: number;
  key: string;
  bytes: number;
  sha256: string;
  provider: ProviderName;
  error?: string;
  objects?: ObjectResult[];
  /** With the event's `objectsKey`: how many objects the file written there lists. */
  objectsListed?: number;
};

/**
 * One result per distinct ticker (items the validator refused are `failed` results with an
 * InvalidInputError, after the others).
 */
export type DownloadBatchResult = {
  results: DownloadResult[];
  ok: number;
  empty: number;
  failed: number;
  /** Items dropped because an earlier item named the same ticker (absent when none). */
  duplicatesRemoved?: number;
};
