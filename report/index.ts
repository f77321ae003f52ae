/**
 * The run report's entry points: `writeReport(folder)` turns a recorded local run
 * (contracts/run-record.ts) into `<folder>/report.html` and returns its path.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunFiles } from '../contracts/run-record.ts';
import { renderReport, reportModelOf } from './html.ts';

export { recordedRuns, writeCompare } from './compare.ts';
export { renderReport, reportModelOf } from './html.ts';
export type { ReportModel } from './model.ts';

export function writeReport(folder: string): string {
  const file = join(folder, RunFiles.report);
  const html = renderReport(reportModelOf(folder));
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, html);
  renameSync(temporary, file);
  return file;
}
