/**
 * The outcome of one execution as the CLI reports it: printed as text, or as the `--json` object
 * (schema in docs/cli.md; fields are only ever added).
 */

import type { JsonObject, JsonValue } from '../asl/types.ts';
import type { ExecutionStatus } from '../engine/api.ts';
import type { LocalRunLocations } from '../runtime/types.ts';
import type { Target } from './args/parse.ts';
import { ExitCode } from './errors.ts';
import type { NestedFailure } from './failure.ts';

export type EmrStepLog = {
  clusterId?: string;
  stepId?: string;
  /** Where the stderr was read from (a local path or an s3:// URI). */
  location?: string;
  /** The last lines of the step's stderr; empty when it could not be read (see `note`). */
  lines: string[];
  note?: string;
};

export type OutputSummary = {
  dataPrefix?: string;
  modelPrefix?: string;
  /** Where metrics.json is (the workflow output's `metrics`). */
  metricsUri?: string;
  /** metrics.json headline figures, when the run produced them. */
  metrics?: Record<string, number>;
};

export type RunResult = {
  target: Target;
  name: string;
  executionArn?: string;
  /**
   * RUNNING only with --no-wait or when the CLI detached from a running execution; ERROR when the
   * CLI could not start or follow it (an AWS API error, see `message`).
   */
  status: ExecutionStatus | 'RUNNING' | 'ERROR';
  date?: string;
  input: JsonObject;
  /** Set when an execution with this name already existed and was followed or reported. */
  attached?: 'running' | 'finished';
  startDate?: string;
  stopDate?: string;
  durationSeconds?: number;
  output?: JsonValue;
  summary?: OutputSummary;
  downloads?: { succeeded: number; failed: number; total?: number };
  error?: string;
  cause?: string;
  failedState?: string;
  /** The nested execution that failed the state, and where it failed. */
  nested?: NestedFailure;
  emrStep?: EmrStepLog;
  billableTransitions?: number;
  locations?: LocalRunLocations;
  /** A note for the reader: why the CLI detached, what an AWS error was. */
  message?: string;
};

export function exitCodeFor(status: RunResult['status']): ExitCode {
  switch (status) {
    case 'SUCCEEDED':
      return ExitCode.Succeeded;
    case 'FAILED':
    case 'ERROR':
      return ExitCode.Failed;
    default:
      // TIMED_OUT, ABORTED, and RUNNING after the user detached with Ctrl-C.
      return ExitCode.TimedOutOrAborted;
  }
}

/** The worst outcome of several runs: any failure is 1, else any timeout/abort is 3. */
export function worstExitCode(codes: ExitCode[]): ExitCode {
  if (codes.includes(ExitCode.Failed)) return ExitCode.Failed;
  if (codes.includes(ExitCode.TimedOutOrAborted)) return ExitCode.TimedOutOrAborted;
  if (codes.includes(ExitCode.Usage)) return ExitCode.Usage;
  return ExitCode.Succeeded;
}
