/**
 * The callback channel of `.waitForTaskToken` tasks: SendTaskSuccess, SendTaskFailure and
 * SendTaskHeartbeat, in process. A `.waitForTaskToken` task registers its token before it calls
 * its service and the token stays valid while the task runs; whoever holds it (a child execution
 * through `aws-sdk:sfn:sendTaskSuccess`, a handler, or the caller through the `TaskTokens` it
 * passed as `RunOptions.taskTokens`) completes the task or sends its heartbeats.
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token
 *
 * Answers follow the API (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat:
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskSuccess.html):
 * - the request's length constraints first, as `ValidationException` ("1 validation error
 *   detected: ..."): taskToken 1 to 2,048 characters, `output` at most 262,144 bytes in UTF-8
 *   (256 KiB), `error` at most 256 characters, `cause` at most 32,768;
 * - a token the engine cannot have issued is `InvalidToken` ("Invalid Token: 'Invalid token'",
 *   the text AWS returns); a token of the engine's form that no task of this channel was given is
 *   `TaskDoesNotExist`; a token whose task is no longer waiting (completed, timed out, or its
 *   execution stopped) is `TaskTimedOut` ("Task Timed Out: 'Provided task does not exist
 *   anymore'", as AWS answers callbacks for a closed task);
 * - then SendTaskSuccess's output must be JSON (`InvalidOutput`).
 */
import { Limits } from '../asl/constants.ts';
import type { JsonValue } from '../asl/types.ts';
import { SfnApiError } from './sfn-api-error.ts';

/** A task waiting for its token. */
export type WaitingTask = {
  taskToken: string;
  /** The execution the waiting task belongs to. */
  executionArn: string;
  stateName: string;
};

/** How a waiting task ends: with SendTaskSuccess's output, or SendTaskFailure's error and cause. */
export type TaskTokenOutcome =
  | { ok: true; output: JsonValue; outputText: string }
  | { ok: false; error: string | undefined; cause: string | undefined };

type Waiter = WaitingTask & {
  settle: (outcome: TaskTokenOutcome) => void;
  /** SendTaskHeartbeat reaches the task through this. */
  heartbeat: (() => void) | undefined;
  announced: boolean;
};

export type TaskTokensOptions = {
  /** Called when a task starts waiting for its token (e.g. to hand it to a test or a fake API). */
  onWaiting?: (task: WaitingTask) => void;
};

/** The form of the tokens the engine issues (two uuids without dashes). */
const issuedForm = /^[0-9a-f]{64}$/;

/** API limits (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat request parameters). */
export const TASK_TOKEN_MAX_LENGTH = 2048;
export const TASK_OUTPUT_MAX_BYTES = Limits.maxPayloadBytes;
export const TASK_ERROR_MAX_LENGTH = 256;
export const TASK_CAUSE_MAX_LENGTH = 32_768;

