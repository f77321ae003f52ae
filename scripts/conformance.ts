/**
 * `npm run conformance -- <corpus dir>`: runs every execution of the AWS-recorded corpus (CI uses
 * ../shared/conformance/aws-recorded, see its README; it is not part of the project and is never
 * copied into it) on the engine, compares each with what real Step Functions recorded, and prints
 * the figures per query language.
 *
 * Pass criteria:
 * - JSONata and mixed cases (the language the product uses) are required: the corpus holds at
 *   least 40, each matches AWS exactly (status, output or error and cause, event types) unless
 *   listed in `jsonataExclusions` (and then it must still differ), and at least 95% match.
 * - JSONPath cases are required too: each matches AWS exactly unless listed in
 *   `jsonPathExclusions` with its reason (and then it must still differ, and only as the reason
 *   says), and at least 95% match. A JSONPath case that is refused or differs without being listed
 *   is a regression and fails the command; a listed difference does not. Every listed difference
 *   is printed with its reason and the first field that differs.
 *
 * Exit codes: 0 every criterion holds; 1 one does not (each failure is listed); 2 no corpus.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ExecutionResult } from '../engine/index.ts';
import { type Case, compare, loadCases, runCase, type Verdict } from './conformance/cases.ts';

/**
 * JSONata (or mixed) cases that do not match AWS, each with the reason. Every entry is checked to
 * still differ, so a fix has to remove it from this list.
 */
const jsonataExclusions: Record<string, string> = {};

const droppedParallelSucceeded =
  "Recorder artefact: LocalStack's Parallel event re-sorting drops ParallelStateSucceeded, which AWS emits (and the engine does).";

/**
 * JSONPath cases that do not match AWS, each with the reason. Every entry is checked to still
 * differ, and only by ParallelStateSucceeded (the one kind of difference listed today).
 */
const jsonPathExclusions: Record<string, string> = {
  'scenarios/test_parallel_state/PARALLEL_STATE': droppedParallelSucceeded,
  'scenarios/test_parallel_state/PARALLEL_STATE_PARAMETERS': droppedParallelSucceeded,
  'scenarios/test_parallel_state_order/default': droppedParallelSucceeded,
};

const minJsonataCases = 40;
const minJsonataRate = 0.95;
const minJsonPathRate = 0.95;

const args = process.argv.slice(2);
if (args.length !== 1 || !args[0]) {
  process.stderr.write(
    'usage: npm run conformance -- <corpus dir>   (e.g. ../shared/conformance/aws-recorded)\n',
  );
  process.exit(2);
}
const corpusDir = resolve(args[0]);
if (!existsSync(corpusDir) || !statSync(corpusDir).isDirectory()) {
  process.stderr.write(
    `conformance: the corpus folder ${corpusDir} does not exist. It holds the AWS-recorded executions (CI: ../shared/conformance/aws-recorded beside the project); name it: npm run conformance -- <corpus dir>\n`,
  );
  process.exit(2);
}

type Run = { c: Case; result: ExecutionResult; verdict: Verdict; refused: boolean };

const runs: Run[] = [];
for (const c of loadCases(corpusDir)) {
  const result = await runCase(c);
  const refused = result.error === 'InvalidDefinition' && result.events.length === 0;
  runs.push({ c, result, verdict: compare(c, result), refused });
}

const failures: string[] = [];

// JSONata and mixed: required.
const jsonata = runs.filter((r) => r.c.queryLanguage !== 'JSONPath');
if (jsonata.length < minJsonataCases) {
  failures.push(
    `the corpus holds ${jsonata.length} JSONata/mixed cases, fewer than ${minJsonataCases}: is it the right folder?`,
  );
}
for (const { c, verdict } of jsonata) {
  if (c.id in jsonataExclusions) {
    if (verdict.matches)
      failures.push(`${c.id} is listed as an exclusion but now matches: remove it`);
  } else if (!verdict.matches) {
    failures.push(`${c.id}: ${verdict.differences.join('; ')}`);
  }
}
const jsonataMatched = jsonata.filter((r) => r.verdict.matches).length;
const jsonataRate = jsonata.length ? jsonataMatched / jsonata.length : 0;
if (jsonataRate < minJsonataRate) {
  failures.push(
    `${(jsonataRate * 100).toFixed(1)}% of the JSONata/mixed cases match, under ${minJsonataRate * 100}%`,
  );
}

