/**
 * The headline of a successful run from its output: where the data and the model went and the
 * model's metrics. The output shape belongs to the workflow (docs/workflow.md); this reads the
 * documented fields and ignores anything else.
 */
import type { JsonValue } from '../asl/types.ts';
import type { OutputSummary } from './result.ts';

const METRIC_KEYS = [
  'accuracy',
  'baselineAccuracy',
  'baseline_accuracy',
  'auc',
  'precision',
  'recall',
  'rows',
  'tickers',
] as const;

export function summarizeOutput(output: JsonValue | undefined): OutputSummary {
  if (output === null || typeof output !== 'object' || Array.isArray(output)) return {};
  const summary: OutputSummary = {};
  const dataPrefix = findString(output, /^(dataPrefix|rawPrefix)$/);
  const modelPrefix = findString(output, /^(modelPrefix|outputPrefix|modelUri)$/);
  if (dataPrefix) summary.dataPrefix = dataPrefix;
  if (modelPrefix) summary.modelPrefix = modelPrefix;
  const metricsUri = findString(output, /^metrics$/);
  if (metricsUri?.startsWith('s3://')) summary.metricsUri = metricsUri;
  const metrics = findObject(output, 'metrics');
  if (metrics) {
    const headline = pickMetrics(metrics);
    if (Object.keys(headline).length > 0) summary.metrics = headline;
  }
  return summary;
}

/** metrics.json (docs/training.md) -> its headline numbers; `rows` is `{ total, train, test }`. */
/** metrics.json's location: the output's `metrics` URI, else `<modelPrefix>metrics.json`. */
export function metricsLocation(summary: OutputSummary): string | undefined {
  if (summary.metricsUri) return summary.metricsUri;
  return summary.modelPrefix
    ? `${summary.modelPrefix.replace(/\/+$/, '')}/metrics.json`
    : undefined;
}

export function parseMetrics(text: string | undefined): Record<string, number> | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as JsonValue;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const headline = pickMetrics(value);
    return Object.keys(headline).length > 0 ? headline : undefined;
  } catch {
    return undefined;
  }
}

export function pickMetrics(metrics: { [key: string]: JsonValue }): Record<string, number> {
  const headline: Record<string, number> = {};
  for (const key of METRIC_KEYS) {
    const value = metrics[key];
    if (typeof value === 'number') headline[key] = value;
  }
  const rows = metrics.rows;
  if (rows !== null && typeof rows === 'object' && !Array.isArray(rows)) {
    if (typeof rows.total === 'number') headline.rows = rows.total;
    if (typeof rows.test === 'number') headline.testRows = rows.test;
  }
  return headline;
}

/** "accuracy 0.541 (baseline 0.507), AUC 0.552, 7800 rows, 20 tickers" */
export function metricsHeadline(metrics: Record<string, number>): string {
  const parts: string[] = [];
  const fixed = (value: number) => value.toFixed(3);
  const baseline = metrics.baselineAccuracy ?? metrics.baseline_accuracy;
  if (metrics.accuracy !== undefined) {
    parts.push(
      `accuracy ${fixed(metrics.accuracy)}${baseline !== undefined ? ` (baseline ${fixed(baseline)})` : ''}`,
    );
  }
  if (metrics.auc !== undefined) parts.push(`AUC ${fixed(metrics.auc)}`);
  if (metrics.rows !== undefined) {
    parts.push(
      `${metrics.rows} rows${metrics.testRows !== undefined ? ` (${metrics.testRows} test)` : ''}`,
    );
  }
  if (metrics.tickers !== undefined) parts.push(`${metrics.tickers} tickers`);
  return parts.join(', ');
}

type JsonRecord = { [key: string]: JsonValue };

/** Breadth-first over nested objects, so a top-level field wins over a nested one. */
function walk(root: JsonRecord, visit: (key: string, value: JsonValue) => boolean): void {
  const queue: JsonRecord[] = [root];
  for (let depth = 0; queue.length > 0 && depth < 200; depth += 1) {
    const node = queue.shift() as JsonRecord;
    for (const [key, value] of Object.entries(node)) {
      if (visit(key, value)) return;
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) queue.push(value);
    }
  }
}

function findString(root: JsonRecord, key: RegExp): string | undefined {
  let found: string | undefined;
  walk(root, (name, value) => {
    if (key.test(name) && typeof value === 'string') found = value;
    return found !== undefined;
  });
  return found;
}

function findObject(root: JsonRecord, key: string): JsonRecord | undefined {
  let found: JsonRecord | undefined;
  walk(root, (name, value) => {
    if (name === key && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      found = value;
    }
    return found !== undefined;
  });
  return found;
}

/** A run's ticker outcome counts, as a workflow's output reports them (docs/workflow.md). */
export type TickerCounts = { ok: number; empty?: number; failed: number };

/** The output's `tickers: { ok, empty, failed }` (the pipeline's and collect-bars'), if it has one. */
export function tickerCounts(output: unknown): TickerCounts | undefined {
  if (output === null || typeof output !== 'object' || Array.isArray(output)) return undefined;
  const t = (output as Record<string, unknown>).tickers;
  if (t === null || typeof t !== 'object' || Array.isArray(t)) return undefined;
  const { ok, empty, failed } = t as Record<string, unknown>;
  if (typeof ok !== 'number' || typeof failed !== 'number') return undefined;
  return { ok, ...(typeof empty === 'number' ? { empty } : {}), failed };
}

/** `97 ok, 2 empty, 1 failed` (empty only when there were any). */
export function formatTickers(t: TickerCounts): string {
  return `${t.ok} ok${t.empty ? `, ${t.empty} empty` : ''}, ${t.failed} failed`;
}
