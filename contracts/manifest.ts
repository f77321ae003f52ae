/**
 * The run manifest the collect-bars workflow writes to the data bucket when its downloads are
 * done, at `manifests/collect-bars/<execution name>.json`: which tickers and sessions the run
 * collected and where the list of its stored objects is (per object: key, row count and
 * SHA-256). The train-model workflow reads it (its `manifest` input) and people audit runs with
 * it: it is an API. A change that removes or retypes a field is a new `version`.
 *
 * The workflow writes it with an `aws-sdk:s3:putObject` Task, so the whole document passes
 * through one state: its size is bounded by the build (workflows/collect-bars/limits.ts). The
 * objects are therefore not in it but in JSON files (`ManifestObject[]`) under `objectsPrefix`,
 * which the download Lambda writes (inline mode: one file per ticker; distributed mode: one per
 * batch): the manifest's size no longer grows with the window.
 *
 * Versions: 1 listed an inline run's objects in the manifest itself (`objects`); 2 names their
 * files (`objectsPrefix`) in both modes. Every other field is unchanged, so readers of those
 * (train-model) accept both.
 */
import type { Interval, ProviderName } from './download.ts';

export const COLLECT_BARS_MANIFEST_VERSION = 2;

/** The versions train-model reads: the fields it uses are the same in both. */
export const COLLECT_BARS_MANIFEST_VERSIONS_READ = [1, 2] as const;

/** Key prefix of the manifests in the data bucket. */
export const COLLECT_BARS_MANIFEST_PREFIX = 'manifests/collect-bars/';

/** The manifest key of an execution. */
export const collectBarsManifestKey = (executionName: string): string =>
  `${COLLECT_BARS_MANIFEST_PREFIX}${executionName}.json`;

/** Key prefix of an execution's object files: `manifests/collect-bars/<execution name>/objects/`. */
export const collectBarsObjectsPrefix = (executionName: string): string =>
  `${COLLECT_BARS_MANIFEST_PREFIX}${executionName}/objects/`;

/** Key of the object file of one ticker (inline) or of a batch named after its first ticker. */
export const collectBarsObjectsKey = (executionName: string, ticker: string): string =>
  `${collectBarsObjectsPrefix(executionName)}${ticker}.json`;

/** One stored object (one ticker, one session) that holds bars. */
export type ManifestObject = {
  ticker: string;
  /** The session, `YYYY-MM-DD`. */
  date: string;
  /** Key in the data bucket, `raw/interval=<i>/date=<d>/ticker=<t>/bars.csv[.gz]`. */
  key: string;
  rows: number;
  /**
   * Base64 SHA-256 of the stored bytes (the compressed ones for `.gz`), the form S3 reports as
   * ChecksumSHA256: `aws s3api head-object --checksum-mode ENABLED` shows the same value.
   */
  sha256: string;
};

/** How the run's tickers fared; `requested` = `ok` + `empty` + `failed`. */
export type ManifestTickerCounts = {
  requested: number;
  /** Tickers with bars in at least one session. */
  ok: number;
  /** Tickers the provider had no bars for in any session (stored bars are kept). */
  empty: number;
  failed: number;
};

type ManifestCommon = {
  version: typeof COLLECT_BARS_MANIFEST_VERSION;
  workflow: 'collect-bars';
  executionName: string;
  /** The execution's start time (ISO 8601), which the default window is computed from. */
  startTime: string;
  /** The data bucket the keys are in. */
  bucket: string;
  /** `raw/interval=<i>/`: the key prefix of every object of the run. */
  dataPrefix: string;
  interval: Interval;
  provider: ProviderName;
  /** The requested window, as the input gave it or the default. */
  window: { from: string; to: string };
  /** Its weekday sessions, oldest first (exchange holidays included: they come back empty). */
  sessions: string[];
  /**
   * `manifests/collect-bars/<execution name>/objects/`: JSON files (`ManifestObject[]`), every
   * object that holds bars, in session order within a file. A ticker (inline) or batch
   * (distributed) that failed as a whole has no file.
   */
  objectsPrefix: string;
};

/**
 * An inline run (up to a few hundred tickers): the tickers are in the manifest itself, the
 * objects in one file per ticker under `objectsPrefix`, `<TICKER>.json`, which the download
 * Lambda writes (its event's `objectsKey`).
 */
export type InlineCollectBarsManifest = ManifestCommon & {
  mode: 'inline';
  tickers: ManifestTickerCounts & {
    /** The tickers the run downloaded, normalised (upper case, de-duplicated). */
    listed: string[];
    /** Failed tickers, at most 50. */
    failedTickers: string[];
  };
};

/**
 * A distributed run (thousands of tickers) cannot carry them in one state: the tickers are in a
 * CSV file and the objects in one file per batch of tickers under `objectsPrefix`, named after
 * the batch's first ticker. A batch that failed as a whole has no file; its tickers count as
 * failed.
 */
export type DistributedCollectBarsManifest = ManifestCommon & {
  mode: 'distributed';
  tickers: ManifestTickerCounts & {
    /** Key of the CSV (header `ticker`) the Map read: the universe file, or the input's list. */
    file: string;
  };
};

export type CollectBarsManifest = InlineCollectBarsManifest | DistributedCollectBarsManifest;
