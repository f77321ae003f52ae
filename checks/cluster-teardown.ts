/**
 * Every path that leaves a successful createCluster reaches a terminateCluster state before the
 * execution (or branch) can end, on success and on failure alike:
 * - no Succeed, Fail or `End: true` is reachable from the create state without passing a
 *   terminate state;
 * - every Task, Map or Parallel in between catches States.ALL (an uncaught error ends the run with
 *   the cluster still up); a Choice there needs a Default; Pass, Wait and Choice states there may
 *   not evaluate JSONata (a query error in them cannot be caught);
 * - every terminate state has a Retry (a transient teardown failure must not leave the cluster).
 * A stopped or timed-out execution runs no Catch: that is what IdleTimeout and the reaper are for.
 */

import { StatesError } from '../asl/constants.ts';
import { describeState } from '../asl/describe.ts';
import { edgesOf, isTerminal, nestedFragments } from '../asl/graph.ts';
import type { State, StateMachineFragment } from '../asl/types.ts';
import { findExpressions } from '../builders/jsonata.ts';
import type { Check } from './types.ts';

const EMR = 'arn:aws:states:::elasticmapreduce:';
const isCreate = (s: State) => s.Type === 'Task' && s.Resource.startsWith(`${EMR}createCluster`);
const isTerminate = (s: State) =>
  s.Type === 'Task' && s.Resource.startsWith(`${EMR}terminateCluster`);

const catchesAll = (s: State) =>
  'Catch' in s && (s.Catch ?? []).some((c) => c.ErrorEquals.includes(StatesError.ALL));

const usesJsonata = (s: State) => findExpressions(s, '').length > 0;

const fragmentProblems = (fragment: StateMachineFragment, scope: string): string[] => {
  const problems: string[] = [];
  const states = fragment.States;
  const label = (n: string) => describeState((states[n] as State).Type, n);
  for (const [name, state] of Object.entries(states)) {
    if (isTerminate(state) && (!('Retry' in state) || (state.Retry ?? []).length === 0)) {
      problems.push(
        `${scope}: ${label(name)}: no Retry (a transient failure would leave the cluster running)`,
      );
    }
    if (!isCreate(state)) continue;
    if (!('Next' in state) || state.Next === undefined) {
      problems.push(
        `${scope}: ${label(name)}: ends the execution right after creating the cluster`,
      );
      continue;
    }
    // Breadth first from the create state's success edge, remembering how each state was reached.
    const via = new Map<string, string>([[state.Next, name]]);
    const queue = [state.Next];
    const pathTo = (n: string): string => {
      const chain = [n];
      for (let p = via.get(n); p !== undefined && p !== name; p = via.get(p)) chain.unshift(p);
      return [name, ...chain].join(' -> ');
    };
    while (queue.length > 0) {
      const current = queue.shift() as string;
      const s = states[current];
      if (s === undefined || isTerminate(s)) continue;
      const where = `${scope}: ${label(current)}`;
      if (isTerminal(s)) {
        problems.push(
          `${where}: the execution can end here before the cluster is terminated (${pathTo(current)})`,
        );
      }
      if ((s.Type === 'Task' || s.Type === 'Map' || s.Type === 'Parallel') && !catchesAll(s)) {
        problems.push(
          `${where}: can fail without terminating the cluster: no Catch for ${StatesError.ALL} (${pathTo(current)})`,
        );
      }
      if (s.Type === 'Choice' && s.Default === undefined) {
        problems.push(
          `${where}: no Default, so States.NoChoiceMatched would skip the teardown (${pathTo(current)})`,
        );
      }
      if ((s.Type === 'Pass' || s.Type === 'Wait' || s.Type === 'Choice') && usesJsonata(s)) {
        problems.push(
          `${where}: evaluates JSONata after the cluster exists but cannot catch a query error (${pathTo(current)})`,
        );
      }
      for (const e of edgesOf(s)) {
        if (!via.has(e.to) && e.to !== name) {
          via.set(e.to, current);
          queue.push(e.to);
        }
      }
    }
  }
  for (const [name, state] of Object.entries(states)) {
    for (const n of nestedFragments(name, state))
      problems.push(...fragmentProblems(n.fragment, n.label));
  }
  return problems;
};

export const clusterTeardown: Check = {
  name: 'cluster-teardown',
  rule: 'every path from createCluster reaches terminateCluster before any Succeed/Fail/End; teardown retries',
  run: (definition) => fragmentProblems(definition, 'State machine'),
};
