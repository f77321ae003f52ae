/**
 * `npm run runs -- show <execution>`: one run in the terminal, from its report model
 * (report/model.ts): who and when, why it failed first, the input in short, the states it
 * entered, its nested runs, its tickers, the model's headline and where its report is.
 */
import type { RunRecord } from '../contracts/run-record.ts';
import type { ReportModel } from '../report/index.ts';
import { formatDuration, sanitize } from './progress/format.ts';
import { readableCause } from './report.ts';
import { formatTickers, metricsHeadline, type TickerCounts, tickerCounts } from './summary.ts';

export type RunDetail = {
  workflow: string;
  executionName: string;
  executionArn: string;
  status: string;
  startDate?: string;
  stopDate?: string;
  durationSeconds?: number;
  /** The input in one line (cli/run-detail.ts `summarizeInput`); `input` has all of it. */
  inputSummary: string;
  input: unknown;
  /** A run that did not succeed: where and why. */
  failure?: { state?: string; error?: string; cause?: string; causeSummary?: string };
  /** The states it entered, in definition order (inner states name their Map or Parallel). */
  states: Array<{
    name: string;
    type: string;
    parent?: string;
    status: string;
    entries: number;
    retries: number;
    caught: number;
    durationMs: number;
  }>;
  /** Executions its startExecution tasks started. */
  children: Array<{
    state: string;
    executionArn: string;
    name: string;
    status?: string;
    error?: string;
  }>;
  parentExecutionArn?: string;
  /** From the download Map's iterations (`history`), else the output's counts (`output`). */
  tickers?: TickerCounts & { source: 'history' | 'output' };
  metrics?: Record<string, number>;
  /** The report's path, when it is written. */
  report?: string;
  /** Why there is no report path, and how to get one. */
  reportNote?: string;
};

const INPUT_MAX = 200;

/** `date=2026-12-04, tickers=[3] AAPL, MSFT, NVDA, provider=synthetic` */
export function summarizeInput(input: unknown): string {
  const value = (v: unknown): string => {
    if (typeof v === 'string') return v.length > 40 ? `${v.slice(0, 40)}… (${v.length})` : v;
    if (Array.isArray(v)) {
      const shown = v
        .slice(0, 5)
        .map((x) => (typeof x === 'string' ? value(x) : JSON.stringify(x)));
      return `[${v.length}] ${shown.join(', ')}${v.length > 5 ? ', …' : ''}`.trimEnd();
    }
    if (v !== null && typeof v === 'object') return `{${Object.keys(v).length} keys}`;
    return JSON.stringify(v) ?? 'undefined';
  };
  const text =
    input !== null && typeof input === 'object' && !Array.isArray(input)
      ? Object.entries(input as Record<string, unknown>)
          .map(([k, v]) => `${k}=${value(v)}`)
          .join(', ') || '{}'
      : value(input);
  return text.length > INPUT_MAX ? `${text.slice(0, INPUT_MAX)}…` : text;
}

