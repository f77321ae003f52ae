/**
 * The engine clock. Workflow time runs with real time, and every sleep (Wait, Retry backoff, an
 * integration's `ctx.sleep`) moves it forward by its whole duration while really sleeping only
 * `duration * timeScale`. With timeScale 0 sleepers wake in order of their target time (a small
 * discrete-event queue), so concurrent branches keep consistent, monotonic timestamps.
 *
 * Deadlines (the execution's TimeoutSeconds) are passive: they fire when a sleep would carry the
 * clock past them, or when their real-time timer runs out; they never make time jump on their own,
 * so real work (local S3, Spark) is not cut short by skipped sleeps elsewhere.
 */

import type { Cancel } from './cancel.ts';
import { startTimer, type Timer } from './timer.ts';

type Sleeper = {
  target: number;
  seq: number;
  resolve: () => void;
};

type Deadline = { at: number; fire: () => void; timer: Timer | undefined };

export class EngineClock {
  private offset = 0;
  private readonly queue: Sleeper[] = [];
  private seq = 0;
  private draining = false;
  private readonly deadlines = new Set<Deadline>();

  /** The wall clock when the clock was made, and the monotonic clock then. */
  private readonly wallAtStart = Date.now();
  private readonly monotonicAtStart = performance.now();

  /**
   * `now` undefined: the host clock, read as the wall-clock time at construction plus the
   * monotonic time since (performance.now, no Date allocated). A jump of the system clock while
   * the execution runs (NTP stepping it, a suspended VM waking) then moves neither its timestamps
   * nor its deadlines: timers are monotonic, and a deadline compared against a jumped wall clock
   * would fire (forward) or stay pending (back) at the wrong time.
   */
  constructor(
    private readonly now: (() => Date) | undefined,
    readonly timeScale: number,
  ) {}

  /** Current workflow time in epoch milliseconds. */
  nowMs(): number {
    const host = this.now
      ? this.now().getTime()
      : this.wallAtStart + Math.floor(performance.now() - this.monotonicAtStart);
    return host + this.offset;
  }

  nowDate(): Date {
    return new Date(this.nowMs());
  }

  /**
   * Sleeps `ms` of workflow time. Rejects with the token's reason when it is aborted first.
   * Returns at once (without a macrotask) for ms <= 0.
   */
  sleep(ms: number, cancel?: Cancel): Promise<void> {
    if (cancel?.aborted) return Promise.reject(cancel.reason);
    if (!(ms > 0)) return Promise.resolve();
    const target = this.nowMs() + ms;
    return new Promise<void>((resolve, reject) => {
      let timer: Timer | undefined;
      const onAbort = (reason: unknown) => {
        timer?.clear();
        const at = this.queue.indexOf(sleeper);
        if (at >= 0) this.queue.splice(at, 1);
        reject(reason);
      };
      const sleeper: Sleeper = {
        target,
        seq: this.seq++,
        resolve: () => {
          cancel?.offAbort(onAbort);
          this.advanceTo(target, cancel);
          if (cancel?.aborted) reject(cancel.reason);
          else resolve();
        },
      };
      cancel?.onAbort(onAbort);
      if (this.timeScale > 0) {
        timer = startTimer(sleeper.resolve, ms * this.timeScale);
      } else {
        this.enqueue(sleeper);
      }
    });
  }

  /**
   * Calls `fire` once workflow time reaches `at` through sleeps, or once the remaining time has
   * passed in real time. Returns a cancel function.
   */
  deadline(at: number, fire: () => void): () => void {
    const entry: Deadline = { at, fire, timer: undefined };
    const trigger = () => {
      if (!this.deadlines.delete(entry)) return;
      entry.timer?.clear();
      fire();
    };
    entry.fire = trigger;
    this.deadlines.add(entry);
    entry.timer = startTimer(trigger, at - this.nowMs());
    return () => {
      this.deadlines.delete(entry);
      entry.timer?.clear();
    };
  }

  /**
   * Moves workflow time forward to `at` (never back), firing the deadlines passed on the way: a
   * task cut at its timeout instant brings the clock to that instant, so the real time its handler
   * spent before the cut does not shift what follows (the Retry's backoff, the next state).
   */
  advance(at: number): void {
    this.advanceTo(at, undefined);
  }

  /**
   * Moves the clock forward to `target` (never back), firing deadlines passed on the way; stops at
   * a deadline that aborts the sleeper (the clock then reads the deadline's time).
   */
  private advanceTo(target: number, cancel: Cancel | undefined): void {
    for (;;) {
      let next: Deadline | undefined;
      for (const d of this.deadlines) if (d.at <= target && (!next || d.at < next.at)) next = d;
      if (!next) break;
      this.offset += Math.max(0, next.at - this.nowMs());
      next.fire();
      if (cancel?.aborted) return;
    }
    this.offset += Math.max(0, target - this.nowMs());
  }

  private enqueue(sleeper: Sleeper): void {
    const q = this.queue;
    let i = q.length;
    while (i > 0) {
      const prev = q[i - 1] as Sleeper;
      if (
        prev.target < sleeper.target ||
        (prev.target === sleeper.target && prev.seq < sleeper.seq)
      )
        break;
      i--;
    }
    q.splice(i, 0, sleeper);
    if (!this.draining) {
      this.draining = true;
      setImmediate(() => this.drainOne());
    }
  }

  /** Wakes the earliest sleeper, then yields so newly queued earlier sleepers can go first. */
  private drainOne(): void {
    const sleeper = this.queue.shift();
    if (sleeper) sleeper.resolve();
    if (this.queue.length > 0) setImmediate(() => this.drainOne());
    else this.draining = false;
  }
}
