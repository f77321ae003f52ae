/**
 * Map: runs its ItemProcessor for every item, INLINE (iterations inside this execution) or
 * DISTRIBUTED (a Map Run of child executions). Items, MaxConcurrency and ItemSelector are
 * evaluated first; a failure there records EvaluationFailed and MapStateFailed, as AWS does.
 */
import type { JsonValue } from '../api.ts';
import { runDistributedMap } from '../map/distributed.ts';
import { runInlineMap } from '../map/inline.ts';
import { mapItems } from '../map/items.ts';
import type { MapModel } from '../model.ts';
import { withRetryAndCatch } from '../retry.ts';
import { collectResults } from './branching.ts';
import type { StateOutcome, StateRun } from './common.ts';
import { evaluateInteger, evaluateNumber } from './values.ts';

export function runMap(run: StateRun<MapModel>): Promise<StateOutcome> {
  return withRetryAndCatch(run, () => attempt(run));
}

function attempt(run: StateRun<MapModel>): Promise<StateOutcome> {
  return collectResults(run, () =>
    run.state.mode === 'DISTRIBUTED' ? runDistributedMap(run) : inline(run),
  );
}

async function inline(run: StateRun<MapModel>): Promise<JsonValue[]> {
  const { state, frame } = run;
  const items = await mapItems(run);
  const maxConcurrency = state.maxConcurrency
    ? await evaluateInteger(run, state.maxConcurrency, 0)
    : 0;
  frame.emit('MapStateStarted', 'mapStateStartedEventDetails', { length: items.length });
  // Failure tolerance applies to Distributed Maps only; the fields are still evaluated so an
  // expression error surfaces as it would on AWS.
  if (state.toleratedFailureCount) await evaluateInteger(run, state.toleratedFailureCount, 0);
  if (state.toleratedFailurePercentage)
    await evaluateNumber(run, state.toleratedFailurePercentage, 0, 100);
  return runInlineMap(run, items, maxConcurrency);
}
