/**
 * One task invocation as integrations see it: the clock, `sleep`, the task's signal, the
 * `submitted` report and the remaining time. Built-in integrations call its methods directly;
 * caller-supplied integrations get `publicContext()`, the IntegrationContext of `api.ts` (made
 * only for them, since a Map of thousands of Lambda tasks would otherwise build one per call).
 *
 * TimeoutSeconds is measured in the task's own workflow time: real time spent in the handler plus
 * the sleeps it skipped through `sleep` (timeScale < 1). Sleeps skipped by other branches do not
 * count, so real work (local S3, Spark) is never cut short because another branch fast-forwarded
 * a Wait; a handler that hangs is cut after TimeoutSeconds of real time, and one that sleeps past
 * its deadline is cut at the deadline. A task waiting on a child execution also ends at the engine
 * clock's deadline (`timeOutOnClock`), since the child's skipped sleeps move the clock, not the
 * task's own time.
 */

import type { IntegrationContext } from '../api.ts';
import type { Cancel } from '../cancel.ts';
import { StatesTimeoutError } from '../errors.ts';
import type { RunContext } from '../execution.ts';
import type { IntegrationCall } from '../integrations/types.ts';
import { toJson } from '../json.ts';
import { startTimer, type Timer } from '../timer.ts';
import { submitted, type TaskEvents } from './task-events.ts';

/** Lambda's own limit, reported as the remaining time of a task without TimeoutSeconds. */
const defaultRemainingMs = 900_000;

export class TaskCall implements IntegrationCall {
  private readonly startedReal = performance.now();
  /** Workflow time (engine clock) when the task started. */
  private readonly startedAt: number;
  /** The task's own time (ms since it started) at which its deadline fired. */
  private firedAt: number | undefined;
  private skipped = 0;
  private timer: Timer | undefined;
  private fired = false;
  private context: IntegrationContext | undefined;
  private clockDeadline: (() => void) | undefined;

  constructor(
    readonly run: RunContext,
    readonly resource: string,
    readonly stateName: string,
    readonly executionName: string,
    readonly executionArn: string,
    readonly cancel: Cancel,
    private readonly timeoutMs: number | undefined,
    private readonly events: TaskEvents,
    readonly taskToken: string | undefined,
  ) {
    this.startedAt = run.clock.nowMs();
    this.arm();
  }

  get signal(): AbortSignal {
    return this.cancel.signal;
  }

  now(): Date {
    return this.run.clock.nowDate();
  }

  /** Workflow milliseconds this task has run. */
  elapsed(): number {
    return performance.now() - this.startedReal + this.skipped;
  }

  remainingMs(): number {
    return (this.timeoutMs ?? defaultRemainingMs) - this.elapsed();
  }

  async sleep(ms: number): Promise<void> {
    const remaining =
      this.timeoutMs === undefined ? Number.POSITIVE_INFINITY : this.timeoutMs - this.elapsed();
    const span = Math.min(ms, Math.max(0, remaining));
    const before = performance.now();
    await this.run.clock.sleep(span, this.cancel);
    this.skipped += Math.max(0, span - (performance.now() - before));
    if (span < ms) {
      this.fire();
      this.cancel.throwIfAborted();
    }
    this.arm();
  }

  submitted(response: unknown): void {
    submitted(this.events, toJson(response));
  }

  timeOutOnClock(): void {
    if (this.timeoutMs === undefined || this.fired || this.clockDeadline) return;
    const clock = this.run.clock;
    this.clockDeadline = clock.deadline(clock.nowMs() + this.remainingMs(), () => this.fire());
  }

  /**
   * After the task timed out: brings the engine clock to the timeout instant (the task's start
   * plus its TimeoutSeconds), never back, so the TaskTimedOut event, a Retry's backoff and the
   * states after it are timed from that instant and not from the real time the handler took.
   */
  settleClock(): void {
    if (this.firedAt !== undefined) this.run.clock.advance(this.startedAt + this.firedAt);
  }

  dispose(): void {
    this.timer?.clear();
    this.timer = undefined;
    this.clockDeadline?.();
    this.clockDeadline = undefined;
  }

  /** The IntegrationContext handed to caller-supplied integrations and the EMR backend. */
  publicContext(): IntegrationContext {
    if (!this.context) {
      const context: IntegrationContext = {
        resource: this.resource,
        stateName: this.stateName,
        executionName: this.executionName,
        executionArn: this.executionArn,
        signal: this.cancel.signal,
        now: () => this.now(),
        sleep: (ms) => this.sleep(ms),
        timeScale: this.run.clock.timeScale,
        submitted: (response) => this.submitted(response),
      };
      if (this.taskToken !== undefined) context.taskToken = this.taskToken;
      this.context = context;
    }
    return this.context;
  }

  private arm(): void {
    if (this.timeoutMs === undefined || this.fired) return;
    this.timer?.clear();
    this.timer = startTimer(() => this.fire(), this.timeoutMs - this.elapsed());
  }

  private fire(): void {
    if (this.fired) return;
    this.fired = true;
    this.firedAt = this.timeoutMs;
    this.dispose();
    this.cancel.abort(new StatesTimeoutError());
  }
}
