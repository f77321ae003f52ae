/**
 * The callback channel of `.waitForTaskToken` tasks: SendTaskSuccess, SendTaskFailure and
 * SendTaskHeartbeat, in process. A task registers its token before it calls the service and waits
 * on it; whoever holds the token (the child execution through `aws-sdk:sfn:sendTaskSuccess`, or the
 * caller through the `TaskTokens` it passed as `RunOptions.taskTokens`) completes it.
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token
 *
 * Answers follow the API: a token never issued is `InvalidToken` ("Invalid Token: 'Invalid
 * token'", the text AWS returns); a token whose task is no longer waiting (completed, timed out,
 * or its execution stopped) is `TaskTimedOut`, as AWS answers callbacks for a stopped execution.
 */
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
  settle?: (outcome: TaskTokenOutcome) => void;
  /** An outcome sent before the task began to wait (the service answered at once). */
  early?: TaskTokenOutcome;
};

export type TaskTokensOptions = {
  /** Called when a task starts waiting for its token (e.g. to hand it to a test or a fake API). */
  onWaiting?: (task: WaitingTask) => void;
};

export class TaskTokens {
  private readonly waiters = new Map<string, Waiter>();
  /** Tokens issued whose task is no longer waiting. */
  private readonly closed = new Set<string>();

  constructor(private readonly options: TaskTokensOptions = {}) {}

  /**
   * SendTaskSuccess: `output` is the JSON text the API takes, or a value to serialise. The token
   * is checked before the output, as AWS does (a bad token with a bad output is InvalidToken).
   */
  sendTaskSuccess(taskToken: string, output: string | JsonValue): void {
    this.find(taskToken);
    let outputText: string;
    let value: JsonValue;
    if (typeof output === 'string') {
      try {
        value = JSON.parse(output) as JsonValue;
      } catch (error) {
        throw new SfnApiError('InvalidOutput', `Invalid Output: '${output}'`, { cause: error });
      }
      outputText = output;
    } else {
      outputText = JSON.stringify(output) ?? 'null';
      value = JSON.parse(outputText) as JsonValue;
    }
    this.complete(taskToken, { ok: true, output: value, outputText });
  }

  /** SendTaskFailure: both fields are optional, as in the API. */
  sendTaskFailure(taskToken: string, failure: { error?: string; cause?: string } = {}): void {
    this.complete(taskToken, { ok: false, error: failure.error, cause: failure.cause });
  }

  /** SendTaskHeartbeat: checks the token (HeartbeatSeconds is not enforced by the engine). */
  sendTaskHeartbeat(taskToken: string): void {
    this.find(taskToken);
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
   * at once (even synchronously) is not lost.
   */
  expect(task: WaitingTask): void {
    this.closed.delete(task.taskToken);
    this.waiters.set(task.taskToken, { ...task });
  }

  /**
   * Engine side: waits for the token registered with `expect`. The task calls `close` when it
   * stops waiting for another reason (its timeout, a stop).
   */
  wait(taskToken: string): Promise<TaskTokenOutcome> {
    const waiter = this.waiters.get(taskToken);
    if (!waiter) return Promise.reject(new Error(`task token ${taskToken} was not expected`));
    if (waiter.early) {
      const outcome = waiter.early;
      this.close(taskToken);
      return Promise.resolve(outcome);
    }
    const outcome = new Promise<TaskTokenOutcome>((resolve) => {
      waiter.settle = (sent) => {
        this.close(taskToken);
        resolve(sent);
      };
    });
    this.options.onWaiting?.({
      taskToken,
      executionArn: waiter.executionArn,
      stateName: waiter.stateName,
    });
    return outcome;
  }

  /** Engine side: the task stopped waiting (timed out, stopped); later callbacks get TaskTimedOut. */
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
    throw new SfnApiError('InvalidToken', "Invalid Token: 'Invalid token'");
  }

  private complete(taskToken: string, outcome: TaskTokenOutcome): void {
    const waiter = this.find(taskToken);
    if (waiter.settle) waiter.settle(outcome);
    else if (waiter.early === undefined) waiter.early = outcome;
    else {
      throw new SfnApiError(
        'TaskTimedOut',
        "Task Timed Out: 'Provided task does not exist anymore'",
      );
    }
  }
}
