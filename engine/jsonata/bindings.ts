/**
 * The bindings a state's expressions see: the visible workflow variables plus `$states`. Not in
 * `../context.ts` beside the Context object: `$states` builds that object on demand, so the
 * Context object's module cannot also import `$states` without an import cycle.
 */
import type { JsonValue } from '../api.ts';
import type { StateInfo } from '../context.ts';
import type { Scope } from '../scope.ts';
import { StatesVar } from './states-var.ts';
import type { Bindings } from './types.ts';

/**
 * JSONata bindings for a state's evaluations: the visible variables plus `$states`. (A fresh
 * plain object: prototype chains of per-branch scopes would make every scope a V8 prototype.)
 */
export function bindingsFor(scope: Scope, info: StateInfo, input: JsonValue): Bindings {
  const bindings: Bindings = {};
  const visible = scope.visible();
  if (visible) for (const name in visible) bindings[name] = visible[name];
  bindings.states = new StatesVar(input, info);
  return bindings;
}

/** The `$states` of a bindings object made by `bindingsFor`. */
export function statesOf(bindings: Bindings): StatesVar {
  return bindings.states as StatesVar;
}
