/**
 * Pass: outputs its Output (JSONata) or its input; a JSONPath Pass in the supported subset outputs
 * its literal `Result`. Assign sees `$states.input` only.
 */
import type { PassModel } from '../model.ts';
import { exitState, finishState, nextOf, type StateOutcome, type StateRun } from './common.ts';

export async function runPass(run: StateRun<PassModel>): Promise<StateOutcome> {
  return exitState(run, await finishState(run), nextOf(run.state));
}
