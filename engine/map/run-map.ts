/**
 * Map: runs its ItemProcessor for every item, INLINE (iterations inside this execution) or
 * DISTRIBUTED (a Map Run of child executions). Items, MaxConcurrency and ItemSelector are
 * evaluated first; a failure there records EvaluationFailed and MapStateFailed, as AWS does.
 */
import type { JsonValue } from '../api.ts';
import type { RunFragment } from '../fragment.ts';
import type { MapModel } from '../model.ts';
import { withRetryAndCatch } from '../retry.ts';
import { collectResults } from '../states/branching.ts';
import type { StateOutcome, StateRun } from '../states/lifecycle.ts';
import { runDistributedMap } from './distributed.ts';
import { runInlineMap } from './inline.ts';
import { mapItems, startMap } from './items.ts';

export function runMap(run: StateRun<MapModel>, runFragment: RunFragment): Promise<StateOutcome> {
  return withRetryAndCatch(run, () => attempt(run, runFragment));
}

function attempt(run: StateRun<MapModel>, runFragment: RunFragment): Promise<StateOutcome> {
  return collectResults(run, () =>
    run.state.mode === 'DISTRIBUTED'
      ? runDistributedMap(run, runFragment)
      : inline(run, runFragment),
  );
}

async function inline(run: StateRun<MapModel>, runFragment: RunFragment): Promise<JsonValue[]> {
  const items = await mapItems(run);
  const { maxConcurrency } = await startMap(run, items.length);
  return runInlineMap(run, items, maxConcurrency, runFragment);
}
