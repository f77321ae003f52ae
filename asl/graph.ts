/**
 * The shape of a state machine, defined once: which fragments nest in a state, the walk over every
 * state (nested Parallel branches and Map processors included), the transition graph and its
 * structural facts (unknown targets, unreachable states, loops with no way out). The builders'
 * assembler (which throws), the static checks (which report), the engine's validation and the
 * tools that read a definition all use these. Raw definitions are read defensively: a field of the
 * wrong shape is skipped, never trusted (its validation reports it).
 */
import { describeState } from './describe.ts';
import { isObject, type RawFragment, type RawState, statesOf } from './raw-definition.ts';
import type { State, StateMachineFragment } from './types.ts';

export type Edge = {
  to: string;
  /** Which field the transition comes from: `Next`, `Default`, `Choices[0]`, `Catch[1]`. */
  via: string;
};

/**
 * The transitions of a state: Next, Choices, Default, Catch, in that order. Read from the fields
 * whatever the Type, so a stray field of a raw state still counts as a way in to its target.
 */
export const edgesOf = (state: State | RawState): Edge[] => {
  const raw = state as RawState;
  if (!isObject(raw)) return [];
  const edges: Edge[] = [];
  const push = (to: unknown, via: string) => {
    if (typeof to === 'string') edges.push({ to, via });
  };
  push(raw.Next, 'Next');
  if (Array.isArray(raw.Choices)) {
    raw.Choices.forEach((c, i) => {
      if (isObject(c)) push(c.Next, `Choices[${i}]`);
    });
  }
  push(raw.Default, 'Default');
  if (Array.isArray(raw.Catch)) {
    raw.Catch.forEach((c, i) => {
      if (isObject(c)) push(c.Next, `Catch[${i}]`);
    });
  }
  return edges;
};

/** Succeed, Fail, or a state with `End: true`: where an execution (or branch) stops. */
export const isTerminal = (state: State | RawState): boolean => {
  const raw = state as RawState;
  return isObject(raw) && (raw.Type === 'Succeed' || raw.Type === 'Fail' || raw.End === true);
};

export type NestedFragment<F = StateMachineFragment> = {
  fragment: F;
  /** Where it sits in the state, as JSON-pointer steps: `Branches/0`, `ItemProcessor`. */
  location: string;
  /** How messages name it: `Parallel 'Fetch' Branches[0]`, `Map 'Each' ItemProcessor`. */
  label: string;
};

/** The state machines nested in a state: Parallel branches, the Map item processor (or Iterator). */
export function nestedFragments(name: string, state: State): NestedFragment[];
export function nestedFragments(name: string, state: RawState): NestedFragment<RawFragment>[];
export function nestedFragments(
  name: string,
  state: State | RawState,
): NestedFragment<StateMachineFragment | RawFragment>[] {
  const raw = state as RawState;
  if (!isObject(raw)) return [];
  const where = describeState(String(raw.Type), name);
  if (raw.Type === 'Parallel' && Array.isArray(raw.Branches)) {
    return raw.Branches.filter(isObject).map((fragment, i) => ({
      fragment,
      location: `Branches/${i}`,
      label: `${where} Branches[${i}]`,
    }));
  }
  if (raw.Type === 'Map') {
    for (const field of ['ItemProcessor', 'Iterator']) {
      const fragment = raw[field];
      if (isObject(fragment)) return [{ fragment, location: field, label: `${where} ${field}` }];
    }
  }
  return [];
}

export type VisitedState<S = State> = {
  name: string;
  state: S;
  /** Who holds the state, for messages: `State machine`, or the label of a nested fragment. */
  scope: string;
};

/** Every state of a fragment and of the fragments nested in it, depth first. */
export function walkStates(fragment: StateMachineFragment, scope?: string): VisitedState[];
export function walkStates(fragment: RawFragment, scope?: string): VisitedState<RawState>[];
export function walkStates(
  fragment: StateMachineFragment | RawFragment,
  scope = 'State machine',
): VisitedState<State | RawState>[] {
  return statesOf(fragment as RawFragment).flatMap(([name, state]) => [
    { name, state, scope },
    ...nestedFragments(name, state).flatMap((n) => walkStates(n.fragment, n.label)),
  ]);
}

/** The transition graph of one fragment (not of the fragments nested in it). */
export type TransitionGraph = {
  /** The fragment's state names. */
  names: Set<string>;
  /** Transitions naming no state of the fragment, in state order then field order. */
  dangling: { name: string; state: RawState; edge: Edge }[];
  /** Names reachable from StartAt following every edge (Next, Choices, Default, Catch). */
  reachable: Set<string>;
  /** Names from which a terminal state is reachable; a reachable state not in it loops forever. */
  canEnd: Set<string>;
};

export const transitionGraph = (fragment: StateMachineFragment | RawFragment): TransitionGraph => {
  const states = statesOf(fragment as RawFragment);
  const byName = new Map(states);
  const edges = new Map(states.map(([name, state]) => [name, edgesOf(state)]));
  const dangling = states.flatMap(([name, state]) =>
    (edges.get(name) ?? []).filter((e) => !byName.has(e.to)).map((edge) => ({ name, state, edge })),
  );
  const reachable = new Set<string>();
  const stack = typeof fragment.StartAt === 'string' ? [fragment.StartAt] : [];
  while (stack.length > 0) {
    const name = stack.pop() as string;
    if (reachable.has(name) || !byName.has(name)) continue;
    reachable.add(name);
    for (const e of edges.get(name) ?? []) stack.push(e.to);
  }
  const canEnd = new Set(states.filter(([, s]) => isTerminal(s)).map(([name]) => name));
  let grew = true;
  while (grew) {
    grew = false;
    for (const [name, out] of edges) {
      if (!canEnd.has(name) && out.some((e) => canEnd.has(e.to))) {
        canEnd.add(name);
        grew = true;
      }
    }
  }
  return { names: new Set(byName.keys()), dangling, reachable, canEnd };
};

/** Structural problems of one fragment and every fragment nested in it; empty when sound. */
export const graphProblems = (
  fragment: StateMachineFragment,
  scope = 'State machine',
): string[] => {
  const states = Object.entries(fragment.States ?? {});
  if (states.length === 0) return [`${scope}: States must contain at least one state`];
  const problems: string[] = [];
  const graph = transitionGraph(fragment);
  if (!graph.names.has(fragment.StartAt)) {
    problems.push(`${scope}: StartAt '${fragment.StartAt}' names no state in this scope`);
  }
  for (const { name, state, edge } of graph.dangling) {
    problems.push(
      `${scope}: ${describeState(String(state.Type), name)}: ${edge.via} '${edge.to}' names no state in this scope`,
    );
  }
  for (const [name, state] of states) {
    if (!graph.reachable.has(name)) {
      problems.push(`${scope}: ${describeState(state.Type, name)} is unreachable from StartAt`);
    }
  }
  for (const [name, state] of states) {
    if (graph.reachable.has(name) && !graph.canEnd.has(name)) {
      problems.push(`${scope}: ${describeState(state.Type, name)} can never reach an end state`);
    }
  }
  for (const [name, state] of states) {
    for (const n of nestedFragments(name, state))
      problems.push(...graphProblems(n.fragment, n.label));
  }
  return problems;
};

/** State names must be unique across the whole machine, nested fragments included. */
export const duplicateNameProblems = (fragment: StateMachineFragment): string[] => {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const { name, scope } of walkStates(fragment)) {
    const first = seen.get(name);
    if (first === undefined) seen.set(name, scope);
    else problems.push(`State name '${name}' is used twice (in ${first} and in ${scope})`);
  }
  return problems;
};
