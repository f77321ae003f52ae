/**
 * `npm run runs` and `npm run report -- <execution>`: the local runs recorded under
 * `<stateDir>/runs/` (contracts/run-record.ts), listed, and one run's HTML report rebuilt.
 * An AWS execution is listed once `npm run report -- --target aws <ARN>` recorded it (cli/report-aws.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { RUNS_FOLDER, RunFiles, type RunRecord } from '../contracts/run-record.ts';
import { localObjectFile, metricsUriOf } from '../report/html.ts';
import {
  recordedRuns,
  reportModelOf,
  writeCompare,
  writeReportWithNested,
} from '../report/index.ts';
import { projectRoot } from '../runtime/project-root.ts';
import { parseUserArgs } from './args/commander.ts';
import { ExitCode } from './errors.ts';
import type { Io } from './io.ts';
import { formatDuration } from './progress/format.ts';
import { formatRunDetail, type RunDetail, runDetailOf } from './run-detail.ts';
import {
  formatTickers,
  metricsHeadline,
  parseMetrics,
  type TickerCounts,
  tickerCounts,
} from './summary.ts';

export const defaultStateDir = join(projectRoot, '.local');

export type RunListing = {
  executionName: string;
  /** Absent in records written before it was listed. */
  executionArn?: string;
  workflow: string;
  status: RunRecord['status'];
  startDate?: string;
  stopDate?: string;
  durationSeconds?: number;
  error?: string;
  /** The output's ticker counts (`tickers: { ok, empty, failed }`), when it has them. */
  tickers?: TickerCounts;
  /** metrics.json's headline figures, when the run trained a model. */
  metrics?: Record<string, number>;
  report?: string;
  /** The run's folder under `<stateDir>/runs/` (a local listing only). */
  folder?: string;
};

/** The recorded runs, newest first; folders without a readable record.json are skipped. */
export function listRuns(stateDir: string): RunListing[] {
  const root = join(stateDir, RUNS_FOLDER);
  if (!existsSync(root)) return [];
  const runs: RunListing[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = join(root, entry.name);
    let record: RunRecord;
    try {
      record = JSON.parse(readFileSync(join(folder, RunFiles.record), 'utf8')) as RunRecord;
    } catch {
      continue;
    }
    const start = record.startDate ? Date.parse(record.startDate) : Number.NaN;
    const stop = record.stopDate ? Date.parse(record.stopDate) : Number.NaN;
    const metricsFile = localObjectFile(record.s3Directory, metricsUriOf(record));
    const metrics =
      metricsFile && existsSync(metricsFile)
        ? parseMetrics(readFileSync(metricsFile, 'utf8'))
        : undefined;
    const report = join(folder, RunFiles.report);
    const tickers = tickerCounts(record.output);
    runs.push({
      executionName: record.executionName,
      ...(record.executionArn ? { executionArn: record.executionArn } : {}),
      workflow: record.workflow,
      status: record.status,
      ...(record.startDate ? { startDate: record.startDate } : {}),
      ...(record.stopDate ? { stopDate: record.stopDate } : {}),
      ...(Number.isFinite(stop - start) ? { durationSeconds: (stop - start) / 1000 } : {}),
      ...(record.error ? { error: record.error } : {}),
      ...(tickers ? { tickers } : {}),
      ...(metrics ? { metrics } : {}),
      ...(existsSync(report) ? { report } : {}),
      folder,
    });
  }
  return runs.sort((a, b) => (b.startDate ?? '').localeCompare(a.startDate ?? ''));
}

