/**
 * Parallel: runs every branch on the same input (Arguments, else the state input), each in its
 * own variable scope that reads the outer variables. The result is the branches' outputs in
 * order; the first failing branch cancels the others and its error is the state's error.
 */

import { StatesError } from '../../workflows/asl/constants.ts';
import type { JsonValue } from '../api.ts';
import { ExecutionAbortedError, toFailure } from '../errors.ts';
import { runFragment } from '../interpreter.ts';
import { checkPayloadSize, toJson } from '../json.ts';
import { evaluateTemplate } from '../jsonata/template.ts';
import type { ParallelModel } from '../model.ts';
import { runPool } from '../pool.ts';
import { withRetryAndCatch } from '../retry.ts';
import { Scope } from '../scope.ts';
import {
  exitState,
  finishState,
  nextOf,
  reportFailure,
  runBindings,
  type StateOutcome,
  type StateRun,
} from './common.ts';

export function runParallel(run: StateRun<ParallelModel>): Promise<StateOutcome> {
  return withRetryAndCatch(run, () => attempt(run));
}

async function attempt(run: StateRun<ParallelModel>): Promise<StateOutcome> {
  const { state, frame } = run;
  try {
    const input: JsonValue = state.arguments
      ? await evaluateTemplate(state.arguments, runBindings(run))
      : run.input;
    frame.emit('ParallelStateStarted');
    const results = await runPool({
      count: state.branches.length,
      concurrency: state.branches.length,
      cancel: frame.cancel,
      task: async (i, pool) => {
        const own = pool.child();
        try {
          const branch = state.branches[i] as ParallelModel['branches'][number];
          return (await runFragment(branch, input, frame.branch(new Scope(frame.scope), own)))
            .output;
        } finally {
          own.dispose();
        }
      },
    });
    frame.emit('ParallelStateSucceeded');
    const text = toJson(results);
    checkPayloadSize(text, `The result of Parallel state '${state.name}'`);
    return exitState(run, await finishState(run, { value: results, text }), nextOf(state));
  } catch (thrown) {
    if (thrown instanceof ExecutionAbortedError) throw thrown;
    const failure = reportFailure(run, toFailure(thrown));
    if (failure.error !== StatesError.Runtime) frame.emit('ParallelStateFailed');
    throw failure;
  }
}
