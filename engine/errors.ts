/**
 * Engine errors: one class per ASL error, `name` set to the ASL error name, as in
 * aws-local-stepfunctions' `src/error/`. Every failure that travels through the interpreter is a
 * {@link StatesFailure}: the ASL error name (`error`) and Cause string (`causeText`) are what
 * Retry, Catch and the history events see. The JS `cause` option keeps the original exception.
 *
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
import { StatesError } from '../asl/constants.ts';

export class StatesFailure extends Error {
  /** The ASL error name; a Fail state without `Error` reports none. */
  readonly error: string | undefined;
  /** The ASL Cause; absent when the failure reports none. */
  readonly causeText: string | undefined;
  /**
   * Set when the interpreter itself raised the failure while running a state: the state then
   * prefixes the cause with "An error occurred while executing the state ..." as AWS does.
   */
  readonly raisedByInterpreter: boolean;

  constructor(
    error: string | undefined,
    causeText?: string,
    options?: ErrorOptions & { raisedByInterpreter?: boolean },
  ) {
    super(causeText ?? error ?? 'unnamed failure', options);
    this.name = error ?? 'StatesFailure';
    this.error = error;
    this.causeText = causeText;
    this.raisedByInterpreter = options?.raisedByInterpreter ?? false;
  }

  /** The same failure with a new cause (used to add the state prefix once). */
  withCause(causeText: string): StatesFailure {
    return new StatesFailure(this.error, causeText, { cause: this });
  }
}

/** A failure the interpreter raises for a state (prefixed with the state name when reported). */
class InterpreterFailure extends StatesFailure {
  constructor(error: string, causeText: string, options?: ErrorOptions) {
    super(error, causeText, { ...options, raisedByInterpreter: true });
  }
}

/**
 * States.Timeout. A Task that sent no heartbeat within HeartbeatSeconds fails with it too (AWS
 * records `TaskTimedOut` with error `States.Timeout` and no cause for a heartbeat timeout); such a
 * failure is marked `heartbeat`, which `States.HeartbeatTimeout` in a Retry's or Catch's
 * ErrorEquals matches.
 */
export class StatesTimeoutError extends StatesFailure {
  /** The task's HeartbeatSeconds ran out (rather than its TimeoutSeconds). */
  readonly heartbeat: boolean;
  constructor(causeText?: string, options?: ErrorOptions & { heartbeat?: boolean }) {
    super(StatesError.Timeout, causeText, options);
    this.heartbeat = options?.heartbeat ?? false;
  }
}

export class StatesHeartbeatTimeoutError extends StatesFailure {
  constructor(causeText?: string, options?: ErrorOptions) {
    super(StatesError.HeartbeatTimeout, causeText, options);
  }
}

export class StatesTaskFailedError extends StatesFailure {
  constructor(causeText?: string, options?: ErrorOptions) {
    super(StatesError.TaskFailed, causeText, options);
  }
}

export class StatesPermissionsError extends StatesFailure {
  constructor(causeText?: string, options?: ErrorOptions) {
    super(StatesError.Permissions, causeText, options);
  }
}

export class StatesQueryEvaluationError extends InterpreterFailure {
  /** The field the expression was written in, e.g. `Arguments/Payload`. */
  readonly location: string | undefined;
  constructor(causeText: string, location?: string, options?: ErrorOptions) {
    super(StatesError.QueryEvaluationError, causeText, options);
    this.location = location;
  }
}

/** Not retriable, and neither `States.ALL` nor its own name catches it (AWS error-handling docs). */
export class StatesRuntimeError extends InterpreterFailure {
  constructor(causeText: string, options?: ErrorOptions) {
    super(StatesError.Runtime, causeText, options);
  }
}

/** An intrinsic function's arguments or result are not what it accepts (JSONPath states). */
export class StatesIntrinsicFailureError extends InterpreterFailure {
  constructor(causeText: string, options?: ErrorOptions) {
    super(StatesError.IntrinsicFailure, causeText, options);
  }
}

/**
 * States.DataLimitExceeded. The error-handling page calls it terminal: `States.ALL` does not catch
 * or retry it, only its own name does. AWS recorded a States.ALL catcher taking the one a task's
 * result raises (`terminal: false`, see `checkResultSize`). AWS reports a result over the size
 * quota with its bare cause, without the "An error occurred while executing the state" prefix
 * (`raisedByInterpreter: false`).
 */
