/** Parallel state builder. https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html */

import { describeState } from '../asl/describe.ts';
import { graphProblems } from '../asl/graph.ts';
import type { ParallelState } from '../asl/types.ts';
import {
  assertCatch,
  assertFieldsCompile,
  assertName,
  assertRetry,
  assertTransition,
  canonical,
  type DistributiveOmit,
  type Named,
} from './assert.ts';

export type ParallelProps = DistributiveOmit<ParallelState, 'Type'>;

export const parallel = (name: string, props: ParallelProps): Named<ParallelState> => {
  assertName('Parallel', name);
  const where = describeState('Parallel', name);
  assertTransition(where, props);
  if (!Array.isArray(props.Branches) || props.Branches.length === 0) {
    throw new Error(`${where}: Branches must list at least one branch`);
  }
  const problems = props.Branches.flatMap((b, i) => graphProblems(b, `${where} Branches[${i}]`));
  if (problems.length > 0)
    throw new Error(`${where}: invalid branches:\n- ${problems.join('\n- ')}`);
  assertRetry(where, props.Retry);
  assertCatch(where, props.Catch);
  assertFieldsCompile(where, props, ['Arguments', 'Output', 'Assign']);
  return { name, state: canonical({ Type: 'Parallel', ...props }) as ParallelState };
};
