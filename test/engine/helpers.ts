/**
 * Deterministic engine runs for tests: no time passes (timeScale 0), a fixed clock that only
 * moves through skipped Wait/Retry time, and a seeded random source.
 */
import { seededRandomSource } from '../../asl/sfn-functions.ts';
import type { ExecutionResult, HistoryEvent, RunOptions } from '../../engine/index.ts';
import { runExecution } from '../../engine/index.ts';

export const startOfTest = new Date('2024-05-01T10:00:00Z');

export function run(
  definition: unknown,
  input: unknown = {},
  options: RunOptions = {},
): Promise<ExecutionResult> {
  return runExecution(definition, input, {
    timeScale: 0,
    now: () => startOfTest,
    random: seededRandomSource(42),
    executionName: 'test-execution',
    ...options,
  });
}

export function types(result: ExecutionResult): string[] {
  return result.events.map((e) => e.type as string);
}

export function eventsOf(result: ExecutionResult, type: string): HistoryEvent[] {
  return result.events.filter((e) => e.type === type);
}

/** A JSONata state machine around the given states (StartAt = the first one). */
export function machine(states: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { QueryLanguage: 'JSONata', StartAt: Object.keys(states)[0], States: states, ...extra };
}

export const lambdaInvoke = 'arn:aws:states:::lambda:invoke';
