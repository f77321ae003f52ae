/**
 * Retry policies of the pipeline's Lambda tasks. Error names are the contract the tasks throw by
 * (contracts/errors.ts): its NON_RETRYABLE_ERRORS (InvalidInputError, UnknownTickerError,
 * UniverseNotFoundError) are deliberately absent (a retry cannot fix them); provider throttling and outages are retried
 * with backoff and jitter.
 */

import { LambdaThrottlingErrors } from '../../asl/constants.ts';
import type { Retrier } from '../../asl/types.ts';
import {
  type BackoffOptions,
  lambdaServiceRetry,
  throttlingRetry,
} from '../../builders/policies.ts';
import { RETRYABLE_ERRORS } from '../../contracts/errors.ts';

/** Download tasks: Lambda service errors, then throttling of Lambda or of the provider. */
export const downloadRetry = (throttling: BackoffOptions): Retrier[] => [
  lambdaServiceRetry(),
  throttlingRetry([...LambdaThrottlingErrors, ...RETRYABLE_ERRORS], throttling),
];

/** Prepare-input reads one S3 object: only the Lambda service and its throttling are retried. */
export const prepareInputRetry = (): Retrier[] => [
  lambdaServiceRetry(),
  throttlingRetry(LambdaThrottlingErrors, { maxAttempts: 3 }),
];