export function runDetailOf(options: {
  record: Pick<RunRecord, 'input' | 'output' | 'parentExecutionArn'>;
  model: ReportModel;
  metrics?: Record<string, number>;
  report?: string;
  reportNote?: string;
}): RunDetail {
  const { model, record } = options;
  const r = model.record;
  const rows = model.tickers?.rows;
  const fromOutput = tickerCounts(record.output);
  const tickers: RunDetail['tickers'] = rows
    ? {
        ok: rows.filter((t) => t.status !== 'failed' && t.status !== 'empty').length,
        empty: rows.filter((t) => t.status === 'empty').length,
        failed: rows.filter((t) => t.status === 'failed').length,
        source: 'history',
      }
    : fromOutput
      ? { ...fromOutput, source: 'output' }
      : undefined;
  const failed = r.status !== 'SUCCEEDED' && r.status !== ('RUNNING' as string);
  return {
    workflow: r.workflow,
    executionName: r.executionName,
    executionArn: r.executionArn,
    status: r.status,
    ...(r.startDate ? { startDate: r.startDate } : {}),
    ...(r.stopDate ? { stopDate: r.stopDate } : {}),
    ...(r.durationMs !== undefined && r.stopDate ? { durationSeconds: r.durationMs / 1000 } : {}),
    inputSummary: summarizeInput(record.input),
    input: record.input,
    ...(failed
      ? {
          failure: {
            ...(model.failedState ? { state: model.failedState } : {}),
            ...(r.error ? { error: r.error } : {}),
            ...(r.cause ? { cause: r.cause } : {}),
            ...(r.causeSummary && r.causeSummary !== r.cause
              ? { causeSummary: r.causeSummary }
              : {}),
          },
        }
      : {}),
    states: model.states
      .filter((s) => s.entries > 0)
      .map((s) => ({
        name: s.name,
        type: s.type,
        ...(s.parent ? { parent: s.parent } : {}),
        status: s.status,
        entries: s.entries,
        retries: s.retries,
        caught: s.caught,
        durationMs: s.durationMs,
      })),
    children: (model.children ?? []).map(({ href: _href, ...c }) => c),
    ...(record.parentExecutionArn ? { parentExecutionArn: record.parentExecutionArn } : {}),
    ...(tickers ? { tickers } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.report ? { report: options.report } : {}),
    ...(options.reportNote ? { reportNote: options.reportNote } : {}),
  };
}

const time = (iso: string | undefined) =>
  iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-';

export function formatRunDetail(d: RunDetail): string[] {
  const duration =
    d.durationSeconds !== undefined ? ` in ${formatDuration(d.durationSeconds * 1000)}` : '';
  const lines = [`${d.status}${duration} · ${d.workflow} · ${d.executionName}`];
  const row = (label: string, value: string | undefined) => {
    if (value !== undefined && value !== '') lines.push(`  ${label.padEnd(13)} ${sanitize(value)}`);
  };
  if (d.failure) {
    row('failed state', d.failure.state);
    row('error', d.failure.error);
    if (d.failure.cause !== undefined) {
      const text = d.failure.causeSummary ?? readableCause(d.failure.cause);
      const cause = sanitize(text.length > 600 ? `${text.slice(0, 600)}…` : text, true).split('\n');
      row('cause', cause[0]);
      for (const line of cause.slice(1, 6)) lines.push(`  ${''.padEnd(13)} ${line}`);
      if (cause.length > 6) lines.push(`  ${''.padEnd(13)} …`);
    }
  }
  row('execution', d.executionArn);
  row('parent', d.parentExecutionArn);
  row('started', time(d.startDate));
  row('stopped', d.stopDate ? time(d.stopDate) : 'still running');
  row('input', d.inputSummary);
  if (d.tickers) row('tickers', formatTickers(d.tickers));
  if (d.metrics) row('metrics', metricsHeadline(d.metrics));
  for (const c of d.children) {
    row(
      'nested run',
      `${c.state} → ${c.name} ${c.status ?? 'started'}${c.error ? ` (${c.error})` : ''}`,
    );
  }
  row('report', d.report ?? d.reportNote);
  if (d.states.length > 0) {
    lines.push('  states entered:');
    const label = (s: RunDetail['states'][number]) => `${s.parent ? '  ' : ''}${s.name}`;
    const width = Math.max(...d.states.map((s) => label(s).length));
    const typeWidth = Math.max(...d.states.map((s) => s.type.length));
    for (const s of d.states) {
      const extras = [
        s.entries > 1 ? `×${s.entries}` : '',
        s.retries > 0 ? `↻${s.retries}` : '',
        s.caught > 0 ? `${s.caught} caught` : '',
      ].filter(Boolean);
      lines.push(
        `    ${label(s).padEnd(width)}  ${s.type.padEnd(typeWidth)}  ${s.status.padEnd(11)} ${formatDuration(s.durationMs).padStart(6)}${extras.length ? `  ${extras.join(' ')}` : ''}`.trimEnd(),
      );
    }
  }
  return lines;
}
