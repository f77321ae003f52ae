/**
 * Map: runs its ItemProcessor for every item, INLINE (iterations inside this execution) or
 * DISTRIBUTED (a Map Run of child executions). Items, MaxConcurrency and ItemSelector are
 * evaluated first; a failure there records EvaluationFailed and MapStateFailed, as AWS does.
 */
import { StatesError } from '../../workflows/asl/constants.ts';
import type { JsonValue } from '../api.ts';
import { ExecutionAbortedError, toFailure } from '../errors.ts';
import { checkPayloadSize, toJson } from '../json.ts';
import { runDistributedMap } from '../map/distributed.ts';
import { runInlineMap } from '../map/inline.ts';
import { mapItems } from '../map/items.ts';
import type { MapModel } from '../model.ts';
import { withRetryAndCatch } from '../retry.ts';
import {
  exitState,
  finishState,
  nextOf,
  reportFailure,
  type StateOutcome,
  type StateRun,
} from './common.ts';
import { evaluateInteger, evaluateNumber } from './values.ts';

export function runMap(run: StateRun<MapModel>): Promise<StateOutcome> {
  return withRetryAndCatch(run, () => attempt(run));
}

async function attempt(run: StateRun<MapModel>): Promise<StateOutcome> {
  const { state, frame } = run;
  try {
    const results = state.mode === 'DISTRIBUTED' ? await runDistributedMap(run) : await inline(run);
    frame.emit('MapStateSucceeded');
    const text = toJson(results);
    checkPayloadSize(text, `The result of Map state '${state.name}'`);
    return exitState(run, await finishState(run, { value: results, text }), nextOf(state));
  } catch (thrown) {
    if (thrown instanceof ExecutionAbortedError) throw thrown;
    const failure = reportFailure(run, toFailure(thrown));
    if (failure.error !== StatesError.Runtime) frame.emit('MapStateFailed');
    throw failure;
  }
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
