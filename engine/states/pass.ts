/**
 * Pass: outputs its Output (JSONata) or its input; a JSONPath Pass outputs its `Result` (else its
 * Parameters, else its effective input) through ResultPath and OutputPath. A JSONata Assign sees
 * `$states.input` only. Synchronous unless an expression needs the async evaluator.
 */
import type { PassModel } from '../model.ts';
import {
  andThen,
  exitState,
  finishState,
  type Maybe,
  nextOf,
  type StateOutcome,
  type StateRun,
} from './lifecycle.ts';

export function runPass(run: StateRun<PassModel>): Maybe<StateOutcome> {
  return andThen(finishState(run), (finished) => exitState(run, finished, nextOf(run.state)));
}
