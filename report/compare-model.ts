/**
 * One row per run of the comparison page (report/compare.ts writes it, report/browser/compare.ts
 * draws it), from the run's report model. Pure.
 */
import type { RunRecord } from '../contracts/run-record.ts';
import type { ReportModel } from './model.ts';

export type CompareRow = {
  executionName: string;
  status: RunRecord['status'];
  startDate?: string;
  durationMs?: number;
  tickersOk?: number;
  tickersFailed?: number;
  /** Bars downloaded: the download Lambda's `rows`, summed over the tickers. */
  rows?: number;
  accuracy?: number;
  baselineAccuracy?: number;
  auc?: number;
  costUsd: number;
  /** The run's report, relative to the comparison page. */
  href: string;
};

export type CompareModel = {
  title: string;
  workflow: string;
  /** Newest first. */
  runs: CompareRow[];
};

export const compareFileName = (workflow: string): string =>
  `compare-${workflow.replace(/[^A-Za-z0-9._-]/g, '_')}.html`;

export function compareRowOf(model: ReportModel, href: string): CompareRow {
  const r = model.record;
  const tickers = model.tickers?.rows;
  const m = model.metrics;
  const optional = <K extends keyof CompareRow>(key: K, value: CompareRow[K] | undefined) =>
    value === undefined ? {} : { [key]: value };
  return {
    executionName: r.executionName,
    status: r.status,
    ...optional('startDate', r.startDate),
    ...optional('durationMs', r.durationMs),
    ...(tickers
      ? {
          tickersOk: tickers.filter((t) => t.status !== 'failed').length,
          tickersFailed: tickers.filter((t) => t.status === 'failed').length,
          rows: tickers.reduce((n, t) => n + (t.rows ?? 0), 0),
        }
      : {}),
    ...optional('accuracy', m?.accuracy),
    ...optional('baselineAccuracy', m?.baselineAccuracy),
    ...optional('auc', m?.auc),
    costUsd: model.cost.totalUsd,
    href,
  };
}
