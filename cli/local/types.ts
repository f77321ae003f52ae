/**
 * The embedded local runtime's entry point contract (`runLocal` in `cli/local/runtime.ts`): the
 * CLI's local target and the end-to-end tests call it.
 */
import type { ExecutionResult, HistoryEvent } from '../../engine/api.ts';
import type { JsonObject } from '../../workflows/asl/types.ts';

export type LocalRunOptions = {
  /** The execution input, as the console, the schedule or the CLI would send it. */
  input: JsonObject;
  /** @default a uuid */
  executionName?: string;
  /** Where local S3 data, the EMR ledger and logs live. @default <project>/.local */
  stateDir?: string;
  /** 0: Wait/Retry delays and EMR provisioning take no time. @default 1 */
  timeScale?: number;
  /** Abort = StopExecution; the runtime's reaper then terminates the run's clusters. */
  signal?: AbortSignal;
  onEvent?: (event: HistoryEvent) => void;
  /** Human-readable progress lines (venv creation, spark-submit, where things went). */
  log?: (line: string) => void;
  /** Extra environment for the in-process Lambdas (e.g. provider base URLs in tests). */
  lambdaEnv?: Record<string, string>;
};

export type LocalRunLocations = {
  stateDir: string;
  /** The local S3 endpoint used for this run (stopped when the run ends). */
  s3Endpoint: string;
  s3Directory: string;
  dataBucket: string;
  emrLedger: string;
  emrLogsDir: string;
  /** s3:// prefixes from the execution output, when it succeeded. */
  dataPrefix?: string;
  modelPrefix?: string;
};

export type LocalRunResult = ExecutionResult & { locations: LocalRunLocations };
