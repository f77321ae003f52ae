/**
 * The transition graph of a state machine: edges, nested fragments, and the structural problems
 * a definition can have (unknown targets, unreachable states, loops with no way out). Shared by
 * the assembler (which throws) and the static checks (which report).
 */
import { describeState } from './describe.ts';
import type { State, StateMachineFragment } from './types.ts';

export type Edge = {
  to: string;
  /** Which field the transition comes from: `Next`, `Default`, `Choices[0]`, `Catch[1]`. */
  via: string;
};

export const edgesOf = (state: State): Edge[] => {
  const edges: Edge[] = [];
  if ('Next' in state && typeof state.Next === 'string')
    edges.push({ to: state.Next, via: 'Next' });
  if (state.Type === 'Choice') {
    state.Choices.forEach((c, i) => {
      edges.push({ to: c.Next, via: `Choices[${i}]` });
    });
    if (state.Default !== undefined) edges.push({ to: state.Default, via: 'Default' });
  }
  if ('Catch' in state && state.Catch !== undefined) {
    state.Catch.forEach((c, i) => {
      edges.push({ to: c.Next, via: `Catch[${i}]` });
    });
  }
  return edges;
};

/** Succeed, Fail, or a state with `End: true`: where an execution (or branch) stops. */
export const isTerminal = (state: State): boolean =>
  state.Type === 'Succeed' || state.Type === 'Fail' || ('End' in state && state.End === true);

export type NestedFragment = { label: string; fragment: StateMachineFragment };

export const nestedFragments = (name: string, state: State): NestedFragment[] => {
  if (state.Type === 'Map') {
    return [
      { label: `${describeState('Map', name)} ItemProcessor`, fragment: state.ItemProcessor },
    ];
  }
  if (state.Type === 'Parallel') {
    return state.Branches.map((fragment, i) => ({
      label: `${describeState('Parallel', name)} Branches[${i}]`,
      fragment,
    }));
  }
  return [];
};

export type VisitedState = { name: string; state: State; scope: string };

/** Every state of a fragment and of the fragments nested in it, depth first. */
export const walkStates = (
  fragment: StateMachineFragment,
  scope = 'State machine',
): VisitedState[] =>
  Object.entries(fragment.States).flatMap(([name, state]) => [
    { name, state, scope },
    ...nestedFragments(name, state).flatMap((n) => walkStates(n.fragment, n.label)),
  ]);

/** Names reachable from `start` following every edge (Next, Default, Choices, Catch). */
export const reachableFrom = (fragment: StateMachineFragment, start: string): Set<string> => {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    const name = stack.pop() as string;
    const state = fragment.States[name];
    if (seen.has(name) || state === undefined) continue;
    seen.add(name);
    for (const e of edgesOf(state)) stack.push(e.to);
  }
  return seen;
};

/** Structural problems of one fragment and every fragment nested in it; empty when sound. */
export const graphProblems = (
  fragment: StateMachineFragment,
  scope = 'State machine',
): string[] => {
  const problems: string[] = [];
  const names = Object.keys(fragment.States ?? {});
  if (names.length === 0) return [`${scope}: States must contain at least one state`];
  if (fragment.States[fragment.StartAt] === undefined) {
    problems.push(`${scope}: StartAt '${fragment.StartAt}' names no state in this scope`);
  }
  for (const [name, state] of Object.entries(fragment.States)) {
    for (const e of edgesOf(state)) {
      if (fragment.States[e.to] === undefined) {
        problems.push(
          `${scope}: ${describeState(state.Type, name)}: ${e.via} '${e.to}' names no state in this scope`,
        );
      }
    }
  }
  const reachable = reachableFrom(fragment, fragment.StartAt);
  for (const [name, state] of Object.entries(fragment.States)) {
    if (!reachable.has(name)) {
      problems.push(`${scope}: ${describeState(state.Type, name)} is unreachable from StartAt`);
    }
  }
  // A state from which no terminal state is reachable loops forever (or until the timeout).
  const canEnd = new Set(names.filter((n) => isTerminal(fragment.States[n] as State)));
  let grew = true;
  while (grew) {
    grew = false;
    for (const [name, state] of Object.entries(fragment.States)) {
      if (!canEnd.has(name) && edgesOf(state).some((e) => canEnd.has(e.to))) {
        canEnd.add(name);
        grew = true;
      }
    }
  }
  for (const [name, state] of Object.entries(fragment.States)) {
    if (reachable.has(name) && !canEnd.has(name)) {
      problems.push(`${scope}: ${describeState(state.Type, name)} can never reach an end state`);
    }
  }
  for (const [name, state] of Object.entries(fragment.States)) {
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
