/**
 * Names of the errors the pipeline's Lambda tasks throw. They are an API between two parts: the
 * tasks set them as their error classes' `name` (tasks/<area>/errors.ts, which Lambda reports as
 * the error type) and the workflow's Retry and Catch match them (workflows/pipeline/retries.ts).
 * The reaper's errors are not here: no state of the definition matches them.
 */

export const TaskError = {
  /** The event or execution input breaks a rule (field named in the message). */
  InvalidInput: 'InvalidInputError',
  /** The provider does not know the symbol. */
  UnknownTicker: 'UnknownTickerError',
  /** HTTP 429 or a rate-limit notice. */
  ProviderThrottled: 'ProviderThrottledError',
  /** HTTP 5xx, a timeout, a refused or dropped connection. */
  ProviderUnavailable: 'ProviderUnavailableError',
  /** A response that is not what the API documents. */
  ProviderResponse: 'ProviderResponseError',
  /** The provider refused the request for a reason retrying will not fix. */
  ProviderRejected: 'ProviderRejectedError',
  /** The function's environment is wrong. */
  Configuration: 'ConfigurationError',
  /** Every ticker of a batch failed, not all for the same reason. */
  BatchFailed: 'BatchFailedError',
  /** The universe file named by the event does not exist in the data bucket. */
  UniverseNotFound: 'UniverseNotFoundError',
} as const;

export type TaskErrorName = (typeof TaskError)[keyof typeof TaskError];

/**
 * Transient provider errors: the definition retries them with backoff and jitter. Written as
 * literals (checked against TaskErrorName) so that a bundle importing one list carries no more.
 */
export const RETRYABLE_ERRORS = [
  'ProviderThrottledError',
  'ProviderUnavailableError',
  'ProviderResponseError',
] as const satisfies readonly TaskErrorName[];

/** Errors no retry can fix (the input or the deployment must change): straight to Catch. */
export const NON_RETRYABLE_ERRORS = [
  'InvalidInputError',
  'UnknownTickerError',
  'UniverseNotFoundError',
] as const satisfies readonly TaskErrorName[];
