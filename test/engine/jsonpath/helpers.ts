import type { ExecutionResult, RunOptions } from '../../../engine/index.ts';
import { run } from '../helpers.ts';

/** A JSONPath state machine (the default query language) around the given states. */
export function pathMachine(states: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { StartAt: Object.keys(states)[0], States: states, ...extra };
}

/** Runs one JSONPath Pass state with these fields on `input`. */
export function pass(
  fields: Record<string, unknown>,
  input: unknown,
  options?: RunOptions,
): Promise<ExecutionResult> {
  return run(pathMachine({ P: { Type: 'Pass', ...fields, End: true } }), input, options);
}

/** The value of one intrinsic function call (as Parameters of a Pass). */
export async function intrinsic(call: string, input: unknown = {}): Promise<ExecutionResult> {
  return pass({ Parameters: { 'value.$': call } }, input);
}