export class StatesDataLimitExceededError extends StatesFailure {
  readonly terminal: boolean;
  constructor(
    causeText: string,
    options?: ErrorOptions & { raisedByInterpreter?: boolean; terminal?: boolean },
  ) {
    super(StatesError.DataLimitExceeded, causeText, {
      ...options,
      raisedByInterpreter: options?.raisedByInterpreter ?? true,
    });
    this.terminal = options?.terminal ?? true;
  }
}

/**
 * Reserved by AWS: "If no choice is matched, the error is reported with the States.Runtime error
 * name." Defined so definitions that name it validate; the Choice state raises States.Runtime.
 */
export class StatesNoChoiceMatchedError extends InterpreterFailure {
  constructor(causeText: string, options?: ErrorOptions) {
    super(StatesError.NoChoiceMatched, causeText, options);
  }
}

/** Defined for ErrorEquals; a failing branch or iteration reports its own error, as AWS does. */
export class StatesBranchFailedError extends InterpreterFailure {
  constructor(causeText: string, options?: ErrorOptions) {
    super(StatesError.BranchFailed, causeText, options);
  }
}

export class StatesExceedToleratedFailureThresholdError extends StatesFailure {
  constructor(causeText: string, options?: ErrorOptions) {
    super(StatesError.ExceedToleratedFailureThreshold, causeText, options);
  }
}

export class StatesItemReaderFailedError extends StatesFailure {
  constructor(causeText: string, options?: ErrorOptions) {
    super(StatesError.ItemReaderFailed, causeText, options);
  }
}

export class StatesResultWriterFailedError extends StatesFailure {
  constructor(causeText: string, options?: ErrorOptions) {
    super(StatesError.ResultWriterFailed, causeText, options);
  }
}

/**
 * Not an ASL error: the execution was stopped (the caller's signal) or timed out. It unwinds every
 * running state without running any Catch; the states it passes emit their `*Aborted` events.
 */
export class ExecutionAbortedError extends Error {
  /** `cancelled`: a sibling branch or iteration failed and the Parallel/Map stops the others. */
  readonly reason: 'stopped' | 'timed-out' | 'history-limit' | 'cancelled';
  constructor(
    reason: 'stopped' | 'timed-out' | 'history-limit' | 'cancelled',
    options?: ErrorOptions,
  ) {
    super(`execution ${reason}`, options);
    this.name = 'ExecutionAbortedError';
    this.reason = reason;
  }
}

/**
 * Whether a retrier's or catcher's ErrorEquals matches a failure. `States.ALL` matches every
 * error but States.Runtime and a terminal States.DataLimitExceeded; `States.TaskFailed` matches
 * every error but the timeouts and those two; States.Runtime is never caught or retried.
 * `States.Timeout` matches heartbeat timeouts too, and `States.HeartbeatTimeout` matches only
 * them ("reported when a Task state runs longer than the TimeoutSeconds value or failed to send a
 * heartbeat for a period longer than the HeartbeatSeconds value"; "HeartbeatTimeout is available
 * inside the Catch and Retry fields":
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html).
 */
export function errorMatches(errorEquals: readonly string[], failure: StatesFailure): boolean {
  const error = failure.error;
  if (error === StatesError.Runtime) return false;
  const terminal =
    error === StatesError.DataLimitExceeded &&
    !(failure instanceof StatesDataLimitExceededError && !failure.terminal);
  const heartbeat =
    error === StatesError.HeartbeatTimeout ||
    (failure instanceof StatesTimeoutError && failure.heartbeat);
  for (const name of errorEquals) {
    if (name === error && error !== undefined) return true;
    if (heartbeat && (name === StatesError.HeartbeatTimeout || name === StatesError.Timeout)) {
      return true;
    }
    if (terminal) continue;
    if (name === StatesError.ALL) return true;
    if (
      name === StatesError.TaskFailed &&
      error !== StatesError.Timeout &&
      error !== StatesError.HeartbeatTimeout
    ) {
      return true;
    }
  }
  return false;
}

/** Converts anything thrown inside the interpreter into a StatesFailure (or rethrows an abort). */
export function toFailure(thrown: unknown): StatesFailure {
  if (thrown instanceof StatesFailure) return thrown;
  if (thrown instanceof ExecutionAbortedError) throw thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new StatesRuntimeError(`Internal engine error: ${message}`, { cause: thrown });
}
