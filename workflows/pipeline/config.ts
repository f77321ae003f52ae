/**
 * The typed configuration of the market-data pipeline and its defaults. EMR fields are typed
 * against `@aws-sdk/client-emr` so a value EMR would reject (a misspelt market, a malformed
 * configuration) fails to compile rather than to deploy.
 */
import type {
  Application,
  Configuration,
  InstanceGroupConfig,
  MarketType,
  RunJobFlowCommandInput,
} from '@aws-sdk/client-emr';
import type { BackoffOptions } from '../../builders/policies.ts';
import type { Exchange } from '../../contracts/calendar/exchanges.ts';
import type { Interval, ProviderName } from '../../contracts/download.ts';

export type DownloadMode = 'auto' | 'inline' | 'distributed';

export type PipelineConfig = {
  universe: {
    /** Key of the universe CSV (header `ticker,name`) in the data bucket. */
    key: string;
    /**
     * Tickers in the universe file. workflows/ does no I/O: scripts/snapshots.ts counts the
     * shipped file and passes the count here.
     */
    size: number;
    /**
     * Most tickers one run may process (from the input or the universe). Limits are estimated at
     * this size. @default universe.size
     */
    maxTickers?: number;
    /**
     * Where the universe's tickers trade: whose session close an input `date`/`to` without
     * `tickers` must be past (input-session-close.ts). @default 'nyse' (the later close)
     */
    exchange?: Exchange;
  };
  download: {
    /** `auto`: INLINE up to `inlineMaxTickers`, DISTRIBUTED above. @default 'auto' */
    mode: DownloadMode;
    /** @default 250 */
    inlineMaxTickers: number;
    /** Iterations (INLINE, at most 40) or child executions (DISTRIBUTED) at once. */
    maxConcurrency: number;
    /** Share of tickers (0..1] that must download ok before a cluster is created. */
    minSuccessRatio: number;
    /** TimeoutSeconds of one download invocation (one ticker, or one batch). */
    taskTimeoutSeconds: number;
    /** Backoff for ProviderThrottledError, ProviderUnavailableError and Lambda throttling. */
    throttlingRetry: BackoffOptions;
    /** DISTRIBUTED mode only. */
    distributed: {
      /** Tickers per child execution (one Lambda invocation per batch). */
      batchSize: number;
      /** @default 'STANDARD' (EXPRESS children are cheaper but stop after 5 minutes) */
      executionType: 'STANDARD' | 'EXPRESS';
    };
  };
  /** Defaults for fields the execution input may leave out (the schedule and console send `{}`). */
  defaults: {
    provider: ProviderName;
    interval: Interval;
    /** Weekday sessions to download when the input names no date: those before the start date. */
    lookbackDays: number;
    /**
     * The default window ends on the start date when it is a weekday, instead of the weekday
     * before it: for a job that runs after the close of the session it collects.
     * @default false
     */
    includeStartDate?: boolean;
    /** Longest `from`..`to` window the input may ask for, in calendar days. */
    maxWindowDays: number;
  };
  emr: {
    /** EMR 7.x, e.g. `emr-7.12.0` (Spark 3.5.6). */
    releaseLabel: NonNullable<RunJobFlowCommandInput['ReleaseLabel']>;
    applications: Application[];
    primaryInstanceType: NonNullable<InstanceGroupConfig['InstanceType']>;
    coreInstanceType: NonNullable<InstanceGroupConfig['InstanceType']>;
    coreInstanceCount: number;
    /** `SPOT` for the core group; the primary node is always ON_DEMAND. */
    coreMarket: MarketType;
    /** Max Spot price in USD; absent means the on-demand price. */
    coreBidPrice?: string;
    /** Seconds of idleness after which EMR terminates the cluster itself (60..604800). */
    idleTimeoutSeconds: number;
    /** Root EBS volume, GiB. */
    ebsRootVolumeSize?: number;
    configurations?: Configuration[];
  };
  training: {
    /** Key of the Spark script in the data bucket. */
    scriptKey: string;
    /** Key of the bootstrap action script in the data bucket (installs Python deps). */
    bootstrapKey?: string;
    /** Extra spark-submit options placed before the script, e.g. `['--conf', 'k=v']`. */
    sparkSubmitArgs: string[];
    /** Default tree depth (the input may override with `maxDepth`). */
    maxDepth: number;
    /** Default held-out share (the input may override with `testFraction`). */
    testFraction: number;
  };
  timeouts: {
    prepareInputSeconds: number;
    createClusterSeconds: number;
    trainSeconds: number;
    terminateClusterSeconds: number;
    /** S3 reads and writes of the DISTRIBUTED path (ticker list, manifest, result files). */
    s3TaskSeconds: number;
    /** The whole execution. Must exceed the sum of the stage timeouts so teardown can run. */
    executionSeconds: number;
  };
};

/**
 * Parts of the pipeline (workflows/pipeline/*) are shared with the other workflows, so each reads
 * only the config sections it needs: `Sections<'universe'>` and `TimeoutsOf<'s3TaskSeconds'>`
 * are what a part takes, and any workflow config holding those sections can pass it.
 */
export type Sections<K extends keyof PipelineConfig> = Pick<PipelineConfig, K>;

export type PipelineTimeouts = PipelineConfig['timeouts'];

/** Only the timeouts `T`: what a part reads of `timeouts`. */
export type TimeoutsOf<T extends keyof PipelineTimeouts> = { timeouts: Pick<PipelineTimeouts, T> };

/** The default window of a run (workflows with no provider have only these defaults). */
export type WindowDefaults = Omit<PipelineConfig['defaults'], 'provider'>;

/** Rows in the shipped `config/universe.csv` (FTSE 100; scripts/snapshots.ts checks it). */
export const SHIPPED_UNIVERSE_SIZE = 100;

export const defaultPipelineConfig: PipelineConfig = {
  universe: { key: 'config/universe.csv', size: SHIPPED_UNIVERSE_SIZE, exchange: 'lse' },
  download: {
    mode: 'auto',
    inlineMaxTickers: 250,
    maxConcurrency: 10,
    minSuccessRatio: 0.9,
    taskTimeoutSeconds: 300,
    throttlingRetry: { intervalSeconds: 2, maxAttempts: 5, backoffRate: 2, maxDelaySeconds: 30 },
    distributed: { batchSize: 25, executionType: 'STANDARD' },
  },
  defaults: { provider: 'yahoo', interval: '1m', lookbackDays: 1, maxWindowDays: 30 },
  emr: {
    releaseLabel: 'emr-7.12.0',
    applications: [{ Name: 'Spark' }],
    primaryInstanceType: 'm5.xlarge',
    coreInstanceType: 'm5.xlarge',
    coreInstanceCount: 2,
    coreMarket: 'SPOT',
    idleTimeoutSeconds: 1800,
    ebsRootVolumeSize: 32,
    configurations: [
      { Classification: 'spark', Properties: { maximizeResourceAllocation: 'true' } },
    ],
  },
  training: {
    scriptKey: 'code/train/train_model.py',
    bootstrapKey: 'code/train/bootstrap.sh',
    sparkSubmitArgs: [],
    maxDepth: 5,
    testFraction: 0.2,
  },
  timeouts: {
    prepareInputSeconds: 120,
    createClusterSeconds: 1800,
    trainSeconds: 3600,
    terminateClusterSeconds: 900,
    s3TaskSeconds: 60,
    executionSeconds: 6 * 3600,
  },
};
