/**
 * Long timers (engine/timer.ts): Node's setTimeout fires after 1 ms for delays above 2^31-1 ms,
 * so a Wait, a Task timeout or a Retry longer than about 24.8 days would end at once at
 * timeScale 1. Fake timers move time; nothing sleeps.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runExecution } from '../../engine/index.ts';
import { MAX_TIMER_MS, startTimer } from '../../engine/timer.ts';

const DAY_MS = 86_400_000;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-01-05T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('startTimer', () => {
  it('waits the whole delay past the 2^31-1 ms that setTimeout can take', () => {
    const fire = vi.fn();
    startTimer(fire, MAX_TIMER_MS * 2 + 5);
    vi.advanceTimersByTime(MAX_TIMER_MS * 2 + 4);
    expect(fire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fire).toHaveBeenCalledTimes(1);
  });

  it('fires at once for a negative or NaN delay', () => {
    const fire = vi.fn();
    startTimer(fire, -5);
    startTimer(fire, Number.NaN);
    vi.advanceTimersByTime(0);
    expect(fire).toHaveBeenCalledTimes(2);
  });

  it('can be cleared in any slice', () => {
    const fire = vi.fn();
    const timer = startTimer(fire, MAX_TIMER_MS + 10);
    vi.advanceTimersByTime(MAX_TIMER_MS + 1);
    timer.clear();
    vi.advanceTimersByTime(DAY_MS);
    expect(fire).not.toHaveBeenCalled();
  });
});

const waitMachine = (seconds: number, extra: Record<string, unknown> = {}) => ({
  QueryLanguage: 'JSONata',
  StartAt: 'Wait',
  ...extra,
  States: { Wait: { Type: 'Wait', Seconds: seconds, End: true } },
});

describe('long waits at timeScale 1', () => {
  it('a 30-day Wait is still waiting after 24.9 days and succeeds after 30', async () => {
    let done = false;
    const run = runExecution(waitMachine(30 * 86_400), {}, { timeScale: 1 }).then((r) => {
      done = true;
      return r;
    });
    await vi.advanceTimersByTimeAsync(24.9 * DAY_MS);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(5.2 * DAY_MS);
    expect((await run).status).toBe('SUCCEEDED');
  });

  // The one-year maximum execution time (service-quotas page) is a deadline of 31,622,400 s,
  // about 366 times setTimeout's 2^31-1 ms ceiling: it must not fire after 1 ms.
  it('times an execution out after one year (366 days), not before', async () => {
    let done = false;
    const run = runExecution(waitMachine(99_999_999), {}, { timeScale: 1 }).then((r) => {
      done = true;
      return r;
    });
    await vi.advanceTimersByTimeAsync(365 * DAY_MS);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(DAY_MS + 1_000);
    const result = await run;
    expect(result.status).toBe('TIMED_OUT');
    expect(result.events.at(-1)?.timestamp?.toISOString()).toBe('2027-01-06T00:00:00.000Z');
  });

  it('an execution with TimeoutSeconds of 30 days does not time out during a 5-second Wait', async () => {
    const run = runExecution(waitMachine(5, { TimeoutSeconds: 30 * 86_400 }), {}, { timeScale: 1 });
    await vi.advanceTimersByTimeAsync(6_000);
    expect((await run).status).toBe('SUCCEEDED');
  });

  it('a Task with TimeoutSeconds 99999999 waits for its handler instead of failing at once', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { FunctionName: 'slow' },
          TimeoutSeconds: 99_999_999,
          End: true,
        },
      },
    };
    const run = runExecution(
      definition,
      {},
      {
        timeScale: 1,
        lambdaHandlers: {
          slow: () => new Promise((resolve) => setTimeout(() => resolve({ ok: true }), 60_000)),
        },
      },
    );
    await vi.advanceTimersByTimeAsync(61_000);
    const result = await run;
    expect(result.status).toBe('SUCCEEDED');
  });
});
