/**
 * Errors of the download task. Their `name` is an API: the workflow's Retry and Catch match on
 * it (Lambda reports it as the error type). Retried by the definition: ProviderThrottledError,
 * ProviderUnavailableError, ProviderResponseError. Never retried: the rest.
 */

/** The event breaks a rule (field named in the message). Nothing was requested or written. */
export class InvalidInputError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidInputError';
  }
}

/** The provider does not know the symbol. */
export class UnknownTickerError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UnknownTickerError';
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
    this.name = 'ProviderThrottledError';
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

/** HTTP 5xx, a timeout, a refused or dropped connection. */
export class ProviderUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ProviderUnavailableError';
  }
}

/** A response that is not what the API documents: HTML, truncated or malformed JSON. */
export class ProviderResponseError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ProviderResponseError';
  }
}

/** The provider refused the request for a reason retrying will not fix (4xx, bad API key, premium-only). */
export class ProviderRejectedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ProviderRejectedError';
  }
}

/** The function's environment is wrong (a missing variable, an unreadable API key parameter). */
export class ConfigurationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigurationError';
  }
}

/** Every ticker of a batch failed, not all for the same reason (counts by error in the message). */
export class BatchFailedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BatchFailedError';
  }
}

/** Error names the definition retries with backoff; the others go straight to Catch. */
export const RETRYABLE_ERRORS = [
  'ProviderThrottledError',
  'ProviderUnavailableError',
  'ProviderResponseError',
] as const;

/** Errors a provider raises: counted as the `ProviderErrors` metric by kind. */
export const PROVIDER_ERRORS = [
  'UnknownTickerError',
  'ProviderThrottledError',
  'ProviderUnavailableError',
  'ProviderResponseError',
  'ProviderRejectedError',
] as const;
