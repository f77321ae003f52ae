/**
 * Refuses a pipeline config at build time, naming the state that would carry the value, the
 * config field, the rule and the value. Values the state builders check themselves (for example
 * a negative MaxConcurrency) are left to them so the message names the ASL field.
 */
import { maxSpanDays, weekdaysAlwaysFitting } from '../../contracts/calendar/dates.ts';
import { Intervals, Providers } from '../../contracts/download.ts';
import type { Sections, WindowDefaults } from './config.ts';
import { minSessions } from './training-needs.ts';

export const fail = (where: string, field: string, rule: string, value: unknown): never => {
  throw new Error(`${where}: ${field} ${rule}, got ${JSON.stringify(value)}`);
};

export const int = (where: string, field: string, value: unknown, min: number, max?: number) => {
  const ok =
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= min &&
    (max === undefined || value <= max);
  if (!ok) {
    fail(
      where,
      field,
      max === undefined
        ? `must be an integer >= ${min}`
        : `must be an integer between ${min} and ${max}`,
      value,
    );
  }
};

export const s3Key = (where: string, field: string, value: unknown, suffix: string) => {
  if (typeof value !== 'string' || value.trim() === '') {
    fail(where, field, 'is required (a key in the data bucket)', value);
  }
  const key = value as string;
  if (key.startsWith('/') || key.startsWith('s3://') || !key.endsWith(suffix)) {
    fail(
      where,
      field,
      `must be a key in the data bucket ending in ${suffix} (no leading / or s3://)`,
      key,
    );
  }
};

/** EMR's AutoTerminationPolicy.IdleTimeout range, in seconds. */
export const IDLE_TIMEOUT_RANGE = [60, 604_800] as const;

export const validateUniverse = (c: Sections<'universe'>): void => {
  s3Key('Pipeline universe', 'universe.key', c.universe.key, '.csv');
  int('Pipeline universe', 'universe.size', c.universe.size, 1);
  if (c.universe.maxTickers !== undefined)
    int('Pipeline universe', 'universe.maxTickers', c.universe.maxTickers, 1);
};

export const validateDownload = (c: Sections<'download'>): void => {
  const d = c.download;
  if (!['auto', 'inline', 'distributed'].includes(d.mode)) {
    fail('Map download', 'download.mode', "must be 'auto', 'inline' or 'distributed'", d.mode);
  }
  int('Map download', 'download.inlineMaxTickers', d.inlineMaxTickers, 1);
  if (!(typeof d.minSuccessRatio === 'number' && d.minSuccessRatio > 0 && d.minSuccessRatio <= 1)) {
    fail(
      'Choice CheckDownloads',
      'download.minSuccessRatio',
      'must be a number in (0, 1]',
      d.minSuccessRatio,
    );
  }
  // The download Lambda takes at most 500 tickers per batch (DownloadBatchEvent).
  int('Map download', 'download.distributed.batchSize', d.distributed.batchSize, 1, 500);
};

export const validateProviderDefault = (c: { defaults: { provider: string } }): void => {
  const df = c.defaults;
  if (!(Providers as readonly string[]).includes(df.provider)) {
    fail(
      'Pass ValidateInput',
      'defaults.provider',
      `must be one of ${Providers.join(', ')}`,
      df.provider,
    );
  }
};

