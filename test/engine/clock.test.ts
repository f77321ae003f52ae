import { describe, expect, it, vi } from 'vitest';
import { Cancel } from '../../engine/cancel.ts';
import { EngineClock } from '../../engine/clock.ts';

const start = new Date('2024-01-01T00:00:00Z');

describe('EngineClock', () => {
  it('moves workflow time by a whole sleep without waiting when timeScale is 0', async () => {
    const clock = new EngineClock(() => start, 0);
    await clock.sleep(60_000);
    expect(clock.nowDate().toISOString()).toBe('2024-01-01T00:01:00.000Z');
  });

  it('wakes concurrent sleepers in order of their target time', async () => {
    const clock = new EngineClock(() => start, 0);
    const woke: string[] = [];
    await Promise.all([
      clock.sleep(3000).then(() => woke.push(`long@${clock.nowMs() - start.getTime()}`)),
      clock.sleep(1000).then(() => woke.push(`short@${clock.nowMs() - start.getTime()}`)),
    ]);
    expect(woke).toStrictEqual(['short@1000', 'long@3000']);
  });

  it('rejects a sleep with the token’s reason when it is cancelled', async () => {
    const clock = new EngineClock(() => start, 0);
    const cancel = new Cancel();
    const sleeping = clock.sleep(5000, cancel);
    cancel.abort(new Error('stopped'));
    await expect(sleeping).rejects.toThrow('stopped');
  });

  it('fires a deadline a sleep would pass, leaving the clock at the deadline', async () => {
    const clock = new EngineClock(() => start, 0);
    const cancel = new Cancel();
    clock.deadline(start.getTime() + 10_000, () => cancel.abort(new Error('timed out')));
    await expect(clock.sleep(60_000, cancel)).rejects.toThrow('timed out');
    expect(clock.nowMs() - start.getTime()).toBe(10_000);
  });

  it.each([
    ['forward', 6 * 3_600_000],
    ['back', -6 * 3_600_000],
  ])(
    'keeps its timestamps and deadlines when the host clock jumps %s during a sleep',
    async (_, jump) => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
      try {
        vi.setSystemTime(start);
        const clock = new EngineClock(undefined, 1);
        const t0 = clock.nowMs();
        let fired = false;
        clock.deadline(t0 + 10_000, () => {
          fired = true;
        });
        const first = clock.sleep(1000);
        vi.setSystemTime(start.getTime() + jump); // the system clock steps; timers do not
        await vi.advanceTimersByTimeAsync(1000);
        await first;
        const second = clock.sleep(1000);
        await vi.advanceTimersByTimeAsync(1000);
        await second;
        expect(fired).toBe(false);
        expect(clock.nowMs() - t0).toBe(2000);
        await vi.advanceTimersByTimeAsync(8000);
        expect(fired).toBe(true);
      } finally {
        vi.useRealTimers();
      }
    },
  );
});
