/**
 * The run report: one self-contained HTML file per execution (`<stateDir>/runs/<execution>/
 * report.html`). The page carries the report model as JSON and one inlined script, bundled here
 * with esbuild from report/browser/ (dagre and chart.js included), so it opens from disk and makes
 * no network request.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildSync } from 'esbuild';
import { RunFiles, type RunRecord } from '../contracts/run-record.ts';
import { clusterUsageOf } from './cost.ts';
import {
  buildReportModel,
  childExecutionsOf,
  type HistoryEventLike,
  type NestedRunData,
  type ReportModel,
} from './model.ts';
import { REPORT_CSS } from './style.ts';

const bundles = new Map<string, string>();

/** A browser script of report/browser/ (`main.ts`: the run report), bundled once per process (about 0.3 s). */
export function browserBundle(entry = 'main.ts'): string {
  let bundle = bundles.get(entry);
  if (bundle === undefined) {
    const result = buildSync({
      entryPoints: [join(import.meta.dirname, 'browser', entry)],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      minify: true,
      legalComments: 'none',
      logLevel: 'silent',
    });
    bundle = result.outputFiles[0]?.text ?? '';
    bundles.set(entry, bundle);
  }
  return bundle;
}

export const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
  );

/** JSON safe inside a <script> element. */
export const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

export function renderReport(model: ReportModel): string {
  return renderPage(model.title, model, 'main.ts');
}

/**
 * A self-contained page: `data` as JSON in `#report-data` and the bundled `entry` of
 * report/browser/ inlined; its Content-Security-Policy allows no request.
 */
export function renderPage(title: string, data: unknown, entry: string): string {
  const script = browserBundle(entry).replace(/<\/(script)/gi, '<\\/$1');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<noscript>This report draws its panels with JavaScript.</noscript>
<div id="app"></div>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${script}</script>
</body>
</html>
`;
}

/** s3://bucket/key -> where s3rver keeps the object's bytes under `s3Directory`. */
export function localObjectFile(s3Directory: string, uri: string): string | undefined {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!m?.[1] || !m[2]) return undefined;
  return join(s3Directory, m[1], `${m[2]}._S3rver_object`);
}

/** Where the run's metrics.json is: the output's `metrics`, `<modelPrefix>metrics.json`, or models/<execution>/. */
export function metricsUriOf(record: RunRecord): string {
  const output = (record.output ?? {}) as Record<string, unknown>;
  if (typeof output.metrics === 'string' && output.metrics.startsWith('s3://'))
    return output.metrics;
  if (typeof output.modelPrefix === 'string') {
    return `${output.modelPrefix.replace(/\/+$/, '')}/metrics.json`;
  }
  return `s3://${record.dataBucket}/models/${record.executionName}/metrics.json`;
}

/** The report model of the run recorded in `folder` (contracts/run-record.ts). */
export function reportModelOf(folder: string): ReportModel {
  const read = (file: string) => readFileSync(join(folder, file), 'utf8');
  const record = JSON.parse(read(RunFiles.record)) as RunRecord;
  const events = JSON.parse(read(RunFiles.history)) as HistoryEventLike[];
  const definition = JSON.parse(read(RunFiles.definition));
  const uri = metricsUriOf(record);
  const file = localObjectFile(record.s3Directory, uri);
  const metrics =
    file && existsSync(file) ? { text: readFileSync(file, 'utf8'), source: uri } : undefined;
  // An AWS run keeps its clusters' descriptions beside its record; a local run has the ledger.
  const clusters = clustersOf(folder, record);
  return buildReportModel({
    definition,
    events,
    record,
    clusters,
    nestedRuns: nestedRunsOf(folder, record),
    reportHrefs: neighbourReports(folder, record, events),
    ...(existsSync(join(folder, RunFiles.mapRuns))
      ? { mapRunChildren: JSON.parse(read(RunFiles.mapRuns)) }
      : {}),
    ...(record.costNotes ? { costNotes: record.costNotes } : {}),
    ...(metrics ? { metrics } : { metricsNote: `no metrics.json at ${uri}` }),
  });
}

/** The clusters of a run, from its own descriptions (AWS) or the ledger of its state folder. */
function clustersOf(folder: string, record: RunRecord) {
  const own = join(folder, RunFiles.clusters);
  const ledger = existsSync(own) ? own : join(record.stateDir, 'emr', 'clusters.json');
  return existsSync(ledger)
    ? clusterUsageOf(
        JSON.parse(readFileSync(ledger, 'utf8')),
        record.clusters.map((c) => c.id),
      )
    : [];
}

/** The nested runs recorded beside this one (same `runs/` folder), with what the report reads. */
export function nestedRunsOf(folder: string, record: RunRecord): NestedRunData[] {
  return (record.children ?? []).flatMap((child): NestedRunData[] => {
    const neighbour = join(dirname(folder), child.name);
    try {
      const read = (file: string) => readFileSync(join(neighbour, file), 'utf8');
      const other = JSON.parse(read(RunFiles.record)) as RunRecord;
      if (other.executionArn !== child.executionArn) return [];
      return [
        {
          executionArn: other.executionArn,
          name: other.executionName,
          status: other.status,
          events: JSON.parse(read(RunFiles.history)) as HistoryEventLike[],
          ...(existsSync(join(neighbour, RunFiles.mapRuns))
            ? { mapRunChildren: JSON.parse(read(RunFiles.mapRuns)) }
            : {}),
          billableTransitions: other.billableTransitions,
          clusters: clustersOf(neighbour, other),
          ...(other.error !== undefined ? { error: other.error } : {}),
          ...(other.cause !== undefined ? { cause: other.cause } : {}),
        },
      ];
    } catch {
      // Not recorded here (or unreadable): the report links to it by name only.
      return [];
    }
  });
}

/**
 * The reports of this run's parent and nested runs that are recorded beside it (same `runs/`
 * folder, a record with that execution ARN): execution ARN -> `../<name>/report.html`.
 */
export function neighbourReports(
  folder: string,
  record: RunRecord,
  events: HistoryEventLike[],
): Record<string, string> {
  const arns = new Set([
    ...childExecutionsOf(events).map((c) => c.executionArn),
    ...(record.children ?? []).map((c) => c.executionArn),
    ...(record.parentExecutionArn ? [record.parentExecutionArn] : []),
  ]);
  const hrefs: Record<string, string> = {};
  for (const arn of arns) {
    const name = arn.split(':').at(-1) ?? '';
    const neighbour = join(dirname(folder), name);
    try {
      const other = JSON.parse(readFileSync(join(neighbour, RunFiles.record), 'utf8')) as RunRecord;
      if (other.executionArn === arn) {
        hrefs[arn] = `../${encodeURIComponent(name)}/${RunFiles.report}`;
      }
    } catch {
      // Not recorded here.
    }
  }
  return hrefs;
}
