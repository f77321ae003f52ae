/**
 * `--from/--to`: one execution per trading day, at most `--concurrency` at once, each with its
 * idempotent name (a rerun attaches to or reports what already ran), and a summary table.
 */
import type { RunSpec } from './args/parse.ts';
import { formatDuration, sanitize } from './progress/format.ts';
import { createLiveView } from './progress/live.ts';
import { exitCodeFor, type RunResult, worstExitCode } from './result.ts';
import type { ExecutionTarget, RunContext } from './target.ts';

export type BackfillSummary = {
  executions: number;
  succeeded: number;
  failed: number;
  timedOutOrAborted: number;
  running: number;
  errors: number;
  notStarted: number;
};

export type BackfillOutcome = {
  results: RunResult[];
  /** Names not started because of Ctrl-C. */
  notStarted: string[];
  summary: BackfillSummary;
  exitCode: number;
};

export async function runBackfill(
  target: ExecutionTarget,
  runs: RunSpec[],
  options: {
    concurrency: number;
    /** --no-wait: a RUNNING execution is a successful start, not a detached follow. */
    wait: boolean;
    now: () => Date;
    interrupt: AbortSignal;
    hardInterrupt: AbortSignal;
    /** Progress lines (start and end of each execution). */
    say: (line: string) => void;
    log: (line: string) => void;
  },
): Promise<BackfillOutcome> {
  const results: Array<RunResult | undefined> = new Array(runs.length);
  const notStarted: string[] = [];
  let next = 0;
  let finished = 0;

  const worker = async () => {
    for (;;) {
      const index = next;
      next += 1;
      const spec = runs[index];
      if (!spec) return;
      if (options.interrupt.aborted) {
        notStarted.push(spec.name);
        continue;
      }
      options.say(`start ${spec.date ?? ''} ${spec.name}`.replace(/ +/g, ' '));
      const view = createLiveView({ mode: 'none', stream: { write: () => {} }, now: options.now });
      const context: RunContext = {
        view,
        interrupt: options.interrupt,
        hardInterrupt: options.hardInterrupt,
        log: (line) => options.log(`${spec.date ?? spec.name}: ${line}`),
      };
      const result = await target.run(spec, context);
      view.stop();
      results[index] = result;
      finished += 1;
      options.say(
        `done  ${spec.date ?? ''} ${result.status}${result.error ? ` ${result.error}` : ''} (${finished}/${runs.length})`.replace(
          / +/g,
          ' ',
        ),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, runs.length) }, worker));

  const done = results.filter((result): result is RunResult => result !== undefined);
  const count = (statuses: string[]) => done.filter((r) => statuses.includes(r.status)).length;
  const summary: BackfillSummary = {
    executions: runs.length,
    succeeded: count(['SUCCEEDED']),
    failed: count(['FAILED']),
    timedOutOrAborted: count(['TIMED_OUT', 'ABORTED']),
    running: count(['RUNNING']),
    errors: count(['ERROR']),
    notStarted: notStarted.length,
  };
  const codes = done.map((result) =>
    !options.wait && result.status === 'RUNNING' ? 0 : exitCodeFor(result.status),
  );
  if (notStarted.length > 0) codes.push(3);
  return { results: done, notStarted, summary, exitCode: worstExitCode(codes) };
}

export function formatBackfillTable(outcome: BackfillOutcome): string[] {
  const header = ['date', 'status', 'duration', 'downloads', 'execution', 'error'];
  const rows = outcome.results.map((result) => [
    result.date ?? '',
    result.status,
    result.durationSeconds !== undefined ? formatDuration(result.durationSeconds * 1000) : '',
    result.downloads
      ? `${result.downloads.succeeded}/${result.downloads.total ?? '?'}${result.downloads.failed ? ` (${result.downloads.failed} failed)` : ''}`
      : '',
    result.name,
    sanitize(result.error ?? result.message ?? ''),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const { summary } = outcome;
  const totals = [
    `${summary.succeeded} succeeded`,
    `${summary.failed} failed`,
    `${summary.timedOutOrAborted} timed out or aborted`,
    ...(summary.running ? [`${summary.running} still running`] : []),
    ...(summary.errors ? [`${summary.errors} AWS API errors`] : []),
    ...(summary.notStarted ? [`${summary.notStarted} not started (interrupted)`] : []),
  ];
  return [
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    `${summary.executions} executions: ${totals.join(', ')}`,
  ];
}
