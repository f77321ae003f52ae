/**
 * Worst-case execution-history events of a definition, without running it. Step Functions caps a
 * history at 25,000 events and fails the execution past it, so a fan-out that fits at 50 tickers
 * can fail at 1,000; this estimate is how the builder refuses such a config and how the lint
 * reports it.
 *
 * Model (per state, one pass along the longest path, every retry taken):
 * - Pass, Choice, Wait, Succeed: Entered + Exited = 2; Fail: Entered = 1.
 * - Task: Entered + Exited + one attempt (Scheduled, Started, outcome; `.sync` adds Submitted),
 *   plus one attempt per retry (the sum of MaxAttempts over its retriers).
 * - Inline Map: Entered, Started, Succeeded, Exited + per item (IterationStarted, IterationSucceeded
 *   + the longest path of the item processor).
 * - Distributed Map: Entered, Started, MapRunStarted, MapRunSucceeded, Succeeded, Exited in the
 *   parent; each child execution has its own history (reported separately).
 * - Parallel: Entered, Started, Succeeded, Exited + every branch's longest path.
 * - The execution: Started + Succeeded/Failed.
 * Loops are counted once (their states are reported): the estimate cannot bound them.
 */

import { edgesOf } from '../asl/graph.ts';
import type { State, StateMachineFragment } from '../asl/types.ts';
import { maxRetries } from '../builders/policies.ts';

export type HistoryModel = {
  /** Iterations of each Map state, by state name. */
  mapItems?: Record<string, number>;
  /** Iterations of a Map not listed in `mapItems`. */
  defaultMapItems: number;
};

export type HistoryEstimate = {
  /** Worst-case events in the execution's own history. */
  events: number;
  /** Worst-case events in one child execution, per Distributed Map state. */
  childEvents: Record<string, number>;
  /** States inside a loop (counted once). */
  loops: string[];
};

/** `.sync` and callback integrations add a TaskSubmitted event to every attempt. */
const isSync = (resource: string) =>
  resource.endsWith('.sync') ||
  resource.includes('.sync:') ||
  resource.endsWith('.waitForTaskToken');

type Acc = { childEvents: Record<string, number>; loops: Set<string> };

const stateEvents = (name: string, state: State, model: HistoryModel, acc: Acc): number => {
  switch (state.Type) {
    case 'Pass':
    case 'Choice':
    case 'Wait':
    case 'Succeed':
      return 2;
    case 'Fail':
      return 1;
    case 'Task': {
      const attempt = isSync(state.Resource) ? 4 : 3;
      return 2 + attempt * (1 + maxRetries(state.Retry));
    }
    case 'Parallel': {
      const branches = state.Branches.reduce((n, b) => n + longestPath(b, model, acc), 0);
      return (4 + branches) * (1 + maxRetries(state.Retry));
    }
    case 'Map': {
      const inner = longestPath(state.ItemProcessor, model, acc);
      if (state.ItemProcessor.ProcessorConfig?.Mode === 'DISTRIBUTED') {
        acc.childEvents[name] = 2 + inner;
        return 6 * (1 + maxRetries(state.Retry));
      }
      const items = model.mapItems?.[name] ?? model.defaultMapItems;
      return (4 + items * (2 + inner)) * (1 + maxRetries(state.Retry));
    }
  }
};

/** Events along the costliest path from StartAt to an end of the fragment. */
const longestPath = (fragment: StateMachineFragment, model: HistoryModel, acc: Acc): number => {
  const memo = new Map<string, number>();
  const onPath = new Set<string>();
  const visit = (name: string): number => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const state = fragment.States[name];
    if (state === undefined) return 0;
    if (onPath.has(name)) {
      acc.loops.add(name);
      return 0;
    }
    onPath.add(name);
    const own = stateEvents(name, state, model, acc);
    const after = Math.max(0, ...edgesOf(state).map((e) => visit(e.to)));
    onPath.delete(name);
    memo.set(name, own + after);
    return own + after;
  };
  return visit(fragment.StartAt);
};

export const estimateHistoryEvents = (
  definition: StateMachineFragment,
  model: HistoryModel,
): HistoryEstimate => {
  const acc: Acc = { childEvents: {}, loops: new Set() };
  const events = 2 + longestPath(definition, model, acc);
  return { events, childEvents: acc.childEvents, loops: [...acc.loops].sort() };
};
