/** What the local and AWS targets share: run one execution, report a {@link RunResult}. */
import type { RunSpec, Target } from './args/parse.ts';
import type { FailureDescription } from './failure.ts';
import type { LiveView } from './progress/live.ts';
import type { ProgressSnapshot } from './progress/model.ts';
import type { EmrStepLog, OutputSummary, RunResult } from './result.ts';

export type RunContext = {
  view: LiveView;
  /** Aborted on the first Ctrl-C. */
  interrupt: AbortSignal;
  /** Aborted on the second Ctrl-C: give up waiting at once. */
  hardInterrupt: AbortSignal;
  /** A line for the human reader (hidden with --json unless --verbose). */
  log: (line: string) => void;
};

export type ExecutionTarget = {
  kind: Target;
  /** The first line the user sees. */
  banner: string;
  /** Once before any run (AWS: resolve the state machine). Returns lines to show. */
  prepare: () => Promise<string[]>;
  run: (spec: RunSpec, context: RunContext) => Promise<RunResult>;
  close: () => void;
};

export function baseResult(kind: Target, spec: RunSpec) {
  return {
    target: kind,
    name: spec.name,
    input: spec.input,
    ...(spec.date ? { date: spec.date } : {}),
  };
}

export function durationSeconds(
  start: Date | undefined,
  stop: Date | undefined,
): number | undefined {
  return start && stop ? Math.round((stop.getTime() - start.getTime()) / 100) / 10 : undefined;
}

/** What a target knows of a finished execution; {@link finishedResult} turns it into a result. */
export type Finished = {
  executionArn: string;
  status: RunResult['status'];
  start: Date | undefined;
  stop: Date | undefined;
  output: RunResult['output'];
  summary: OutputSummary;
  downloads: ProgressSnapshot['downloads'];
  /** The execution's own error and cause (DescribeExecution, or the engine's result). */
  error: string | undefined;
  cause: string | undefined;
  failure: FailureDescription;
  emrStep: EmrStepLog | undefined;
};

/** The result fields both targets report for a finished execution, in one place. */
export function finishedResult(kind: Target, spec: RunSpec, f: Finished): RunResult {
  const failed = f.status !== 'SUCCEEDED';
  const error = f.error ?? f.failure.error;
  const cause = f.cause ?? f.failure.cause;
  const duration = durationSeconds(f.start, f.stop);
  return {
    ...baseResult(kind, spec),
    executionArn: f.executionArn,
    status: f.status,
    ...(f.start ? { startDate: f.start.toISOString() } : {}),
    ...(f.stop ? { stopDate: f.stop.toISOString() } : {}),
    ...(duration !== undefined ? { durationSeconds: duration } : {}),
    ...(f.output !== undefined ? { output: f.output } : {}),
    ...(Object.keys(f.summary).length > 0 ? { summary: f.summary } : {}),
    ...(f.downloads
      ? {
          downloads: {
            succeeded: f.downloads.succeeded,
            failed: f.downloads.failed,
            ...(f.downloads.total !== undefined ? { total: f.downloads.total } : {}),
          },
        }
      : {}),
    ...(error !== undefined && failed ? { error } : {}),
    ...(cause !== undefined && failed ? { cause } : {}),
    ...(f.failure.failedState !== undefined ? { failedState: f.failure.failedState } : {}),
    ...(f.failure.nested !== undefined ? { nested: f.failure.nested } : {}),
    ...(f.emrStep ? { emrStep: f.emrStep } : {}),
  };
}
