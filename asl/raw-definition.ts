/**
 * Engine-local views of a raw definition. The validator reads definitions it cannot trust, so
 * these types are deliberately loose (`unknown` fields); `asl/types.ts` is the typed
 * model builders emit, and a definition that passes validation has that shape.
 */
import type { QueryLanguage } from './types.ts';

export type RawObject = Record<string, unknown>;

export type RawState = RawObject & { Type?: unknown; QueryLanguage?: unknown };

export type RawFragment = RawObject & { StartAt?: unknown; States?: unknown };

export const stateTypes = [
  'Pass',
  'Task',
  'Choice',
  'Wait',
  'Succeed',
  'Fail',
  'Parallel',
  'Map',
] as const;

export function isObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The top-level language: `QueryLanguage` when it is "JSONata", else JSONPath (AWS's default). */
export function machineLanguage(definition: RawObject): QueryLanguage {
  return definition.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
}

/**
 * A state's language: its own `QueryLanguage` when set, else the state machine's. States inside a
 * Parallel branch or a Map processor fall back to the state machine's language, not the enclosing
 * state's (the ASL treats the nested machine as independent).
 */
export function stateLanguage(state: RawState, machine: QueryLanguage): QueryLanguage {
  if (state.QueryLanguage === 'JSONPath') return 'JSONPath';
  if (state.QueryLanguage === 'JSONata') return 'JSONata';
  return machine;
}

/** JSON-pointer-ish location used in problems: `/States/Fetch/Retry/0/ErrorEquals`. */
export function at(base: string, ...parts: (string | number)[]): string {
  return [base, ...parts.map(String)].join('/');
}

/** The states of a fragment as entries, or none when `States` is not an object. */
export function statesOf(fragment: RawFragment): [string, RawState][] {
  return isObject(fragment.States) ? (Object.entries(fragment.States) as [string, RawState][]) : [];
}
