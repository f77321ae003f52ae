/**
 * Runs the branches of a Parallel or the iterations of a Map with at most `concurrency` at once.
 * The first failure that is not tolerated cancels the rest: running ones are aborted (they unwind
 * and record their `*Aborted` events), queued ones never start, and the pool rejects with that
 * failure once everything has settled, so the parent's events follow its children's.
 */

import type { Cancel } from './cancel.ts';
import { ExecutionAbortedError } from './errors.ts';

export type PoolOptions<T> = {
  count: number;
  concurrency: number;
  cancel: Cancel;
  task: (index: number, cancel: Cancel) => Promise<T>;
  /** Return true to tolerate a failure and go on (Distributed Map failure thresholds). */
  tolerate?: (index: number, error: unknown) => boolean;
};

export async function runPool<T>(options: PoolOptions<T>): Promise<T[]> {
  const { count, task, tolerate } = options;
  const local = options.cancel.child();
  const results = new Array<T>(count);
  let next = 0;
  let failed = false;
  let failure: unknown;
  const worker = async () => {
    while (!failed && next < count && !local.aborted) {
      const index = next++;
      try {
        results[index] = await task(index, local);
      } catch (error) {
        if (error instanceof ExecutionAbortedError && local.aborted) continue;
        if (tolerate?.(index, error)) continue;
        if (!failed) {
          failed = true;
          failure = error;
          local.abort(new ExecutionAbortedError('cancelled'));
        }
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, count));
  try {
    await Promise.all(Array.from({ length: count === 0 ? 0 : workers }, worker));
  } finally {
    local.dispose();
  }
  if (options.cancel.aborted) throw options.cancel.reason;
  if (failed) throw failure;
  return results;
}