/** The listing as a table; `-` where a run has no figure (no ticker counts, no metrics, still running). */
export function formatRuns(runs: RunListing[], none = 'no local runs recorded'): string[] {
  if (runs.length === 0) return [none];
  const rows = runs.map((r) => [
    r.startDate?.replace('T', ' ').replace(/\.\d+Z$/, 'Z') ?? '?',
    r.status,
    r.durationSeconds !== undefined ? formatDuration(r.durationSeconds * 1000) : '-',
    r.workflow,
    r.executionName,
    r.tickers ? formatTickers(r.tickers) : '-',
    r.metrics ? metricsHeadline(r.metrics) : (r.error ?? '-'),
  ]);
  const header = ['START', 'STATUS', 'DURATION', 'WORKFLOW', 'EXECUTION', 'TICKERS', 'HEADLINE'];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  return [header, ...rows].map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function program(name: string, io: Io): Command {
  return new Command(name)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .option('--state-dir <path>', 'where the local runtime keeps its state (default .local)');
}

/** `npm run runs [-- --json] [--state-dir <path>] [--limit <n>]`, or `-- show <execution>` */
export function runsMain(argv: string[], io: Io): number {
  if (argv[0] === 'show') return showMain(argv.slice(1), io);
  const cmd = program('runs', io)
    .description(
      "List recent local runs (newest first); --target aws lists the deployed state machines' executions.",
    )
    .option('--json', 'print the runs as a JSON array')
    .option('--limit <n>', 'at most this many runs (default 20)', '20')
    .option(
      '--target <target>',
      'local (default), or aws: the deployed state machines (cli/runs-aws.ts)',
    );
  const exit = parseUserArgs(cmd, argv);
  if (exit !== undefined) return exit;
  const opts = cmd.opts<{ stateDir?: string; json?: boolean; limit: string; target?: string }>();
  if (opts.target !== undefined && opts.target !== 'local') {
    io.stderr.write(`runs: --target must be local or aws, got '${opts.target}'\n`);
    return ExitCode.Usage;
  }
  const limit = Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    io.stderr.write(`runs: --limit must be a positive integer, got '${opts.limit}'\n`);
    return ExitCode.Usage;
  }
  const runs = listRuns(resolve(opts.stateDir ?? defaultStateDir)).slice(0, limit);
  if (opts.json) io.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
  else for (const line of formatRuns(runs)) io.stdout.write(`${line}\n`);
  return ExitCode.Succeeded;
}

/**
 * `npm run report -- <execution name> [--state-dir <path>]`: rebuilds the report (and those of its
 * nested runs recorded beside it), prints its path.
 * `npm run report -- --compare [workflow] [--limit <n>]`: writes the comparison page of the
 * workflow's recent runs (default: the newest run's workflow), prints its path.
 */
export function reportMain(argv: string[], io: Io): number {
  const cmd = program('report', io)
    .description(
      "Rebuild a local run's HTML report, or with --compare the page comparing a workflow's recent runs, and print its path. Local target only.",
    )
    .argument('[execution]', 'the execution name (see npm run runs)')
    .option(
      '--compare [workflow]',
      "compare the workflow's recent runs (default: the newest run's workflow)",
    )
    .option('--limit <n>', 'with --compare: at most this many runs (default 20)', '20');
  const exit = parseUserArgs(cmd, argv);
  if (exit !== undefined) return exit;
  const opts = cmd.opts<{ stateDir?: string; compare?: string | true; limit: string }>();
  const stateDir = resolve(opts.stateDir ?? defaultStateDir);
  if (opts.compare !== undefined) return compareMain(stateDir, opts.compare, opts.limit, io);
  const name = cmd.args[0];
  if (name === undefined) {
    io.stderr.write('report: name an execution (see npm run runs), or pass --compare [workflow]\n');
    return ExitCode.Usage;
  }
  const folder = join(stateDir, RUNS_FOLDER, name);
  if (!existsSync(join(folder, RunFiles.record))) {
    io.stderr.write(`report: ${noRecordedRun(stateDir, name)}\n`);
    return ExitCode.Failed;
  }
  try {
    io.stdout.write(`${writeReportWithNested(folder)}\n`);
    return ExitCode.Succeeded;
  } catch (error) {
    io.stderr.write(`report: ${(error as Error).message}\n`);
    return ExitCode.Failed;
  }
}

