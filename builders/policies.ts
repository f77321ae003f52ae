/**
 * Reusable Retry policies.
 * https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
 */

import { LambdaServiceErrors, StatesError } from '../asl/constants.ts';
import type { Retrier } from '../asl/types.ts';
import { assertRetry } from './assert.ts';

export type BackoffOptions = {
  /** @default 2 */
  intervalSeconds?: number;
  /** @default 3 */
  maxAttempts?: number;
  /** @default 2 */
  backoffRate?: number;
  /** Caps any single wait, so a long backoff chain cannot stall the run. @default 30 */
  maxDelaySeconds?: number;
};

const build = (
  errors: readonly string[],
  o: BackoffOptions,
  defaults: Required<BackoffOptions>,
) => {
  const r: Retrier = {
    ErrorEquals: [...errors],
    IntervalSeconds: o.intervalSeconds ?? defaults.intervalSeconds,
    MaxAttempts: o.maxAttempts ?? defaults.maxAttempts,
    BackoffRate: o.backoffRate ?? defaults.backoffRate,
    MaxDelaySeconds: o.maxDelaySeconds ?? defaults.maxDelaySeconds,
    // Full jitter spreads retries of many concurrent iterations instead of retrying in lockstep.
    JitterStrategy: 'FULL',
  };
  assertRetry('Retry policy', [r]);
  return r;
};

/**
 * Transient errors of the Lambda service itself (not of the function): AWS recommends retrying
 * them on every Lambda task.
 */
export const lambdaServiceRetry = (o: BackoffOptions = {}): Retrier =>
  build(LambdaServiceErrors, o, {
    intervalSeconds: 1,
    maxAttempts: 3,
    backoffRate: 2,
    maxDelaySeconds: 10,
  });

/**
 * Throttling or temporary unavailability (of Lambda, or of a provider behind it): exponential
 * backoff with full jitter and a cap on each delay.
 */
export const throttlingRetry = (errors: readonly string[], o: BackoffOptions = {}): Retrier =>
  build(errors, o, { intervalSeconds: 2, maxAttempts: 5, backoffRate: 2, maxDelaySeconds: 30 });

/**
 * A call that is safe to repeat (an S3 read, a write of the same key, a cluster termination): any
 * error is retried, with backoff, full jitter and a cap on each delay.
 */
export const idempotentRetry = (o: BackoffOptions = {}): Retrier =>
  build([StatesError.ALL], o, {
    intervalSeconds: 2,
    maxAttempts: 3,
    backoffRate: 2,
    maxDelaySeconds: 20,
  });

/** Worst-case number of attempts after the first one a retrier list allows (sum of MaxAttempts). */
export const maxRetries = (retry: readonly Retrier[] | undefined): number =>
  (retry ?? []).reduce((n, r) => n + (typeof r.MaxAttempts === 'number' ? r.MaxAttempts : 3), 0);
