/**
 * The interpreter loop's signature, for the states that run nested state machines (Parallel
 * branches, Map iterations, Map Run children). The interpreter passes its `runFragment` to their
 * executors as an argument, so they run fragments without importing the interpreter that
 * dispatches to them.
 */
import type { JsonValue } from './api.ts';
import type { Frame } from './execution.ts';
import type { FragmentModel } from './model.ts';

/** A state machine's result: its output and the output's JSON text. */
export type FragmentResult = { readonly output: JsonValue; readonly text: string };

/** Runs a state machine from StartAt until a state ends it (`interpreter.ts`'s `runFragment`). */
export type RunFragment = (
  fragment: FragmentModel,
  input: JsonValue,
  frame: Frame,
  inputText?: string,
) => Promise<FragmentResult>;
