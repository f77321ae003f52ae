/**
 * A local run's record, kept under `<stateDir>/runs/<execution name>/` (contracts/run-record.ts):
 * record.json, history.json and the definition it ran. Each file is written to a temporary file
 * and renamed, so a reader never sees half a file and a crash never leaves a truncated one.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUNS_FOLDER, RunFiles, type RunRecord } from '../contracts/run-record.ts';
import type { ExecutionResult } from '../engine/api.ts';
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
  };
  writeFileAtomic(join(folder, RunFiles.definition), run.definition);
  writeFileAtomic(join(folder, RunFiles.history), JSON.stringify(result.events));
  // The record last: its presence means the folder is complete.
  writeFileAtomic(join(folder, RunFiles.record), `${JSON.stringify(record, null, 2)}\n`);
  return folder;
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/**
 * For runLocal: records the run and writes its report (setting `locations.report`), logging
 * (never throwing) when it cannot.
 */
export function recordRun(run: RunToRecord, log: (line: string) => void): string | undefined {
  let folder: string;
  try {
    folder = writeRunRecord(run);
  } catch (error) {
    log(`run record: not written (${(error as Error).message})`);
    return undefined;
  }
  log(`run record: ${folder}`);
  try {
    run.locations.report = writeReport(folder);
    log(`run report: ${run.locations.report}`);
  } catch (error) {
    log(
      `run report: not written (${(error as Error).message}); npm run report -- ${run.executionName} retries`,
    );
  }
  return folder;
}
