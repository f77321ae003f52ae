/**
 * Errors of the download task. Their `name` is an API: the workflow's Retry and Catch match on
 * it (Lambda reports it as the error type), so each is one of contracts/errors.ts's names, which
 * also lists the ones the definition retries (RETRYABLE_ERRORS). The names are written as literals
 * checked against the contract, so the bundle carries each name once, in its class.
 */
import type { TaskErrorName } from '../../contracts/errors.ts';

/** The event breaks a rule (field named in the message). Nothing was requested or written. */
export class InvalidInputError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidInputError' satisfies TaskErrorName;
  }
}

/** The provider does not know the symbol. */
export class UnknownTickerError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UnknownTickerError' satisfies TaskErrorName;
  }
}

/** HTTP 429 or a rate-limit notice. `retryAfterSeconds` is the provider's Retry-After, if any. */
export class ProviderThrottledError extends Error {
  readonly retryAfterSeconds: number | undefined;
  constructor(
    message: string,
    options?: ErrorOptions & { retryAfterSeconds?: number | undefined },
  ) {
    super(message, options);
    this.name = 'ProviderThrottledError' satisfies TaskErrorName;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

/** HTTP 5xx, a timeout, a refused or dropped connection. */
export class ProviderUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ProviderUnavailableError' satisfies TaskErrorName;
  }
}

/** A response that is not what the API documents: HTML, truncated or malformed JSON. */
export class ProviderResponseError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ProviderResponseError' satisfies TaskErrorName;
  }
}

/** The provider refused the request for a reason retrying will not fix (4xx, bad API key, premium-only). */
export class ProviderRejectedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ProviderRejectedError' satisfies TaskErrorName;
  }
}

/** The function's environment is wrong (a missing variable, an unreadable API key parameter). */
export class ConfigurationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigurationError' satisfies TaskErrorName;
  }
}

/** Every ticker of a batch failed, not all for the same reason (counts by error in the message). */
export class BatchFailedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BatchFailedError' satisfies TaskErrorName;
  }
}

/** Errors a provider raises: counted as the `ProviderErrors` metric by kind. */
export const PROVIDER_ERRORS = [
  'UnknownTickerError',
  'ProviderThrottledError',
  'ProviderUnavailableError',
  'ProviderResponseError',
  'ProviderRejectedError',
] as const satisfies readonly TaskErrorName[];
