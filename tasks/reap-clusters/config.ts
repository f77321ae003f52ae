import { ReaperConfigError } from './errors.ts';

export type RetryMode = 'standard' | 'adaptive';

export type ReaperConfig = {
  /** Value of the `market-pipeline:workflow` tag on this workflow's clusters (the state machine name). */
  workflowName: string;
  /** Executions of this state machine are the only ones the reaper looks up. */
  stateMachineArn: string;
  /** Name of the stack's EMR service role; a tagged cluster with another fails the ownership proof. */
  emrServiceRole: string;
  /** Name of the stack's EMR instance profile; likewise. */
  emrInstanceProfile: string;
  /** Clusters of this workflow older than this are terminated whatever their execution's state. */
  maxClusterAgeMinutes: number;
  /** SDK attempts per call (first try included). @default 8 */
  maxAttempts: number;
  /**
   * SDK retry mode. `standard`: exponential backoff with full jitter (a longer base delay for
   * throttling errors), which suffices for a few calls at concurrency 4. `adaptive` also
   * rate-limits the client while it is throttled: for accounts with hundreds of clusters.
   * @default 'standard'
   */
  retryMode: RetryMode;
};

type Env = Record<string, string | undefined>;

const required = (env: Env, name: string): string => {
  const value = env[name]?.trim();
  if (!value) throw new ReaperConfigError(`${name} environment variable is not set`);
  return value;
};

const positiveInt = (env: Env, name: string, fallback: number, max: number): number => {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new ReaperConfigError(
      `${name} environment variable must be an integer from 1 to ${max}, got '${raw}'`,
    );
  }
  return value;
};

/** IAM role and instance profile names (64 and 128 characters at most). */
const iamName = (env: Env, name: string, max: number): string => {
  const value = required(env, name);
  if (!new RegExp(`^[\\w+=,.@-]{1,${max}}$`).test(value)) {
    throw new ReaperConfigError(
      `${name} environment variable must be an IAM name (not an ARN) of at most ${max} characters, got '${value}'`,
    );
  }
  return value;
};

const STATE_MACHINE_ARN =
  /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/;

/** Reads and validates the reaper's environment once, naming the variable and the rule on error. */
export const loadConfig = (env: Env): ReaperConfig => {
  const stateMachineArn = required(env, 'STATE_MACHINE_ARN');
  if (!STATE_MACHINE_ARN.test(stateMachineArn)) {
    throw new ReaperConfigError(
      `STATE_MACHINE_ARN environment variable must be a state machine ARN, got '${stateMachineArn}'`,
    );
  }
  const retryMode = env.SDK_RETRY_MODE?.trim() || 'standard';
  if (retryMode !== 'standard' && retryMode !== 'adaptive') {
    throw new ReaperConfigError(
      `SDK_RETRY_MODE environment variable must be 'standard' or 'adaptive', got '${retryMode}'`,
    );
  }
  return {
    workflowName: required(env, 'WORKFLOW_NAME'),
    stateMachineArn,
    emrServiceRole: iamName(env, 'EMR_SERVICE_ROLE', 64),
    emrInstanceProfile: iamName(env, 'EMR_INSTANCE_PROFILE', 128),
    // One week: EMR's own idle auto-termination caps out at 7 days, so nothing legitimate runs longer.
    maxClusterAgeMinutes: positiveInt(env, 'MAX_CLUSTER_AGE_MINUTES', 360, 7 * 24 * 60),
    maxAttempts: positiveInt(env, 'SDK_MAX_ATTEMPTS', 8, 20),
    retryMode,
  };
};
