/**
 * Events and result of the reap-clusters Lambda: the safety net that terminates EMR clusters a
 * stopped or failed execution left behind (Step Functions does not terminate a cluster when an
 * execution is stopped, and a `Catch` does not run then). It finds them by contracts/cluster-tags.ts
 * and terminates one only once it has proved the cluster is this stack's (tasks/reap-clusters/plan.ts,
 * `proveOwnership`): the tags alone can be copied.
 */

/** Statuses the EventBridge rule forwards; anything but RUNNING means the execution has ended. */
export type ExecutionStatus =
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'ABORTED'
  | 'PENDING_REDRIVE';

/**
 * EventBridge "Step Functions Execution Status Change" event (only the fields the reaper reads).
 * https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html
 */
export type ExecutionStatusChangeEvent = {
  source: 'aws.states';
  'detail-type': 'Step Functions Execution Status Change';
  detail: {
    executionArn: string;
    stateMachineArn: string;
    status: ExecutionStatus;
    name?: string;
  };
};

/** The hourly schedule's fixed input. */
export type SweepEvent = { action: 'sweep' };

export type ReaperEvent = ExecutionStatusChangeEvent | SweepEvent;

export type TerminationReason =
  /** The execution named in the status-change event has ended. */
  | 'execution-ended'
  /** The sweep found the cluster's execution no longer RUNNING. */
  | 'execution-not-running'
  /** The sweep found no execution with the tagged ARN. */
  | 'execution-missing'
  /** The cluster is older than the configured maximum age. */
  | 'max-age';

export type Termination = { clusterId: string; reason: TerminationReason; executionArn?: string };

export type ReapFailure = { clusterId?: string; executionArn?: string; error: string };

/**
 * A cluster carrying this workflow's tags that the reaper cannot prove it owns (tags are copied
 * by a console clone and can be added to any cluster): it is never terminated, only reported.
 */
export type UnprovenCluster = {
  clusterId: string;
  executionArn?: string;
  /** Each failed part of the proof, e.g. `service role is X, not this stack's Y`. */
  reasons: string[];
};

export type ReapResult = {
  mode: 'execution' | 'sweep';
  /** Active clusters carrying this workflow's tag. */
  examined: number;
  terminated: Termination[];
  failed: ReapFailure[];
  /** Tagged clusters that failed the ownership proof: left running and alerted on. */
  unproven: UnprovenCluster[];
};

/**
 * The reaper's metric for tagged clusters that failed the ownership proof (the handler emits it
 * with the Powertools `service` dimension and this workflow dimension; the stack alarms on it).
 */
export const UNPROVEN_METRIC = {
  name: 'UnprovenClusters',
  /** Value: the state machine name (WORKFLOW_NAME). */
  workflowDimension: 'workflow',
} as const;
