/**
 * The embedded local runtime's entry point contract (`runLocal` in `runtime/runtime.ts`): the
 * CLI's local target and the end-to-end tests call it.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { JsonObject } from '../asl/types.ts';
import type { ExecutionRef, ExecutionResult, HistoryEvent } from '../engine/api.ts';
import type { TaskTokens } from '../engine/task-tokens.ts';
import type { Workflow } from '../workflows/registry.ts';

export type LocalRunOptions = {
  /** The execution input, as the console, the schedule or the CLI would send it. */
  input: JsonObject;
  /** @default a uuid */
  executionName?: string;
  /**
   * The registered workflow to run (workflows/registry.ts): its default snapshot, its state
   * machine name, and only the Lambdas it declares; or a workflow object not in the registry
   * (a test's fixture). @default 'market-data-pipeline'
   */
  workflow?: string | Workflow;
  /** Where local S3 data, the EMR ledger and logs live. @default <project>/.local */
  stateDir?: string;
  /** 0: Wait/Retry delays and EMR provisioning take no time. @default 1 */
  timeScale?: number;
  /** Abort = StopExecution; the runtime's reaper then terminates the run's clusters. */
  signal?: AbortSignal;
  /**
   * The run's SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat channel, for a caller that
   * answers its `.waitForTaskToken` tasks from outside (as a worker answers on AWS): `waiting()`
   * lists the tokens waiting now. @default a channel private to the run
   */
  taskTokens?: TaskTokens;
  onEvent?: (event: HistoryEvent) => void;
  /** Every history event of the nested executions the run starts (states:startExecution). */
  onNestedEvent?: (event: HistoryEvent, execution: ExecutionRef) => void;
  /** Human-readable progress lines (venv creation, spark-submit, where things went). */
  log?: (line: string) => void;
  /** Extra environment for the in-process Lambdas (e.g. provider base URLs in tests). */
  lambdaEnv?: Record<string, string>;
  /**
   * The definition to run: a path to an ASL JSON file (e.g. the DISTRIBUTED variant for large
   * universes). @default the workflow's default snapshot, asl-snapshots/<workflow>.asl.json
   */
  definitionFile?: string;
  /**
   * Called once local S3 is up and the deployment is in it, before the execution starts: a hook
   * for tests (and tools) that alter the deployed state, e.g. replace the training script.
   */
  prepare?: (deployment: LocalDeployment) => Promise<void>;
  /**
   * The spark-submit the EMR emulator runs for the training step instead of the venv's: a hook
   * for tests that need the pipeline's Train step but not Spark (a stand-in that writes the
   * job's outputs). With it, the runtime checks for neither Java nor the Spark venv.
   * @default the project venv's spark-submit, prepared on first use
   */
  sparkSubmit?: string;
};

/** What the runtime deployed: handed to `LocalRunOptions.prepare`. */
export type LocalDeployment = {
  s3: S3Client;
  s3Endpoint: string;
  dataBucket: string;
  logsBucket: string;
};

/** A cluster of the run, from the EMR ledger, with where its steps' logs are. */
export type LocalRunCluster = {
  id: string;
  state: string;
  steps: Array<{ id: string; name: string; state: string; logDir: string }>;
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
  /** Optional (added after the first contract); `runLocal` always sets it. */
  logsBucket?: string;
  /**
   * Function name -> the file its stdout/stderr (CloudWatch locally) went to for this run.
   * Optional (added after the first contract); `runLocal` always sets it.
   */
  lambdaLogs?: Record<string, string>;
  /**
   * The clusters tagged with this execution, as the ledger has them after the run, each with its
   * steps' states and log folders. Optional (added after the first contract); `runLocal` always
   * sets it.
   */
  clusters?: LocalRunCluster[];
  /**
   * The run's HTML report, `<stateDir>/runs/<execution>/report.html` (report/). Optional (added
   * after the first contract); set when the run's record and report could be written.
   */
  report?: string;
};

export type LocalRunResult = ExecutionResult & { locations: LocalRunLocations };
