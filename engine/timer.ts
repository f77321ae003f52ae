/**
 * Timers as long as the workflow asks. Node's setTimeout takes at most 2^31-1 ms (about 24.8
 * days) and fires after 1 ms for anything larger (with a TimeoutOverflowWarning), so a one-year
 * Wait, a Task with `TimeoutSeconds: 99999999` or a Timestamp in 2099 would end at once. A long
 * delay is waited in slices of at most that size.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export type Timer = { clear: () => void };

/** Calls `fire` after `ms` real milliseconds (0 for a negative or NaN delay), however long. */
export function startTimer(fire: () => void, ms: number): Timer {
  let handle: NodeJS.Timeout;
  const arm = (remaining: number) => {
    handle =
      remaining > MAX_TIMER_MS
        ? setTimeout(() => arm(remaining - MAX_TIMER_MS), MAX_TIMER_MS)
        : setTimeout(fire, remaining);
  };
  // biome-ignore lint/complexity/useMathMinMax: Math.max(NaN, 0) is NaN; a NaN delay must be 0
  arm(ms > 0 ? ms : 0);
  return { clear: () => clearTimeout(handle) };
}
