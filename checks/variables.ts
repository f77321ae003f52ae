/**
 * Every workflow variable an expression reads is assigned by some state in a scope that can see
 * it: the same state machine or, for an inline Map or Parallel, an enclosing one. A Distributed
 * Map's child executions see none of the parent's variables. (Not path-sensitive: it does not
 * prove the assignment runs first.) A misspelt `$tikers` evaluates to nothing in JSONata, which
 * surfaces, if at all, as a confusing error far from the typo.
 */
import jsonata from 'jsonata';
import { describeState } from '../asl/describe.ts';
import { expressionText, isExpression } from '../asl/expression.ts';
import { nestedFragments } from '../asl/graph.ts';
import type { State, StateMachineFragment } from '../asl/types.ts';
import { findExpressions } from '../builders/jsonata.ts';
import type { Check } from './types.ts';

/** JSONata 2.0 built-ins and the functions Step Functions adds ($partition, $range, ...). */
const BUILTINS = new Set(
  `sum count max min average string substring substringBefore substringAfter lowercase uppercase
  length trim pad match contains replace split join formatNumber formatBase formatInteger
  parseInteger number floor ceil round abs sqrt power random boolean not exists keys lookup append
  spread merge reverse each error assert type sort shuffle distinct zip map filter single reduce
  sift base64encode base64decode encodeUrlComponent encodeUrl decodeUrlComponent decodeUrl eval
  toMillis fromMillis clone now millis partition range hash uuid parse`.split(/\s+/),
);

/** `$states`, the context `$` and the root `$$` are not workflow variables. */
const RESERVED = new Set(['states', '', '$']);

type Names = { used: Set<string>; bound: Set<string> };

const collect = (node: unknown, names: Names): void => {
  if (Array.isArray(node)) {
    for (const n of node) collect(n, names);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const n = node as Record<string, unknown>;
  if (n.type === 'variable' && typeof n.value === 'string') names.used.add(n.value);
  if (n.type === 'bind') {
    const lhs = n.lhs as { value?: unknown } | undefined;
    if (typeof lhs?.value === 'string') names.bound.add(lhs.value);
  }
  if (n.type === 'lambda') {
    for (const a of (n.arguments as Array<{ value?: unknown }>) ?? []) {
      if (typeof a.value === 'string') names.bound.add(a.value);
    }
  }
  for (const key of ['focus', 'index'])
    if (typeof n[key] === 'string') names.bound.add(n[key] as string);
  for (const value of Object.values(n)) collect(value, names);
};

/** Workflow variables an expression reads (locals, parameters and built-ins excluded). */
export const freeVariables = (expression: string): string[] => {
  if (!isExpression(expression)) return [];
  const names: Names = { used: new Set(), bound: new Set() };
  try {
    collect(jsonata(expressionText(expression)).ast(), names);
  } catch {
    return []; // jsonata-compiles reports it
  }
  return [...names.used].filter((v) => !names.bound.has(v) && !BUILTINS.has(v) && !RESERVED.has(v));
};

const assignedBy = (state: State): string[] => {
  const names: string[] = [];
  const add = (assign: object | undefined) => {
    if (assign !== undefined) names.push(...Object.keys(assign));
  };
  if ('Assign' in state) add(state.Assign);
  if (state.Type === 'Choice') for (const r of state.Choices) add(r.Assign);
  if ('Catch' in state) for (const c of state.Catch ?? []) add(c.Assign);
  return names;
};

const NESTED = new Set(['ItemProcessor', 'Branches']);

const scopeProblems = (
  fragment: StateMachineFragment,
  outer: Set<string>,
  scope: string,
): string[] => {
  const visible = new Set(outer);
  for (const state of Object.values(fragment.States))
    for (const v of assignedBy(state)) visible.add(v);
  const problems: string[] = [];
  for (const [name, state] of Object.entries(fragment.States)) {
    for (const [field, value] of Object.entries(state)) {
      if (NESTED.has(field)) continue;
      for (const found of findExpressions(value, field)) {
        for (const v of freeVariables(found.value)) {
          if (!visible.has(v)) {
            problems.push(
              `${scope}: ${describeState(state.Type, name)}: ${found.path} reads $${v}, which no state in scope assigns`,
            );
          }
        }
      }
    }
    for (const n of nestedFragments(name, state)) {
      const isolated =
        state.Type === 'Map' && state.ItemProcessor.ProcessorConfig?.Mode === 'DISTRIBUTED';
      problems.push(...scopeProblems(n.fragment, isolated ? new Set() : visible, n.label));
    }
  }
  return problems;
};

export const variablesAssigned: Check = {
  name: 'variables',
  rule: 'every $variable an expression reads is assigned in a scope that can see it',
  run: (definition) => scopeProblems(definition, new Set(), 'State machine'),
};
