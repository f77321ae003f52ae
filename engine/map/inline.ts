/**
 * Inline Map: iterations run inside the parent execution and record their events in its history
 * (MapIterationStarted / Succeeded / Failed / Aborted around each one), each in its own variable
 * scope that reads the outer variables. At most 40 run at once whatever MaxConcurrency says, as
 * on AWS; the first failure cancels the rest and becomes the Map's error.
 */

import { Limits } from '../../asl/constants.ts';
import type { JsonValue } from '../api.ts';
import { ExecutionAbortedError } from '../errors.ts';
import type { RunFragment } from '../fragment.ts';
import type { MapModel } from '../model.ts';
import { runPool } from '../pool.ts';
import { Scope } from '../scope.ts';
import type { StateRun } from '../states/lifecycle.ts';
import { selectItem } from './items.ts';

export async function runInlineMap(
  run: StateRun<MapModel>,
  items: JsonValue[],
  maxConcurrency: number,
  runFragment: RunFragment,
): Promise<JsonValue[]> {
  const { state, frame } = run;
  const concurrency =
    maxConcurrency === 0
      ? Limits.inlineMapMaxConcurrency
      : Math.min(maxConcurrency, Limits.inlineMapMaxConcurrency);
  return runPool({
    count: items.length,
    concurrency,
    cancel: frame.cancel,
    task: async (index, pool) => {
      const own = pool.child();
      const scope = new Scope(frame.scope);
      const iteration = frame.branch(scope, own);
      const details = { name: state.name, index };
      iteration.emit('MapIterationStarted', 'mapIterationStartedEventDetails', details);
      try {
        const input = await selectItem(run, items[index] as JsonValue, index, 'STATE_DATA');
        const { output } = await runFragment(state.processor, input, iteration);
        iteration.emit('MapIterationSucceeded', 'mapIterationSucceededEventDetails', details);
        return output;
      } catch (error) {
        if (error instanceof ExecutionAbortedError) {
          iteration.emit('MapIterationAborted', 'mapIterationAbortedEventDetails', details);
        } else {
          iteration.emit('MapIterationFailed', 'mapIterationFailedEventDetails', details);
        }
        throw error;
      } finally {
        scope.release();
        own.dispose();
      }
    },
  });
}
