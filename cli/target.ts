/** What the local and AWS targets share: run one execution, report a {@link RunResult}. */
import type { RunSpec, Target } from './args.ts';
import type { LiveView } from './progress/live.ts';
import type { RunResult } from './result.ts';

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
