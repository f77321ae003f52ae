/**
 * The AWS-recorded conformance corpus (see its README): loading its cases, running one on the
 * engine, and comparing the run with what AWS recorded. Values the recorder normalised (ARNs,
 * dates, ...) are wildcards. Events of concurrent branches are compared as a multiset, as the
 * README advises, since their interleaving differs from run to run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ExecutionResult, runExecution } from '../../engine/index.ts';

export type Case = {
  id: string;
  queryLanguage: 'JSONata' | 'JSONPath' | 'mixed';
  definition: unknown;
  input: unknown;
  expected: {
    status: string;
    output?: unknown;
    error?: string;
    cause?: string;
    eventTypes: string[] | null;
  };
  normalised: string[];
  notes: string[];
};

/** Every case of the corpus folder, sorted by file name. */
export function loadCases(dir: string): Case[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Case);
}

/** Placeholder tokens the recorder put at each normalised location (from the case notes). */
function wildcards(c: Case): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  for (const path of c.normalised) byPath.set(path, []);
  for (const note of c.notes) {
    const match = /^(\$\.[^:]+): recorder placeholder (.*)$/.exec(note);
    if (!match) continue;
    const tokens = [...(match[2] as string).matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
    byPath.set(match[1] as string, tokens);
  }
  return byPath;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Deep comparison; at a normalised location each placeholder token matches anything. */
function sameValue(
  expected: unknown,
  actual: unknown,
  path: string,
  wild: Map<string, string[]>,
): boolean {
  const tokens = wild.get(path);
  if (tokens !== undefined) {
    if (typeof expected !== 'string' || typeof actual !== 'string' || tokens.length === 0)
      return true;
    let pattern = escapeRegExp(expected);
    for (const token of tokens) pattern = pattern.split(escapeRegExp(token)).join('.*');
    return new RegExp(`^${pattern}$`, 's').test(actual);
  }
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => sameValue(e, actual[i], `${path}[${i}]`, wild))
    );
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    const keys = Object.keys(expected);
    if (keys.length !== Object.keys(actual).length) return false;
    return keys.every((k) =>
      sameValue(
        (expected as Record<string, unknown>)[k],
        (actual as Record<string, unknown>)[k],
        `${path}.${k}`,
        wild,
      ),
    );
  }
  return expected === actual;
}

/** Whether a case's events may interleave differently: recorder re-sorting or concurrent branches. */
function orderFree(c: Case): boolean {
  if (c.notes.some((n) => n.includes('re-sorted') || n.includes('order-independent'))) return true;
  const text = JSON.stringify(c.definition);
  const inlineConcurrent = /"Type":"Map"/.test(text) && !/"MaxConcurrency":1[,}]/.test(text);
  return text.includes('"Type":"Parallel"') || inlineConcurrent;
}

function sorted(list: string[]): string[] {
  return [...list].sort();
}

export type Verdict = {
  /** Status, and output or error and cause, as AWS recorded them. */
  outputMatches: boolean;
  /** The history's event types (undefined when the case recorded none). */
  eventsMatch: boolean | undefined;
  /** Both: what a case must do to pass. */
  matches: boolean;
  differences: string[];
};

export function compare(c: Case, result: ExecutionResult): Verdict {
  const wild = wildcards(c);
  const differences: string[] = [];
  const e = c.expected;
  if (result.status !== e.status)
    differences.push(`status ${result.status} (expected ${e.status})`);
  if (e.status === 'SUCCEEDED' && !sameValue(e.output, result.output, '$.expected.output', wild)) {
    differences.push(
      `output ${JSON.stringify(result.output)} (expected ${JSON.stringify(e.output)})`,
    );
  }
  if (e.status !== 'SUCCEEDED') {
    if (!sameValue(e.error, result.error, '$.expected.error', wild))
      differences.push(`error ${result.error} (expected ${e.error})`);
    if (!sameValue(e.cause, result.cause, '$.expected.cause', wild))
      differences.push(`cause ${result.cause} (expected ${e.cause})`);
  }
  const outputMatches = differences.length === 0;
  let eventsMatch: boolean | undefined;
  if (e.eventTypes !== null) {
    const actual = result.events.map((ev) => ev.type as string);
    eventsMatch = orderFree(c)
      ? JSON.stringify(sorted(actual)) === JSON.stringify(sorted(e.eventTypes))
      : JSON.stringify(actual) === JSON.stringify(e.eventTypes);
    if (!eventsMatch) {
      differences.push(`events ${actual.join(',')} (expected ${e.eventTypes.join(',')})`);
    }
  }
  return { outputMatches, eventsMatch, matches: differences.length === 0, differences };
}

/** Runs a case on the engine: no time passes, a fixed clock and random source. */
export function runCase(c: Case): Promise<ExecutionResult> {
  return runExecution(c.definition, c.input, {
    timeScale: 0,
    now: () => new Date('2024-05-01T10:00:00Z'),
    random: () => 0.5,
  });
}
