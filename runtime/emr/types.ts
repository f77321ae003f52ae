/**
 * Records of the local EMR ledger (`<stateDir>/emr/clusters.json`). A cluster is shaped like the
 * `Cluster` of EMR's DescribeCluster and each step like a ListSteps `StepSummary`, with
 * timestamps as ISO-8601 strings (the API's epoch numbers, made readable). Fields EMR does not
 * have are kept apart: `Request` (the RunJobFlow input as Step Functions passed it) and `Local`.
 */
import type { RunJobFlowInput } from '@aws-sdk/client-emr';

export const ClusterStates = [
  'STARTING',
  'BOOTSTRAPPING',
  'RUNNING',
  'WAITING',
  'TERMINATING',
  'TERMINATED',
  'TERMINATED_WITH_ERRORS',
] as const;
export type ClusterState = (typeof ClusterStates)[number];

export const StepStates = [
  'PENDING',
  'CANCEL_PENDING',
  'RUNNING',
  'COMPLETED',
  'CANCELLED',
  'FAILED',
  'INTERRUPTED',
] as const;
export type StepState = (typeof StepStates)[number];

/** EMR's ClusterStateChangeReasonCode values. */
export type ClusterStateChangeCode =
  | 'INTERNAL_ERROR'
  | 'VALIDATION_ERROR'
  | 'INSTANCE_FAILURE'
  | 'INSTANCE_FLEET_TIMEOUT'
  | 'BOOTSTRAP_FAILURE'
  | 'USER_REQUEST'
  | 'STEP_FAILURE'
  | 'ALL_STEPS_COMPLETED';

export type StateChangeReason = { Code?: string; Message?: string };

export type Tag = { Key: string; Value: string };

export type StepRecord = {
  Id: string;
  Name: string;
  Config: { Jar: string; Args: string[]; MainClass?: string; Properties: Record<string, string> };
  ActionOnFailure: string;
  Status: {
    State: StepState;
    StateChangeReason: StateChangeReason;
    FailureDetails?: { Reason: string; Message: string; LogFile: string };
    Timeline: { CreationDateTime: string; StartDateTime?: string; EndDateTime?: string };
  };
  /** Local only: where the step ran and what it ran. */
  Local: {
    workDir: string;
    logDir: string;
    /** The command actually run (after the local rewrite), when one was started. */
    command?: string[];
    /** Process group leader, while the step runs; lets a later run reap a crashed run's Spark. */
    pid?: number;
    exitCode?: number | null;
    signal?: string | null;
  };
};

export type ClusterRecord = {
  Id: string;
  Name: string;
  ClusterArn: string;
  Status: {
    State: ClusterState;
    StateChangeReason: StateChangeReason;
    Timeline: { CreationDateTime: string; ReadyDateTime?: string; EndDateTime?: string };
  };
  Tags: Tag[];
  ReleaseLabel: string;
  LogUri?: string;
  AutoTerminationPolicy?: { IdleTimeout: number };
  Applications: Array<{ Name: string }>;
  ServiceRole?: string;
  SecurityConfiguration?: string;
  AutoTerminate: boolean;
  TerminationProtected: boolean;
  StepConcurrencyLevel: number;
  /** ListSteps of this cluster, oldest first (EMR's ListSteps returns newest first). */
  Steps: StepRecord[];
  /** The RunJobFlow request as received. */
  Request: RunJobFlowInput;
  /** Local only: the process that owns the cluster (reaped by later runs if it is gone). */
  Local: { ownerPid: number };
};

export const terminalClusterStates: readonly ClusterState[] = [
  'TERMINATED',
  'TERMINATED_WITH_ERRORS',
];

export function isTerminated(cluster: Pick<ClusterRecord, 'Status'>): boolean {
  return terminalClusterStates.includes(cluster.Status.State);
}

export function tagValue(cluster: Pick<ClusterRecord, 'Tags'>, key: string): string | undefined {
  return cluster.Tags.find((t) => t.Key === key)?.Value;
}
