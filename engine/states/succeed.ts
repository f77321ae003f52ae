/** Succeed: ends its state machine (the execution, a branch or an iteration) successfully. */
import type { SucceedModel } from '../model.ts';
import { exitState, finishState, type StateOutcome, type StateRun } from './common.ts';

export async function runSucceed(run: StateRun<SucceedModel>): Promise<StateOutcome> {
  return exitState(run, await finishState(run), undefined);
}
