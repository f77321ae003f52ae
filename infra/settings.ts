import {
  DEFAULT_API_KEY_PARAMETER,
  DEFAULT_STACK_NAME,
  STACK_NAME_PATTERN,
  STACK_NAME_RULE,
} from '../contracts/deployment.ts';
import { UNIVERSE_PATH } from '../contracts/universe.ts';
import { defaultPipelineConfig } from '../workflows/market-data-pipeline.ts';
import { WORKFLOWS, type Workflow } from '../workflows/registry.ts';
import { flag, integer, type Lookup, SettingError, text } from './context-values.ts';
import { readSchedules, type ScheduleSetting } from './schedule-settings.ts';

export type { ScheduleSetting } from './schedule-settings.ts';

/**
 * Deployment settings from CDK context (`cdk.json` "context", or `-c key=value`), each with a
 * documented default (docs/deploy.md). Parsed once, before any construct is created, so a bad
 * value fails `cdk synth` with the key, the rule and the value.
 */

export type Settings = {
  /** CloudFormation stack name; also prefixes the state machine and other named resources. @default 'MarketPipeline' */
  stackName: string;
  /** AWS region. @default 'eu-west-2' (London: the default universe and schedule are UK) */
  region: string;
  /** AWS account. @default CDK_DEFAULT_ACCOUNT (unset: an environment-agnostic template) */
  account: string | undefined;
  /** Repository path of the universe CSV deployed to `config/universe.csv`. @default 'config/universe.csv' */
  universeFile: string;
  /**
   * The schedule of each workflow that declares one in workflows/registry.ts, by workflow name
   * (schedule-settings.ts reads the context keys). @default each workflow's registry `schedule`,
   * enabled (the pipeline: 'cron(11 5 ? * SAT *)' Europe/London, Saturdays 05:11)
   */
  schedules: Readonly<Record<string, ScheduleSetting>>;
  /** EMR primary node instance type. @default 'm5.xlarge' (workflows/ default) */
  masterInstanceType: string;
  /** EMR core node instance type. @default 'm5.xlarge' (workflows/ default) */
  coreInstanceType: string;
  /** Number of EMR core nodes (0: a single-node cluster). @default 2 (workflows/ default) */
  coreInstanceCount: number;
  /** Run core nodes on Spot capacity (the primary node stays On-Demand). @default true (workflows/ default) */
  spot: boolean;
  /** EMR idle auto-termination, minutes (1 .. 10080, i.e. 60 s .. 7 days). @default 30 (workflows/ default) */
  idleTimeoutMinutes: number;
  /**
   * Clusters of this workflow older than this are terminated by the reaper. Must exceed the
   * execution timeout (a cluster that old has no running execution left). @default 390
   */
  maxClusterAgeMinutes: number;
  /** Email subscribed to the alert topic (confirmation required). @default none */
  alertEmail: string | undefined;
  /** Existing subnet for the clusters; unset creates a small VPC with public subnets. @default none */
  subnetId: string | undefined;
  /** SSM parameter (SecureString) holding the keyed provider's API key. @default '/market-pipeline/alphavantage/api-key' */
  apiKeyParameter: string;
  /** Retention of the state machine's and Lambdas' log groups, days. @default 90 */
  logRetentionDays: number;
  /**
   * Reserved concurrency of the download-ticker function: at most this many downloads run at
   * once across every execution, however many a backfill starts. At least the widest download
   * Map of the deployed definitions (the stack checks it); at most 900, since Lambda keeps 100 of
   * the account's default 1,000 unreserved. @default twice the widest download Map's
   * MaxConcurrency (the stack computes it from the definitions: 20 for the default config)
   */
  downloadReservedConcurrency: number | undefined;
};

const emr = defaultPipelineConfig.emr;

