/**
 * Structural validation of a whole definition: the top level, every nested state machine
 * (Parallel branches, Map processors), the transition graph and variable scopes. Returns every
 * problem found, each prefixed with where it is (`/States/Fetch/Retry/0`), like aws-cdk's
 * `validateState()`; an empty list means the definition can run. JSONata expressions are checked
 * when the definition is compiled (see `validateDefinition`).
 */

import { isTerminal, nestedFragments, transitionGraph } from '../graph.ts';
import {
  at,
  isObject,
  machineLanguage,
  type RawFragment,
  type RawObject,
  type RawState,
  stateLanguage,
  statesOf,
} from '../raw-definition.ts';
import type { QueryLanguage } from '../types.ts';
import { checkNumber, type Problems } from './fields.ts';
import { checkState } from './state.ts';

const topLevelFields = [
  'StartAt',
  'States',
  'Comment',
  'QueryLanguage',
  'TimeoutSeconds',
  'Version',
];

export function validateStructure(definition: unknown): string[] {
  const problems: Problems = [];
  if (!isObject(definition)) {
    return ['/: a state machine definition must be a JSON object'];
  }
  for (const field of Object.keys(definition)) {
    if (!topLevelFields.includes(field))
      problems.push(`/${field}: field '${field}' is not supported at the top level`);
  }
  const ql = definition.QueryLanguage;
  if (ql !== undefined && ql !== 'JSONata' && ql !== 'JSONPath') {
    problems.push(`/QueryLanguage: must be JSONata or JSONPath, got ${JSON.stringify(ql)}`);
  }
  checkNumber(
    problems,
    '/TimeoutSeconds',
    definition.TimeoutSeconds,
    { integer: true, min: 1, max: 99999999 },
    false,
  );
  if (definition.Version !== undefined && definition.Version !== '1.0') {
    problems.push(`/Version: must be "1.0", got ${JSON.stringify(definition.Version)}`);
  }
  checkFragment(problems, definition, '', machineLanguage(definition));
  checkScopes(problems, definition, '', new Map());
  return problems;
}

function checkFragment(
  problems: Problems,
  fragment: RawFragment,
  base: string,
  machine: QueryLanguage,
): void {
  const states = statesOf(fragment);
  if (!isObject(fragment.States) || states.length === 0) {
    problems.push(`${base}/States: must be a non-empty object of states`);
  }
  if (typeof fragment.StartAt !== 'string') {
    problems.push(`${base}/StartAt: must name the first state`);
  } else if (isObject(fragment.States) && !(fragment.StartAt in fragment.States)) {
    problems.push(
      `${base}/StartAt: MISSING_TRANSITION_TARGET: no state named '${fragment.StartAt}'`,
    );
  }
  if (base !== '') {
    for (const field of Object.keys(fragment)) {
      if (!['StartAt', 'States', 'Comment', 'ProcessorConfig'].includes(field)) {
        problems.push(
          `${base}/${field}: field '${field}' is not supported in a nested state machine`,
        );
      }
    }
  }
  const names = new Set(states.map(([name]) => name));
  for (const [name, state] of states) {
    if (name.length === 0 || name.length > 80) {
      problems.push(`${at(base, 'States', name)}: a state name must be 1 to 80 characters`);
    }
    const here = at(base, 'States', name);
    const language = isObject(state) ? stateLanguage(state, machine) : machine;
    checkState(problems, state, {
      here,
      name,
      stateNames: names,
      machineLanguage: machine,
      language,
    });
    if (!isObject(state)) continue;
    for (const nested of nestedFragments(name, state)) {
      checkFragment(problems, nested.fragment, at(here, nested.location), machine);
    }
  }
  checkGraph(problems, fragment, states, base);
}

function checkGraph(
  problems: Problems,
  fragment: RawFragment,
  states: [string, RawState][],
  base: string,
): void {
  if (typeof fragment.StartAt !== 'string' || states.length === 0) return;
  const { reachable } = transitionGraph(fragment);
  for (const [name] of states) {
    if (!reachable.has(name))
      problems.push(`${at(base, 'States', name)}: state '${name}' is not reachable from StartAt`);
  }
  if (!states.some(([, s]) => isTerminal(s)))
    problems.push(
      `${base || '/'}: MISSING_END_STATE: no state ends the ${base ? 'branch' : 'state machine'}`,
    );
}

/** Variables a fragment's own states assign (state, Choice rule and Catch Assign fields). */
function assignedNames(fragment: RawFragment): Set<string> {
  const names = new Set<string>();
  const add = (assign: unknown) => {
    if (isObject(assign))
      for (const k of Object.keys(assign)) names.add(k.endsWith('.$') ? k.slice(0, -2) : k);
  };
  for (const [, state] of statesOf(fragment)) {
    if (!isObject(state)) continue;
    add(state.Assign);
    for (const list of [state.Choices, state.Catch]) {
      if (Array.isArray(list)) for (const entry of list) if (isObject(entry)) add(entry.Assign);
    }
  }
  return names;
}

/**
 * AWS: "A variable assigned in an inner scope cannot have the same name as one assigned in an
 * outer scope." Parallel branches and Map processors are inner scopes.
 */
function checkScopes(
  problems: Problems,
  fragment: RawObject,
  base: string,
  outer: Map<string, string>,
): void {
  const own = assignedNames(fragment);
  for (const name of own) {
    const where = outer.get(name);
    if (where !== undefined) {
      problems.push(
        `${base || '/'}: variable '${name}' is assigned here and in the outer scope ${where || '/'}; an inner scope cannot reuse an outer variable's name`,
      );
    }
  }
  const visible = new Map(outer);
  for (const name of own) if (!visible.has(name)) visible.set(name, base);
  for (const [name, state] of statesOf(fragment)) {
    if (!isObject(state)) continue;
    for (const nested of nestedFragments(name, state)) {
      checkScopes(problems, nested.fragment, at(base, 'States', name, nested.location), visible);
    }
  }
}
