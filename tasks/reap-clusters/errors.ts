/**
 * Reaper errors. Names end in `Error` and are set explicitly: they appear in CloudWatch and in the
 * Lambda's error metrics, so they are part of its interface.
 */

/** An environment variable is missing or malformed. Thrown at cold start, before any AWS call. */
export class ReaperConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ReaperConfigError';
  }
}

/** The event is neither an execution status change for this state machine nor a sweep. */
export class InvalidReaperEventError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidReaperEventError';
  }
}

/**
 * One or more clusters could not be checked or terminated. Raised after every other cluster has
 * been handled, so a single failure never leaves the rest running; the invocation then fails and
 * EventBridge's retry and the reaper's error alarm take over.
 */
export class ReapIncompleteError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ReapIncompleteError';
  }
}
