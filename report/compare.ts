/**
 * The comparison page of one workflow's recent local runs (`<stateDir>/runs/compare-<workflow>.html`):
 * one row per run (status, start, duration, tickers ok and failed, bars downloaded, accuracy vs
 * baseline, AUC, estimated cost), a chart of accuracy over time against the baseline, and each row
 * linking to its run's report.html, which is written here when it is missing.
 */
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUNS_FOLDER, RunFiles, type RunRecord } from '../contracts/run-record.ts';
import { type CompareModel, compareFileName, compareRowOf } from './compare-model.ts';
import { renderPage, renderReport, reportModelOf } from './html.ts';

export {
  type CompareModel,
  type CompareRow,
  compareFileName,
  compareRowOf,
} from './compare-model.ts';

/** Recorded runs of `workflow` under `<stateDir>/runs/`, newest first: [folder, record]. */
export function recordedRuns(stateDir: string, workflow?: string): Array<[string, RunRecord]> {
  const root = join(stateDir, RUNS_FOLDER);
  if (!existsSync(root)) return [];
  const runs: Array<[string, RunRecord]> = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = join(root, entry.name);
    try {
      const record = JSON.parse(readFileSync(join(folder, RunFiles.record), 'utf8')) as RunRecord;
      if (workflow === undefined || record.workflow === workflow) runs.push([folder, record]);
    } catch {
      // No record (yet): an incomplete folder is not a run.
    }
  }
  return runs.sort((a, b) => (b[1].startDate ?? '').localeCompare(a[1].startDate ?? ''));
}

export function renderCompare(model: CompareModel): string {
  return renderPage(model.title, model, 'compare.ts');
}

/**
 * Writes the comparison page of `workflow`'s `limit` newest runs (and each run's report.html that
 * is missing); returns its path.
 */
export function writeCompare(stateDir: string, workflow: string, limit = 20): string {
  const runs = recordedRuns(stateDir, workflow).slice(0, limit);
  const rows = runs.map(([folder, record]) => {
    const model = reportModelOf(folder);
    const report = join(folder, RunFiles.report);
    if (!existsSync(report)) writeAtomic(report, renderReport(model));
    return compareRowOf(model, `${encodeURIComponent(record.executionName)}/${RunFiles.report}`);
  });
  const file = join(stateDir, RUNS_FOLDER, compareFileName(workflow));
  writeAtomic(
    file,
    renderCompare({ title: `${workflow} · ${rows.length} recent runs`, workflow, runs: rows }),
  );
  return file;
}

function writeAtomic(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}
