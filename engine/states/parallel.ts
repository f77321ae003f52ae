/**
 * Parallel: runs every branch on the same input (Arguments, else the state input), each in its
 * own variable scope that reads the outer variables. The result is the branches' outputs in
 * order; the first failing branch cancels the others and its error is the state's error.
 */

import type { JsonValue } from '../api.ts';
import type { RunFragment } from '../fragment.ts';
import { evaluateTemplate } from '../jsonata/template.ts';
import type { ParallelModel } from '../model.ts';
import { runPool } from '../pool.ts';
import { withRetryAndCatch } from '../retry.ts';
import { Scope } from '../scope.ts';
import { collectResults } from './branching.ts';
import { runBindings, type StateOutcome, type StateRun, stateInput } from './lifecycle.ts';

export function runParallel(
  run: StateRun<ParallelModel>,
  runFragment: RunFragment,
): Promise<StateOutcome> {
  return withRetryAndCatch(run, () => attempt(run, runFragment));
}

function attempt(run: StateRun<ParallelModel>, runFragment: RunFragment): Promise<StateOutcome> {
  const { state, frame } = run;
  return collectResults(run, async () => {
    const input: JsonValue = state.arguments
      ? await evaluateTemplate(state.arguments, runBindings(run))
      : stateInput(run);
    frame.emit('ParallelStateStarted');
    return runPool({
      count: state.branches.length,
      concurrency: state.branches.length,
      cancel: frame.cancel,
      task: async (i, pool) => {
        const own = pool.child();
        const scope = new Scope(frame.scope);
        try {
          const branch = state.branches[i] as ParallelModel['branches'][number];
          return (await runFragment(branch, input, frame.branch(scope, own))).output;
        } finally {
          scope.release();
          own.dispose();
        }
      },
    });
  });
}
