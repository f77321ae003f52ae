/**
 * Fail: ends its state machine with Error and Cause (either may be a JSONata expression). A Fail
 * without Error reports no error name at all, as AWS does; it emits no `*Exited` event.
 */
import { StatesFailure } from '../errors.ts';
import type { FailModel } from '../model.ts';
import type { StateOutcome, StateRun } from './lifecycle.ts';
import { evaluateString } from './values.ts';

export async function runFail(run: StateRun<FailModel>): Promise<StateOutcome> {
  const { state } = run;
  const error = state.error ? await evaluateString(run, state.error) : undefined;
  const cause = state.cause ? await evaluateString(run, state.cause) : undefined;
  throw new StatesFailure(error, cause);
}
