/**
 * Conformance with real AWS Step Functions: every JSONata (and mixed) case recorded in
 * `../shared/conformance/aws-recorded/` (see its README) runs here and must match AWS's status,
 * output or error/cause, and history event types. Values the recorder normalised (ARNs, dates,
 * ...) are wildcards. Events of concurrent branches are compared as a multiset, as the README
 * advises, since their interleaving differs from run to run.
 *
 * JSONPath cases are reported, not required: the engine refuses JSONPath ("JSONPath is not
 * supported yet") except the states whose meaning is the same in JSONata; those run and are
 * checked too.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ExecutionResult, runExecution } from '../../engine/index.ts';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpusDir = resolve(projectRoot, '..', 'shared', 'conformance', 'aws-recorded');
if (!existsSync(corpusDir)) {
  throw new Error(
    `The AWS-recorded conformance corpus is missing: expected it at ${corpusDir} (the project's ../shared/conformance/aws-recorded). It is required; check out the shared folder beside the project.`,
  );
}

type Case = {
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

const cases: Case[] = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(resolve(corpusDir, f), 'utf8')) as Case);

/**
 * JSONata (or mixed) cases that do not match AWS, each with the reason. Every entry is checked to
 * still differ, so a fix has to remove it from this list.
 */
const jsonataExclusions: Record<string, string> = {};

/** JSONPath cases the engine runs (path-free states) but that do not match, with the reason. */
const jsonPathExclusions: Record<string, string> = {
  'scenarios/test_parallel_state/PARALLEL_STATE':
    "Recorder artefact: LocalStack's Parallel event re-sorting drops ParallelStateSucceeded, which AWS emits (and the engine does).",
  'scenarios/test_parallel_state_order/default':
    "Recorder artefact: LocalStack's Parallel event re-sorting drops ParallelStateSucceeded, which AWS emits (and the engine does).",
};

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

type Verdict = { matches: boolean; differences: string[] };

function compare(c: Case, result: ExecutionResult): Verdict {
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
  if (e.eventTypes !== null) {
    const actual = result.events.map((ev) => ev.type as string);
    const same = orderFree(c)
      ? JSON.stringify(sorted(actual)) === JSON.stringify(sorted(e.eventTypes))
      : JSON.stringify(actual) === JSON.stringify(e.eventTypes);
    if (!same) differences.push(`events ${actual.join(',')} (expected ${e.eventTypes.join(',')})`);
  }
  return { matches: differences.length === 0, differences };
}

function runCase(c: Case): Promise<ExecutionResult> {
  return runExecution(c.definition, c.input, {
    timeScale: 0,
    now: () => new Date('2024-05-01T10:00:00Z'),
    random: () => 0.5,
  });
}

const jsonataCases = cases.filter((c) => c.queryLanguage !== 'JSONPath');
const jsonPathCases = cases.filter((c) => c.queryLanguage === 'JSONPath');

describe('conformance with AWS-recorded executions (JSONata and mixed)', () => {
  it('finds the JSONata cases of the corpus', () => {
    expect(jsonataCases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(jsonataCases.map((c) => [c.id, c] as const))('matches AWS on %s', async (id, c) => {
    const verdict = compare(c, await runCase(c));
    if (id in jsonataExclusions) {
      expect(verdict.matches, `${id} is listed as an exclusion but now matches: remove it`).toBe(
        false,
      );
    } else {
      expect(verdict.differences).toStrictEqual([]);
    }
  });

  it('matches at least 95% of the JSONata cases exactly', async () => {
    let matched = 0;
    for (const c of jsonataCases) if (compare(c, await runCase(c)).matches) matched++;
    const rate = matched / jsonataCases.length;
    process.stdout.write(
      `conformance: ${matched}/${jsonataCases.length} JSONata/mixed cases match AWS (${(rate * 100).toFixed(1)}%), ${Object.keys(jsonataExclusions).length} excluded\n`,
    );
    expect(rate).toBeGreaterThanOrEqual(0.95);
  });
});

describe('conformance: JSONPath cases (reported, not required)', () => {
  it('refuses each JSONPath case cleanly or runs it as AWS did', async () => {
    let refused = 0;
    let matched = 0;
    const unexpected: string[] = [];
    for (const c of jsonPathCases) {
      const result = await runCase(c);
      if (result.error === 'InvalidDefinition') {
        if (result.cause?.includes('JSONPath is not supported yet')) refused++;
        else unexpected.push(`${c.id}: refused for another reason: ${result.cause}`);
        continue;
      }
      const verdict = compare(c, result);
      if (c.id in jsonPathExclusions) {
        // The recorder dropped ParallelStateSucceeded: without it the run must match exactly.
        const events = result.events.filter((e) => e.type !== 'ParallelStateSucceeded');
        if (verdict.matches || !compare(c, { ...result, events }).matches) {
          unexpected.push(`${c.id}: no longer differs only by the recorder artefact`);
        }
      } else if (verdict.matches) matched++;
      else unexpected.push(`${c.id}: ${verdict.differences.join('; ')}`);
    }
    process.stdout.write(
      `conformance: JSONPath ${jsonPathCases.length} cases: ${refused} refused ("JSONPath is not supported yet"), ${matched} run and match AWS, ${Object.keys(jsonPathExclusions).length} run with a known recorder artefact\n`,
    );
    expect(unexpected).toStrictEqual([]);
  });
});