function compareMain(stateDir: string, compare: string | true, limitText: string, io: Io): number {
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < 1) {
    io.stderr.write(`report: --limit must be a positive integer, got '${limitText}'\n`);
    return ExitCode.Usage;
  }
  const workflow = compare === true ? recordedRuns(stateDir)[0]?.[1].workflow : compare;
  const runs = workflow === undefined ? [] : recordedRuns(stateDir, workflow);
  if (workflow === undefined || runs.length === 0) {
    const known = [...new Set(recordedRuns(stateDir).map(([, r]) => r.workflow))];
    io.stderr.write(
      `report: no recorded local runs${workflow ? ` of '${workflow}'` : ''} under ${join(stateDir, RUNS_FOLDER)}${known.length ? ` (workflows: ${known.join(', ')})` : ''}\n`,
    );
    return ExitCode.Failed;
  }
  try {
    io.stdout.write(`${writeCompare(stateDir, workflow, limit)}\n`);
    return ExitCode.Succeeded;
  } catch (error) {
    io.stderr.write(`report: ${(error as Error).message}\n`);
    return ExitCode.Failed;
  }
}

/** The folder of a recorded run named by its execution name or ARN; undefined if none. */
export function findRunFolder(stateDir: string, execution: string): string | undefined {
  const isArn = execution.startsWith('arn:');
  const name = isArn ? (execution.split(':').at(-1) ?? '') : execution;
  const folder = join(stateDir, RUNS_FOLDER, name);
  try {
    const record = JSON.parse(readFileSync(join(folder, RunFiles.record), 'utf8')) as RunRecord;
    if (!isArn || record.executionArn === execution) return folder;
  } catch {
    // not under that name
  }
  if (!isArn) return undefined;
  return recordedRuns(stateDir).find(([, record]) => record.executionArn === execution)?.[0];
}

/** One recorded run's detail (cli/run-detail.ts). */
export function localRunDetail(folder: string): RunDetail {
  const record = JSON.parse(readFileSync(join(folder, RunFiles.record), 'utf8')) as RunRecord;
  const model = reportModelOf(folder);
  const metricsFile = localObjectFile(record.s3Directory, metricsUriOf(record));
  const metrics =
    metricsFile && existsSync(metricsFile)
      ? parseMetrics(readFileSync(metricsFile, 'utf8'))
      : undefined;
  const report = join(folder, RunFiles.report);
  return runDetailOf({
    record,
    model,
    ...(metrics ? { metrics } : {}),
    ...(existsSync(report)
      ? { report }
      : { reportNote: `not written: npm run report -- ${record.executionName}` }),
  });
}

/** Why `name` cannot be shown or reported: no such run, and the five newest there are. */
function noRecordedRun(stateDir: string, name: string): string {
  const known = listRuns(stateDir)
    .slice(0, 5)
    .map((r) => r.executionName);
  return `no recorded local run '${name}' under ${join(stateDir, RUNS_FOLDER)}${known.length ? ` (recent: ${known.join(', ')})` : ''}`;
}

/** `npm run runs -- show <execution name or ARN> [--json] [--state-dir <path>]` */
function showMain(argv: string[], io: Io): number {
  const cmd = program('runs show', io)
    .description(
      'Show one recorded run: status, failure, input, states, nested runs, tickers, metrics, report.',
    )
    .argument('<execution>', 'the execution name or ARN (see npm run runs)')
    .option('--json', 'print the run as JSON')
    .option('--target <target>', 'local (default), or aws (cli/runs-aws.ts)');
  const exit = parseUserArgs(cmd, argv);
  if (exit !== undefined) return exit;
  const opts = cmd.opts<{ stateDir?: string; json?: boolean; target?: string }>();
  if (opts.target !== undefined && opts.target !== 'local') {
    io.stderr.write(`runs: --target must be local or aws, got '${opts.target}'\n`);
    return ExitCode.Usage;
  }
  const stateDir = resolve(opts.stateDir ?? defaultStateDir);
  const execution = cmd.args[0] as string;
  const folder = findRunFolder(stateDir, execution);
  if (folder === undefined) {
    io.stderr.write(`runs: ${noRecordedRun(stateDir, execution)}\n`);
    return ExitCode.Failed;
  }
  let detail: RunDetail;
  try {
    detail = localRunDetail(folder);
  } catch (error) {
    io.stderr.write(`runs: ${(error as Error).message}\n`);
    return ExitCode.Failed;
  }
  if (opts.json) io.stdout.write(`${JSON.stringify(detail, null, 2)}\n`);
  else for (const line of formatRunDetail(detail)) io.stdout.write(`${line}\n`);
  return ExitCode.Succeeded;
}
