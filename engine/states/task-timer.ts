/**
 * A task's TimeoutSeconds, measured in the task's own workflow time: real time spent in the
 * handler plus the sleeps it skipped through `ctx.sleep` (timeScale < 1). Sleeps skipped by other
 * branches do not count, so real work (local S3, Spark) is never cut short because another branch
 * fast-forwarded a Wait; a handler that hangs is cut once TimeoutSeconds of real time has passed,
 * and one that sleeps past its deadline is cut at the deadline.
 */
import type { EngineClock } from '../clock.ts';

export class TaskTimer {
  private readonly startedReal = performance.now();
  private skipped = 0;
  private timer: NodeJS.Timeout | undefined;
  private fired = false;

  constructor(
    private readonly clock: EngineClock,
    private readonly timeoutMs: number | undefined,
    private readonly onTimeout: () => void,
  ) {
    this.arm();
  }

  /** Workflow milliseconds this task has run. */
  elapsed(): number {
    return performance.now() - this.startedReal + this.skipped;
  }

  remaining(): number {
    return this.timeoutMs === undefined
      ? 900_000 - this.elapsed()
      : this.timeoutMs - this.elapsed();
  }

  /** `ctx.sleep` for the task's integration. */
  async sleep(ms: number, signal: AbortSignal): Promise<void> {
    const remaining =
      this.timeoutMs === undefined ? Number.POSITIVE_INFINITY : this.timeoutMs - this.elapsed();
    const span = Math.min(ms, Math.max(0, remaining));
    const before = performance.now();
    await this.clock.sleep(span, signal);
    this.skipped += Math.max(0, span - (performance.now() - before));
    if (span < ms) {
      this.fire();
      signal.throwIfAborted();
    }
    this.arm();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.timeoutMs === undefined || this.fired) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), Math.max(0, this.timeoutMs - this.elapsed()));
  }

  private fire(): void {
    if (this.fired) return;
    this.fired = true;
    this.dispose();
    this.onTimeout();
  }
}
