/**
 * The run report's entry points: `writeReport(folder)` turns a recorded local run
 * (contracts/run-record.ts) into `<folder>/report.html` and returns its path.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RunFiles, type RunRecord } from '../contracts/run-record.ts';
import { renderReport, reportModelOf } from './html.ts';

export { recordedRuns, writeCompare } from './compare.ts';
export { renderReport, reportModelOf } from './html.ts';
export type { ReportModel } from './model.ts';

/**
 * Writes the report of the run in `folder` after those of its nested runs recorded beside it
 * (record.json's `children`, at any depth), so every link between them leads to a report.
 */
export function writeReportWithNested(folder: string, seen = new Set<string>()): string {
  seen.add(folder);
  const record = JSON.parse(readFileSync(join(folder, RunFiles.record), 'utf8')) as RunRecord;
  for (const child of record.children ?? []) {
    const childFolder = join(dirname(folder), child.name);
    if (!seen.has(childFolder) && existsSync(join(childFolder, RunFiles.record))) {
      writeReportWithNested(childFolder, seen);
    }
  }
  return writeReport(folder);
}

export function writeReport(folder: string): string {
  const file = join(folder, RunFiles.report);
  const html = renderReport(reportModelOf(folder));
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, html);
  renameSync(temporary, file);
  return file;
}