function tooLong(field: string, max: number): SfnApiError {
  return new SfnApiError(
    'ValidationException',
    `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
  );
}

function checkToken(taskToken: string): void {
  if (typeof taskToken !== 'string' || taskToken.length === 0) {
    throw new SfnApiError(
      'ValidationException',
      "1 validation error detected: Value at 'taskToken' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  }
  if (taskToken.length > TASK_TOKEN_MAX_LENGTH) throw tooLong('taskToken', TASK_TOKEN_MAX_LENGTH);
}

export class TaskTokens {
  private readonly waiters = new Map<string, Waiter>();
  /** Tokens issued whose task is no longer waiting. */
  private readonly closed = new Set<string>();

  constructor(private readonly options: TaskTokensOptions = {}) {}

  /**
   * SendTaskSuccess: `output` is the JSON text the API takes, or a value to serialise. The
   * lengths are checked first, then the token, then that the output is JSON, as AWS does (a bad
   * token with a bad output is InvalidToken; an output over 256 KiB is a ValidationException).
   */
  sendTaskSuccess(taskToken: string, output: string | JsonValue): void {
    checkToken(taskToken);
    const text = typeof output === 'string' ? output : (JSON.stringify(output) ?? 'null');
    if (Buffer.byteLength(text, 'utf8') > TASK_OUTPUT_MAX_BYTES) {
      throw tooLong('output', TASK_OUTPUT_MAX_BYTES);
    }
    this.find(taskToken);
    let value: JsonValue;
    try {
      value = JSON.parse(text) as JsonValue;
    } catch (error) {
      throw new SfnApiError('InvalidOutput', `Invalid Output: '${text}'`, { cause: error });
    }
    this.complete(taskToken, { ok: true, output: value, outputText: text });
  }

  /** SendTaskFailure: both fields are optional, as in the API. */
  sendTaskFailure(taskToken: string, failure: { error?: string; cause?: string } = {}): void {
    checkToken(taskToken);
    if (failure.error !== undefined && failure.error.length > TASK_ERROR_MAX_LENGTH) {
      throw tooLong('error', TASK_ERROR_MAX_LENGTH);
    }
    if (failure.cause !== undefined && failure.cause.length > TASK_CAUSE_MAX_LENGTH) {
      throw tooLong('cause', TASK_CAUSE_MAX_LENGTH);
    }
    this.complete(taskToken, { ok: false, error: failure.error, cause: failure.cause });
  }

  /**
   * SendTaskHeartbeat: restarts the waiting task's HeartbeatSeconds window (no effect on a task
   * without HeartbeatSeconds, as on AWS). Answers a closed task with TaskTimedOut.
   */
  sendTaskHeartbeat(taskToken: string): void {
    checkToken(taskToken);
    this.find(taskToken).heartbeat?.();
  }

  /** The tasks waiting now. */
  waiting(): WaitingTask[] {
    return [...this.waiters.values()].map(({ taskToken, executionArn, stateName }) => ({
      taskToken,
      executionArn,
      stateName,
    }));
  }

  /**
   * Engine side: registers a task's token before the task calls its service, so a callback sent
   * at once (even synchronously) is not lost. `heartbeat` is called on each SendTaskHeartbeat.
   * Returns what SendTaskSuccess / SendTaskFailure will send.
   */
  expect(task: WaitingTask, heartbeat?: () => void): Promise<TaskTokenOutcome> {
    this.closed.delete(task.taskToken);
    let settle!: (outcome: TaskTokenOutcome) => void;
    const outcome = new Promise<TaskTokenOutcome>((resolve) => {
      settle = resolve;
    });
    this.waiters.set(task.taskToken, {
      taskToken: task.taskToken,
      executionArn: task.executionArn,
      stateName: task.stateName,
      settle,
      heartbeat,
      announced: false,
    });
    return outcome;
  }

  /**
   * Engine side: the task has called its service and waits; calls `onWaiting` once per task.
   */
  announce(taskToken: string): void {
    const waiter = this.waiters.get(taskToken);
    if (!waiter || waiter.announced) return;
    waiter.announced = true;
    this.options.onWaiting?.({
      taskToken,
      executionArn: waiter.executionArn,
      stateName: waiter.stateName,
    });
  }

  /**
   * Engine side: the task stopped waiting (answered, timed out, stopped, its handler returned);
   * later callbacks get TaskTimedOut.
   */
  close(taskToken: string): void {
    if (this.waiters.delete(taskToken)) this.closed.add(taskToken);
  }

  private find(taskToken: string): Waiter {
    const waiter = this.waiters.get(taskToken);
    if (waiter) return waiter;
    if (this.closed.has(taskToken)) {
      throw new SfnApiError(
        'TaskTimedOut',
        "Task Timed Out: 'Provided task does not exist anymore'",
      );
    }
    if (issuedForm.test(taskToken)) {
      throw new SfnApiError(
        'TaskDoesNotExist',
        "Task Does Not Exist: 'Provided task does not exist'",
      );
    }
    throw new SfnApiError('InvalidToken', "Invalid Token: 'Invalid token'");
  }

  private complete(taskToken: string, outcome: TaskTokenOutcome): void {
    const waiter = this.find(taskToken);
    this.close(taskToken);
    waiter.settle(outcome);
  }
}