/** `training`: runs that name no interval must also be able to train on the default window. */
export const validateWindowDefaults = (
  c: { defaults: WindowDefaults },
  options: { training: boolean },
): void => {
  const df = c.defaults;
  if (!(Intervals as readonly string[]).includes(df.interval)) {
    fail(
      'Pass ValidateInput',
      'defaults.interval',
      `must be one of ${Intervals.join(', ')}`,
      df.interval,
    );
  }
  int('Pass ValidateInput', 'defaults.maxWindowDays', df.maxWindowDays, 1, 366);
  // The default window is lookbackDays weekday sessions: it must fit maxWindowDays whatever
  // weekday the run starts on, or every run that names no window would be refused.
  const fitting = weekdaysAlwaysFitting(df.maxWindowDays);
  if (!(Number.isInteger(df.lookbackDays) && df.lookbackDays >= 1 && df.lookbackDays <= fitting)) {
    fail(
      'Pass ValidateInput',
      'defaults.lookbackDays',
      `must be an integer between 1 and ${fitting} (the weekday sessions a window of defaults.maxWindowDays, ${df.maxWindowDays} days, always holds)`,
      df.lookbackDays,
    );
  }
  if (!options.training) return;
  // Runs that name no interval (the schedule's {}) must be able to train on the default window.
  const need = minSessions(df.interval);
  if (maxSpanDays(need) > df.maxWindowDays) {
    fail(
      'Pass ValidateInput',
      'defaults.interval',
      `needs windows of ${need} weekday sessions for the training job, more than a window of defaults.maxWindowDays (${df.maxWindowDays} days) always holds (${fitting})`,
      df.interval,
    );
  }
};

export const validateEmr = (c: Sections<'emr'>): void => {
  const e = c.emr;
  const release = /^emr-(\d+)\.(\d+)\.(\d+)$/.exec(e.releaseLabel);
  if (release === null || Number(release[1]) < 7) {
    fail(
      "Task 'CreateCluster'",
      'emr.releaseLabel (ReleaseLabel)',
      'must be an EMR 7.x or later release like emr-7.12.0',
      e.releaseLabel,
    );
  }
  if (!e.applications.some((a) => a.Name === 'Spark')) {
    fail(
      "Task 'CreateCluster'",
      'emr.applications (Applications)',
      'must include Spark',
      e.applications,
    );
  }
  int(
    "Task 'CreateCluster'",
    'emr.coreInstanceCount (core InstanceCount)',
    e.coreInstanceCount,
    0,
    500,
  );
  const [lo, hi] = IDLE_TIMEOUT_RANGE;
  int(
    "Task 'CreateCluster'",
    'emr.idleTimeoutSeconds (AutoTerminationPolicy.IdleTimeout)',
    e.idleTimeoutSeconds,
    lo,
    hi,
  );
  if (e.ebsRootVolumeSize !== undefined) {
    int(
      "Task 'CreateCluster'",
      'emr.ebsRootVolumeSize (EbsRootVolumeSize)',
      e.ebsRootVolumeSize,
      15,
      100,
    );
  }
  if (e.coreBidPrice !== undefined && e.coreMarket !== 'SPOT') {
    fail(
      "Task 'CreateCluster'",
      'emr.coreBidPrice (BidPrice)',
      'is only valid with coreMarket SPOT',
      e.coreBidPrice,
    );
  }
};

/** The model parameters an input may leave out (a workflow that passes them on checks these). */
export const validateTrainingDefaults = (c: {
  training: Pick<Sections<'training'>['training'], 'maxDepth' | 'testFraction'>;
}): void => {
  const t = c.training;
  int('Pass ValidateInput', 'training.maxDepth', t.maxDepth, 1, 30);
  if (!(typeof t.testFraction === 'number' && t.testFraction > 0 && t.testFraction < 1)) {
    fail(
      'Pass ValidateInput',
      'training.testFraction',
      'must be a number in (0, 1)',
      t.testFraction,
    );
  }
};

export const validateTraining = (c: Sections<'training'>): void => {
  const t = c.training;
  s3Key("Task 'Train'", 'training.scriptKey (the Spark script location)', t.scriptKey, '.py');
  if (t.bootstrapKey !== undefined)
    s3Key("Task 'CreateCluster'", 'training.bootstrapKey', t.bootstrapKey, '.sh');
  validateTrainingDefaults(c);
  for (const arg of t.sparkSubmitArgs) {
    if (typeof arg !== 'string' || arg === '')
      fail("Task 'Train'", 'training.sparkSubmitArgs', 'must be non-empty strings', arg);
  }
};

export const validateTimeouts = (c: { timeouts: Record<string, number> }): void => {
  for (const [field, value] of Object.entries(c.timeouts)) {
    int('Pipeline timeouts', `timeouts.${field}`, value, 1, 31_536_000);
  }
};
