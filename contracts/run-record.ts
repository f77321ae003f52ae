/**
 * The record a local run leaves under `<stateDir>/runs/<execution name>/` (runtime/run-record.ts
 * writes it; the run report and `npm run runs` read it). Fields are only ever added.
 */
/** The folder under the state directory that holds one folder per execution. */
export const RUNS_FOLDER = 'runs';

/** The files of one run's folder. */
export const RunFiles = {
  /** {@link RunRecord} */
  record: 'record.json',
  /** The engine's history events of the execution (ExecutionResult.events), as JSON. */
  history: 'history.json',
  /** The ASL definition the execution ran (the workflow's snapshot, before substitution). */
  definition: 'definition.asl.json',
  /** The self-contained HTML report (report/). */
  report: 'report.html',
  /**
   * An AWS run's EMR clusters as DescribeCluster and ListInstanceGroups gave them, in the EMR
   * ledger's shape (a local run's are in `<stateDir>/emr/clusters.json`).
   */
  clusters: 'clusters.json',
  /**
   * The run's Distributed Map child executions, each with its own history (a local run; absent
   * without any): `[{ mapRunArn, mapState, parentExecutionArn, index, executionArn, name, status,
   * error?, cause?, events }]` (engine's MapRunChildResult).
   */
  mapRuns: 'map-runs.json',
} as const;

export type RunRecordCluster = {
  id: string;
  state: string;
  steps: Array<{ id: string; name: string; state: string; logDir: string }>;
};

export type RunRecord = {
  version: 1;
  workflow: string;
  executionName: string;
  executionArn: string;
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  /** JSON values, as the execution had them. */
  input: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  /** UTC ISO-8601: the first and the last history event. */
  startDate?: string;
  stopDate?: string;
  /** The definition file the run loaded. */
  definitionFile: string;
  /** The state directory of the run, and where local S3 kept its objects. */
  stateDir: string;
  s3Directory: string;
  dataBucket: string;
  /** The run's clusters from the EMR ledger after the run. */
  clusters: RunRecordCluster[];
  billableTransitions: number;
  events: number;
  /** What the cost could not count, and why (an AWS cluster lookup that failed). */
  costNotes?: string[];
  /** A nested run: the execution whose `states:startExecution*` task started it. */
  parentExecutionArn?: string;
  /** The nested runs it started (recorded beside it), in the order they started. */
  children?: Array<{ executionArn: string; name: string; workflow: string; status: string }>;
};
