/**
 * One task invocation as integrations see it: the clock, `sleep`, the task's signal, the
 * `submitted` report, heartbeats and the remaining time. Built-in integrations call its methods
 * directly; caller-supplied integrations get `publicContext()`, the IntegrationContext of
 * `api.ts` (made only for them, since a Map of thousands of Lambda tasks would otherwise build one
 * per call).
 *
 * TimeoutSeconds is measured in the task's own workflow time: real time spent in the handler plus
 * the sleeps it skipped through `sleep` (timeScale < 1). Sleeps skipped by other branches do not
 * count, so real work (local S3, Spark) is never cut short because another branch fast-forwarded
 * a Wait; a handler that hangs is cut after TimeoutSeconds of real time, and one that sleeps past
 * its deadline is cut at the deadline. A task waiting on a child execution also ends at the engine
 * clock's deadline (`timeOutOnClock`), since the child's skipped sleeps move the clock, not the
 * task's own time.
 *
 * HeartbeatSeconds is measured the same way, from the task's start or its last heartbeat
 * (`sendHeartbeat`, or SendTaskHeartbeat on its token), for tasks that can send heartbeats: a
 * `.waitForTaskToken` task (its token reaches SendTaskHeartbeat) and a task whose handler was
 * given the IntegrationContext (`ctx.sendHeartbeat()`). Its deadline and TimeoutSeconds' are one
 * deadline, the earlier of the two; TimeoutSeconds bounds the task whatever the heartbeats.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskHeartbeat.html
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

/** The task's next deadline in its own time, and whether it is the heartbeat's. */
type Deadline = { at: number; heartbeat: boolean };

export class TaskCall implements IntegrationCall {
  private readonly startedReal = performance.now();
  /** Workflow time (engine clock) when the task started. */
  private readonly startedAt: number;
  /** The deadline that fired (the task's own time), once the task timed out. */
  private firedBy: Deadline | undefined;
  private skipped = 0;
  private timer: Timer | undefined;
  private fired = false;
  private context: IntegrationContext | undefined;
  private clockDeadline: (() => void) | undefined;
  private onClock = false;
  /** Whether the heartbeat clock runs (HeartbeatSeconds set and the task can send heartbeats). */
  private beating = false;
  /** The task's own time of its last heartbeat (0: its start). */
  private lastBeat = 0;

  constructor(
    readonly run: RunContext,
    readonly resource: string,
    readonly stateName: string,
    readonly executionName: string,
    readonly executionArn: string,
    readonly cancel: Cancel,
    private readonly timeoutMs: number | undefined,
    private readonly heartbeatMs: number | undefined,
    private readonly events: TaskEvents,
    readonly taskToken: string | undefined,
  ) {
    this.startedAt = run.clock.nowMs();
    if (taskToken !== undefined) this.startHeartbeat();
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
    let left = ms;
    for (;;) {
      const deadline = this.deadline();
      const remaining = deadline ? deadline.at - this.elapsed() : Number.POSITIVE_INFINITY;
      const span = Math.min(left, Math.max(0, remaining));
      const before = performance.now();
      await this.run.clock.sleep(span, this.cancel);
      this.skipped += Math.max(0, span - (performance.now() - before));
      left -= span;
      if (!(left > 0)) break;
      // Slept to the deadline, unless a heartbeat sent meanwhile moved it: then sleep on.
      const now = this.deadline();
      if (now && now.at <= this.elapsed()) {
        this.fire();
        this.cancel.throwIfAborted();
      }
    }
    this.arm();
  }

  submitted(response: unknown): void {
    submitted(this.events, toJson(response));
  }

  /**
   * SendTaskHeartbeat: restarts the HeartbeatSeconds window. Accepted (and without effect) when the
   * task has no HeartbeatSeconds, as the API accepts it.
   */
  sendHeartbeat(): void {
    if (this.fired || !this.beating) return;
    this.lastBeat = this.elapsed();
    this.arm();
    if (this.onClock) this.armClock();
  }

  timeOutOnClock(): void {
    if (this.fired || this.onClock) return;
    this.onClock = true;
    this.armClock();
  }

  /** The failure a timed-out task reports: States.Timeout, marked when the heartbeat's fired. */
  timeoutFailure(cause: unknown): StatesTimeoutError {
    return new StatesTimeoutError(undefined, {
      cause,
      heartbeat: this.firedBy?.heartbeat ?? false,
    });
  }

  /**
   * After the task timed out: brings the engine clock to the instant it timed out (its start plus
   * the deadline that fired, in its own time), never back, so the TaskTimedOut event, a Retry's
   * backoff and the states after it are timed from that instant and not from the real time the
   * handler took.
   */
  settleClock(): void {
    if (this.firedBy !== undefined) this.run.clock.advance(this.startedAt + this.firedBy.at);
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
        sendHeartbeat: () => this.sendHeartbeat(),
      };
      if (this.taskToken !== undefined) context.taskToken = this.taskToken;
      this.context = context;
      // The handler can send heartbeats now: its HeartbeatSeconds window starts.
      this.startHeartbeat();
    }
    return this.context;
  }

  private startHeartbeat(): void {
    if (this.heartbeatMs === undefined || this.beating || this.fired) return;
    // The window runs from the task's start (lastBeat 0), whenever its handler got the context.
    this.beating = true;
    this.arm();
    if (this.onClock) this.armClock();
  }

  /** The earlier of TimeoutSeconds and the heartbeat window (TimeoutSeconds on a tie). */
  private deadline(): Deadline | undefined {
    const beat =
      this.beating && this.heartbeatMs !== undefined ? this.lastBeat + this.heartbeatMs : undefined;
    if (beat !== undefined && (this.timeoutMs === undefined || beat < this.timeoutMs)) {
      return { at: beat, heartbeat: true };
    }
    return this.timeoutMs === undefined ? undefined : { at: this.timeoutMs, heartbeat: false };
  }

  private arm(): void {
    if (this.fired) return;
    const deadline = this.deadline();
    if (!deadline) return;
    this.timer?.clear();
    this.timer = startTimer(() => this.onTimer(), deadline.at - this.elapsed());
  }

  private onTimer(): void {
    const deadline = this.deadline();
    // Timers and performance.now() may disagree by a fraction of a millisecond.
    if (deadline && deadline.at - this.elapsed() > 1) this.arm();
    else this.fire();
  }

  private armClock(): void {
    this.clockDeadline?.();
    this.clockDeadline = undefined;
    const deadline = this.deadline();
    if (this.fired || !deadline) return;
    const clock = this.run.clock;
    this.clockDeadline = clock.deadline(clock.nowMs() + deadline.at - this.elapsed(), () =>
      this.fire(),
    );
  }

  private fire(): void {
    if (this.fired) return;
    const deadline = this.deadline();
    this.fired = true;
    this.firedBy = deadline;
    this.dispose();
    this.cancel.abort(this.timeoutFailure(undefined));
  }
}
