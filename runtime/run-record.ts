/**
 * A local run's record, kept under `<stateDir>/runs/<execution name>/` (contracts/run-record.ts):
 * record.json, history.json and the definition it ran. Each file is written to a temporary file
 * and renamed, so a reader never sees half a file and a crash never leaves a truncated one.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUNS_FOLDER, RunFiles, type RunRecord } from '../contracts/run-record.ts';
import type { ExecutionResult, MapRunChildResult } from '../engine/api.ts';
import { writeReport } from '../report/index.ts';
import type { Workflow } from '../workflows/registry.ts';
import { projectRoot } from './project-root.ts';
import type { LocalRunLocations, LocalRunOptions } from './types.ts';

export const runFolder = (stateDir: string, executionName: string): string =>
  join(stateDir, RUNS_FOLDER, executionName);

/** Writes `text` to `file` through a temporary file in the same folder and a rename. */
export function writeFileAtomic(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

const isoOf = (value: unknown): string | undefined =>
  value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : undefined;

export type RunToRecord = {
  options: Pick<LocalRunOptions, 'input' | 'definitionFile'>;
  workflow: Workflow;
  executionName: string;
  /** The definition's text, as loaded. */
  definition: string;
  result: ExecutionResult;
  locations: LocalRunLocations;
  /** A nested run: the execution whose task started it. */
  parentExecutionArn?: string;
  /** The nested runs it started (recorded beside it). */
  children?: RunRecord['children'];
  /** Its own Distributed Map children (`map-runs.json`). */
  mapRunChildren?: readonly MapRunChildResult[];
};

/** Writes the run's folder; returns it. */
export function writeRunRecord(run: RunToRecord): string {
  const { result, locations } = run;
  const folder = runFolder(locations.stateDir, run.executionName);
  mkdirSync(folder, { recursive: true });
  const record: RunRecord = {
    version: 1,
    workflow: run.workflow.name,
    executionName: run.executionName,
    executionArn: result.executionArn,
    status: result.status,
    input: run.options.input,
    ...(result.output !== undefined ? { output: result.output } : {}),
    ...(result.error !== undefined ? { error: result.error } : {}),
    ...(result.cause !== undefined ? { cause: result.cause } : {}),
    ...optional('startDate', isoOf(result.events[0]?.timestamp)),
    ...optional('stopDate', isoOf(result.events.at(-1)?.timestamp)),
    definitionFile:
      run.options.definitionFile ??
      join(
        projectRoot,
        'asl-snapshots',
        run.workflow.snapshots[0]?.file ?? `${run.workflow.name}.asl.json`,
      ),
    stateDir: locations.stateDir,
    s3Directory: locations.s3Directory,
    dataBucket: locations.dataBucket,
    clusters: locations.clusters ?? [],
    billableTransitions: result.billableTransitions,
    events: result.events.length,
    ...(run.parentExecutionArn ? { parentExecutionArn: run.parentExecutionArn } : {}),
    ...(run.children && run.children.length > 0 ? { children: run.children } : {}),
  };
  writeFileAtomic(join(folder, RunFiles.definition), run.definition);
  writeFileAtomic(join(folder, RunFiles.history), JSON.stringify(result.events));
  if (run.mapRunChildren && run.mapRunChildren.length > 0) {
    writeFileAtomic(join(folder, RunFiles.mapRuns), JSON.stringify(run.mapRunChildren));
  }
  // The record last: its presence means the folder is complete.
  writeFileAtomic(join(folder, RunFiles.record), `${JSON.stringify(record, null, 2)}\n`);
  return folder;
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/**
 * For runLocal: records the run and its nested runs (`nested`, each in its own folder beside it,
 * parent and children naming each other) and writes their reports (setting `locations.report`),
 * logging (never throwing) when it cannot. Every record is written before any report, so each
 * report links to the others' reports.
 */
export function recordRun(
  run: RunToRecord,
  log: (line: string) => void,
  nested: readonly RunToRecord[] = [],
): string | undefined {
  const written: Array<[RunToRecord, string]> = [];
  for (const one of [...nested, run]) {
    try {
      written.push([one, writeRunRecord(one)]);
    } catch (error) {
      const what = one === run ? 'run record' : `nested run record of ${one.executionName}`;
      log(`${what}: not written (${(error as Error).message})`);
    }
  }
  const own = written.find(([one]) => one === run)?.[1];
  if (own) log(`run record: ${own}`);
  for (const [one, folder] of written) {
    try {
      const report = writeReport(folder);
      if (one === run) {
        run.locations.report = report;
        log(`run report: ${report}`);
      } else log(`nested run report: ${report}`);
    } catch (error) {
      const what = one === run ? 'run report' : `nested run report of ${one.executionName}`;
      log(
        `${what}: not written (${(error as Error).message}); npm run report -- ${one.executionName} retries`,
      );
    }
  }
  return own;
}