export const DEFAULT_SETTINGS: Settings = {
  stackName: DEFAULT_STACK_NAME,
  region: 'eu-west-2',
  account: undefined,
  universeFile: UNIVERSE_PATH,
  schedules: readSchedules(() => undefined, WORKFLOWS),
  masterInstanceType: emr.primaryInstanceType,
  coreInstanceType: emr.coreInstanceType,
  coreInstanceCount: emr.coreInstanceCount,
  spot: emr.coreMarket === 'SPOT',
  idleTimeoutMinutes: Math.round(emr.idleTimeoutSeconds / 60),
  // The execution timeout (6 h) plus half an hour.
  maxClusterAgeMinutes: Math.ceil(defaultPipelineConfig.timeouts.executionSeconds / 60) + 30,
  alertEmail: undefined,
  subnetId: undefined,
  apiKeyParameter: DEFAULT_API_KEY_PARAMETER,
  logRetentionDays: 90,
  downloadReservedConcurrency: undefined,
};

/** Retention values CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;

export type ReadSettingsOptions = {
  /** The workflows the stack deploys (their schedules). @default WORKFLOWS */
  workflows?: readonly Workflow[];
  /** Every context key set, so a per-workflow key naming no workflow fails. @default not checked */
  keys?: readonly string[];
};

/**
 * Reads every setting, applying defaults. `env` supplies CDK_DEFAULT_ACCOUNT (set by the CDK CLI
 * from the caller's credentials).
 */
export const readSettings = (
  get: Lookup,
  env: Record<string, string | undefined> = {},
  options: ReadSettingsOptions = {},
): Settings => {
  const d = DEFAULT_SETTINGS;
  const pick = <T>(value: T | undefined, fallback: T): T =>
    value === undefined ? fallback : value;
  const logRetentionDays = integer(get, 'logRetentionDays', 1, 3653);
  if (
    logRetentionDays !== undefined &&
    !(LOG_RETENTION_DAYS as readonly number[]).includes(logRetentionDays)
  ) {
    throw new SettingError(
      'logRetentionDays',
      `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
      logRetentionDays,
    );
  }
  return {
    stackName: pick(text(get, 'stackName', STACK_NAME_PATTERN, STACK_NAME_RULE), d.stackName),
    region: pick(
      text(get, 'region', /^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-2'),
      d.region,
    ),
    account: env.CDK_DEFAULT_ACCOUNT,
    universeFile: pick(
      text(get, 'universeFile', /^[^\0]+\.csv$/, 'must be a path to a .csv file'),
      d.universeFile,
    ),
    schedules: readSchedules(get, options.workflows ?? WORKFLOWS, options.keys),
    masterInstanceType: pick(
      text(
        get,
        'masterInstanceType',
        INSTANCE_TYPE,
        'must be an EC2 instance type such as m5.xlarge',
      ),
      d.masterInstanceType,
    ),
    coreInstanceType: pick(
      text(
        get,
        'coreInstanceType',
        INSTANCE_TYPE,
        'must be an EC2 instance type such as m5.xlarge',
      ),
      d.coreInstanceType,
    ),
    coreInstanceCount: pick(integer(get, 'coreInstanceCount', 0, 50), d.coreInstanceCount),
    spot: pick(flag(get, 'spot'), d.spot),
    // EMR's AutoTerminationPolicy.IdleTimeout accepts 60 s .. 7 days.
    idleTimeoutMinutes: pick(
      integer(get, 'idleTimeoutMinutes', 1, 7 * 24 * 60),
      d.idleTimeoutMinutes,
    ),
    maxClusterAgeMinutes: pick(
      integer(get, 'maxClusterAgeMinutes', 30, 7 * 24 * 60),
      d.maxClusterAgeMinutes,
    ),
    alertEmail: text(get, 'alertEmail', /^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address'),
    subnetId: text(
      get,
      'subnetId',
      /^subnet-[0-9a-f]{8,17}$/,
      'must be a subnet id such as subnet-0123456789abcdef0',
    ),
    apiKeyParameter: pick(
      text(
        get,
        'apiKeyParameter',
        /^\/[A-Za-z0-9_.\-/]{1,1010}$/,
        'must be an SSM parameter name starting with /',
      ),
      d.apiKeyParameter,
    ),
    logRetentionDays: pick(logRetentionDays, d.logRetentionDays),
    // Lambda refuses a reservation that leaves fewer than 100 unreserved (default quota 1,000).
    downloadReservedConcurrency: integer(get, 'downloadReservedConcurrency', 1, 900),
  };
};