// JSONPath: required; each matches, or differs only as its listed reason says.
const jsonPath = runs.filter((r) => r.c.queryLanguage === 'JSONPath');
const jsonPathDifferences: string[] = [];
for (const { c, result, verdict, refused } of jsonPath) {
  if (c.id in jsonPathExclusions) {
    // The recorder dropped ParallelStateSucceeded: without it the run must match exactly.
    const events = result.events.filter((e) => e.type !== 'ParallelStateSucceeded');
    if (verdict.matches || !compare(c, { ...result, events }).matches) {
      failures.push(`${c.id}: no longer differs only by the recorder artefact: remove it`);
    }
    const first = verdict.differences[0] ?? 'nothing (it matches)';
    const field = first.split(' ')[0];
    const detail = first.length > 140 ? `${first.slice(0, 140)}...` : first;
    jsonPathDifferences.push(
      `${c.id}: first differing field: ${field}\n      reason: ${jsonPathExclusions[c.id]}\n      ${detail}`,
    );
  } else if (refused) {
    failures.push(`${c.id}: refused: ${result.cause}`);
  } else if (!verdict.matches) {
    failures.push(`${c.id}: ${verdict.differences.join('; ')}`);
  }
}
const jsonPathMatched = jsonPath.filter((r) => r.verdict.matches).length;
const jsonPathRate = jsonPath.length ? jsonPathMatched / jsonPath.length : 0;
if (jsonPath.length > 0 && jsonPathRate < minJsonPathRate) {
  failures.push(
    `${(jsonPathRate * 100).toFixed(1)}% of the JSONPath cases match, under ${minJsonPathRate * 100}%`,
  );
}

function row(label: string, group: Run[]): string {
  const ran = group.filter((r) => !r.refused);
  const withEvents = ran.filter((r) => r.verdict.eventsMatch !== undefined);
  const cells = [
    label.padEnd(10),
    String(group.length).padStart(6),
    String(ran.length).padStart(6),
    String(group.length - ran.length).padStart(8),
    `${ran.filter((r) => r.verdict.outputMatches).length}/${ran.length}`.padStart(9),
    `${withEvents.filter((r) => r.verdict.eventsMatch).length}/${withEvents.length}`.padStart(9),
    `${ran.filter((r) => r.verdict.matches).length}/${ran.length}`.padStart(9),
  ];
  return `  ${cells.join('')}`;
}

const out = (line = '') => process.stdout.write(`${line}\n`);
out(`conformance: ${runs.length} AWS-recorded executions from ${corpusDir}`);
out();
out(`  ${'language'.padEnd(10)} cases   ran refused   output   events     both`);
out(
  row(
    'JSONata',
    jsonata.filter((r) => r.c.queryLanguage === 'JSONata'),
  ),
);
out(
  row(
    'mixed',
    jsonata.filter((r) => r.c.queryLanguage === 'mixed'),
  ),
);
out(row('JSONPath', jsonPath));
out(row('total', runs));
out();
out('  output: status, and output or error and cause, as AWS recorded them');
out('  events: the history event types, of the cases that recorded them; both: an exact match');
out('  refused: the engine refuses the definition (InvalidDefinition)');
out();
out(
  `JSONata and mixed (required): ${jsonataMatched}/${jsonata.length} match AWS exactly (${(jsonataRate * 100).toFixed(1)}%), ${Object.keys(jsonataExclusions).length} excluded`,
);
out(
  `JSONPath (required): ${jsonPathMatched}/${jsonPath.length} match AWS exactly (${(jsonPathRate * 100).toFixed(1)}%), ${Object.keys(jsonPathExclusions).length} listed differences`,
);
if (jsonPathDifferences.length > 0) {
  out();
  out(`JSONPath differences (${jsonPathDifferences.length}; case: first differing field):`);
  for (const line of jsonPathDifferences) out(`  ${line}`);
}
if (failures.length > 0) {
  out();
  out(`conformance: FAILED (${failures.length}):`);
  for (const failure of failures) out(`  ${failure}`);
  process.exit(1);
}
out('conformance: OK');
