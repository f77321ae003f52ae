/**
 * `npm run faults`: runs each fault scenario (scenarios.ts) against the local runtime with the
 * real CLI process and prints the table: scenario, what was injected, outcome, clusters leaked,
 * objects lost or corrupted, time to recover. Exits 1 when a row has a problem.
 *
 *   npm run faults                          every scenario, real local Spark (a few minutes)
 *   npm run faults -- --spark stand-in      the training step's stand-in instead of Spark
 *   npm run faults -- --only kill-during-training,same-name-twice
 *   npm run faults -- --markdown            the table as Markdown (docs/reliability.md)
 *   npm run faults -- --transcripts         each run's output too
 */
import { cpus } from 'node:os';
import { type SparkMode, transcript } from './harness.ts';
import { type Row, runScenario, SCENARIOS } from './scenarios.ts';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const spark = (option('--spark') ?? 'real') as SparkMode;
if (spark !== 'real' && spark !== 'stand-in') {
  process.stderr.write(`faults: --spark must be real or stand-in, got ${spark}\n`);
  process.exit(2);
}
const only = option('--only')?.split(',');
const unknown = only?.filter((id) => !SCENARIOS.some((s) => s.id === id)) ?? [];
if (unknown.length > 0) {
  process.stderr.write(
    `faults: unknown scenario ${unknown.join(', ')} (known: ${SCENARIOS.map((s) => s.id).join(', ')})\n`,
  );
  process.exit(2);
}
const markdown = process.argv.includes('--markdown');
const chosen = SCENARIOS.filter((s) => !only || only.includes(s.id));

const rows: Row[] = [];
for (const scenario of chosen) {
  process.stderr.write(`faults: ${scenario.id} ...\n`);
  const started = Date.now();
  let row: Row;
  try {
    row = await runScenario(scenario, spark);
  } catch (error) {
    row = {
      scenario: scenario.id,
      injected: scenario.injected,
      outcome: 'harness error',
      clustersLeaked: Number.NaN,
      objectsLostOrCorrupted: Number.NaN,
      recoverSeconds: undefined,
      problems: [(error as Error).message],
    };
  }
  rows.push(row);
  process.stderr.write(
    `faults: ${scenario.id}: ${row.problems.length === 0 ? 'ok' : 'PROBLEMS'} (${Math.round((Date.now() - started) / 1000)} s)\n`,
  );
  for (const problem of row.problems) process.stderr.write(`  - ${problem}\n`);
  if (process.argv.includes('--transcripts')) {
    if (row.faultRun) process.stderr.write(`--- faulted run\n${transcript(row.faultRun)}\n`);
    if (row.rerun) process.stderr.write(`--- rerun\n${transcript(row.rerun)}\n`);
  }
}

const header = [
  'scenario',
  'injected',
  'outcome',
  'clusters leaked',
  'objects lost or corrupted',
  'time to recover (s)',
];
const cells = rows.map((r) => [
  r.scenario,
  r.injected,
  r.outcome,
  String(r.clustersLeaked),
  String(r.objectsLostOrCorrupted),
  r.recoverSeconds === undefined ? '-' : r.recoverSeconds.toFixed(1),
]);
const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, spark: ${spark}`;
if (markdown) {
  const line = (c: string[]) => `| ${c.map((x) => x.replaceAll('|', '\\|')).join(' | ')} |`;
  process.stdout.write(
    `${[line(header), line(header.map(() => '---')), ...cells.map(line)].join('\n')}\n\n${new Date().toISOString().slice(0, 10)}, ${machine}\n`,
  );
} else {
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i] ?? 0)).join('  ');
  process.stdout.write(`${[line(header), ...cells.map(line)].join('\n')}\n\n${machine}\n`);
}
process.exitCode = rows.every((r) => r.problems.length === 0) ? 0 : 1;
