/** Succeed: ends its state machine (the execution, a branch or an iteration) successfully. */
import type { SucceedModel } from '../model.ts';
import {
  andThen,
  exitState,
  finishState,
  type Maybe,
  type StateOutcome,
  type StateRun,
} from './lifecycle.ts';

export function runSucceed(run: StateRun<SucceedModel>): Maybe<StateOutcome> {
  return andThen(finishState(run), (finished) => exitState(run, finished, undefined));
}
