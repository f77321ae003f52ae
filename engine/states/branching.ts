/**
 * What Parallel and Map share around the work of their branches or iterations: on success
 * `*StateSucceeded`, the size check of the collected result, then Output and Assign; on failure
 * the EvaluationFailed event and cause prefix (`reportFailure`) and `*StateFailed` (none for a
 * States.Runtime failure). A stop or timeout passes straight through: the interpreter records
 * `*StateAborted`.
 */
import { StatesError } from '../../asl/constants.ts';
import type { JsonValue } from '../api.ts';
import { ExecutionAbortedError, toFailure } from '../errors.ts';
import { checkResultSize, toJson } from '../json.ts';
import type { MapModel, ParallelModel } from '../model.ts';
import {
  exitState,
  finishState,
  nextOf,
  reportFailure,
  type StateOutcome,
  type StateRun,
} from './lifecycle.ts';

export async function collectResults(
  run: StateRun<MapModel | ParallelModel>,
  work: () => Promise<JsonValue>,
): Promise<StateOutcome> {
  const { state, frame } = run;
  try {
    const results = await work();
    frame.emit(`${state.type}StateSucceeded`);
    const text = toJson(results);
    checkResultSize(text, state.name);
    return exitState(run, await finishState(run, { value: results, text }), nextOf(state));
  } catch (thrown) {
    if (thrown instanceof ExecutionAbortedError) throw thrown;
    const failure = reportFailure(run, toFailure(thrown));
    if (failure.error !== StatesError.Runtime) frame.emit(`${state.type}StateFailed`);
    throw failure;
  }
}
