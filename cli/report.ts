/** The human-readable end of a run: status, summary, and on failure why and where. */
import { formatDuration, sanitize } from './progress/format.ts';
import type { RunResult } from './result.ts';
import { metricsHeadline } from './summary.ts';

const CAUSE_MAX_LINES = 12;

export function formatResult(result: RunResult): string[] {
  const duration =
    result.durationSeconds !== undefined
      ? ` in ${formatDuration(result.durationSeconds * 1000)}`
      : '';
  const lines = [`${result.status}${duration} · ${result.name}`];
  const row = (label: string, value: string | undefined) => {
    if (value !== undefined && value !== '') lines.push(`  ${label.padEnd(13)} ${sanitize(value)}`);
  };
  if (result.attached === 'finished') {
    row(
      'note',
      'an execution with this name had already finished; reporting it (use --name to run again)',
    );
  } else if (result.attached === 'running') {
    row('note', 'an execution with this name was already running; followed it');
  }
  row('message', result.message);
  if (result.downloads) {
    const { succeeded, failed, total } = result.downloads;
    row(
      'downloads',
      `${succeeded}${total !== undefined ? `/${total}` : ''} done, ${failed} failed`,
    );
  }
  row('data', result.summary?.dataPrefix);
  row('model', result.summary?.modelPrefix);
  if (result.summary?.metrics) row('metrics', metricsHeadline(result.summary.metrics));
  if (result.status === 'FAILED' || result.status === 'TIMED_OUT' || result.status === 'ABORTED') {
    row('failed state', result.failedState);
    if (result.nested) {
      const n = result.nested;
      row(
        'nested run',
        `${n.execution} ${n.status}${n.failedState ? ` in ${n.failedState}` : ''}${n.error ? `: ${n.error}` : ''}`,
      );
    }
    row('error', result.error);
    if (result.cause !== undefined) {
      const causeLines = sanitize(readableCause(result.cause), true).split('\n');
      row('cause', causeLines[0]);
      for (const line of causeLines.slice(1, CAUSE_MAX_LINES))
        lines.push(`  ${''.padEnd(13)} ${line}`);
      if (causeLines.length > CAUSE_MAX_LINES) lines.push(`  ${''.padEnd(13)} …`);
    }
  }
  const step = result.emrStep;
  if (step) {
    const where = step.location ?? [step.clusterId, step.stepId].filter(Boolean).join('/');
    if (step.lines.length > 0) {
      lines.push(`  EMR step stderr, last ${step.lines.length} lines (${sanitize(where)}):`);
      for (const line of step.lines) lines.push(`    | ${sanitize(line)}`);
    }
    row('EMR step', step.note);
  }
  row('execution', result.executionArn);
  row('report', result.locations?.report);
  return lines;
}

const CAUSE_MAX_CHARS = 600;

/**
 * EMR `.sync` failures carry the whole DescribeStep `Step` or DescribeCluster `Cluster` object as
 * their cause: show its reason and message (the JSON stays in `--json`). Other long causes are cut.
 */
export function readableCause(cause: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(cause);
  } catch {
    parsed = undefined;
  }
  const status = (parsed as { Status?: Record<string, unknown> } | undefined)?.Status;
  const details = (status?.FailureDetails ?? status?.StateChangeReason) as
    | { Reason?: string; Code?: string; Message?: string }
    | undefined;
  const head = details?.Reason ?? details?.Code;
  const text =
    details && (head || details.Message)
      ? [head, details.Message].filter(Boolean).join(': ')
      : cause;
  return text.length > CAUSE_MAX_CHARS ? `${text.slice(0, CAUSE_MAX_CHARS)}…` : text;
}
