/**
 * Retry policies of the pipeline's Lambda tasks. Error names are the API of tasks/<area>/errors.ts:
 * InvalidInputError, UnknownTickerError and UniverseNotFoundError are deliberately absent (a
 * retry cannot fix them); provider throttling and outages are retried with backoff and jitter.
 */

import { LambdaThrottlingErrors } from '../../asl/constants.ts';
import type { Retrier } from '../../asl/types.ts';
import {
  type BackoffOptions,
  lambdaServiceRetry,
  throttlingRetry,
} from '../../builders/policies.ts';
import { RETRYABLE_ERRORS } from '../../tasks/download-ticker/errors.ts';

/** One source of truth: the download task's own list of transient provider errors. */
export const ProviderRetryableErrors = RETRYABLE_ERRORS;

/** Errors no retry can fix: they go straight to Catch (or fail the run). */
export const NonRetryableErrors = [
  'InvalidInputError',
  'UnknownTickerError',
  'UniverseNotFoundError',
] as const;

/** Download tasks: Lambda service errors, then throttling of Lambda or of the provider. */
export const downloadRetry = (throttling: BackoffOptions): Retrier[] => [
  lambdaServiceRetry(),
  throttlingRetry([...LambdaThrottlingErrors, ...ProviderRetryableErrors], throttling),
];

/** Prepare-input reads one S3 object: only the Lambda service and its throttling are retried. */
export const prepareInputRetry = (): Retrier[] => [
  lambdaServiceRetry(),
  throttlingRetry(LambdaThrottlingErrors, { maxAttempts: 3 }),
];
