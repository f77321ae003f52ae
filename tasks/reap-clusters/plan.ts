/**
 * Pure decisions: which of the active clusters to terminate, and why. No AWS calls here, so every
 * rule is tested directly; `reaper.ts` feeds these functions what it read from EMR and Step
 * Functions.
 */

import { ClusterTag } from '../../contracts/cluster-tags.ts';
import type { ExecutionStatus, Termination } from '../../contracts/reaper.ts';

/** An active (not terminating/terminated) EMR cluster, as DescribeCluster reports it. */
export type ClusterInfo = {
  id: string;
  name: string;
  createdAt: Date;
  tags: Record<string, string>;
};

/** What the sweep learned about an execution: its status, or that it does not exist. */
export type ExecutionLookup = ExecutionStatus | 'MISSING';

/** Only clusters tagged with this workflow's name are ever candidates. */
export const ownedBy = (clusters: readonly ClusterInfo[], workflowName: string): ClusterInfo[] =>
  clusters.filter((c) => c.tags[ClusterTag.workflow] === workflowName);

/**
 * `arn:aws:states:r:a:stateMachine:NAME` -> `arn:aws:states:r:a:execution:NAME:`. Executions of
 * other state machines are never looked up (the reaper's role may not read them).
 */
export const executionArnPrefix = (stateMachineArn: string): string =>
  `${stateMachineArn.replace(':stateMachine:', ':execution:')}:`;

/** After a status-change event: this workflow's clusters tagged with that execution. */
export const planForExecution = (
  clusters: readonly ClusterInfo[],
  workflowName: string,
  executionArn: string,
): Termination[] =>
  ownedBy(clusters, workflowName)
    .filter((c) => c.tags[ClusterTag.execution] === executionArn)
    .map((c) => ({ clusterId: c.id, reason: 'execution-ended', executionArn }));

/** The distinct execution ARNs (of this state machine) the sweep must look up. */
export const executionsToLookUp = (
  clusters: readonly ClusterInfo[],
  workflowName: string,
  stateMachineArn: string,
): string[] => {
  const prefix = executionArnPrefix(stateMachineArn);
  const arns = ownedBy(clusters, workflowName)
    .map((c) => c.tags[ClusterTag.execution])
    .filter((arn): arn is string => arn?.startsWith(prefix) === true);
  return [...new Set(arns)];
};

export type SweepInput = {
  clusters: readonly ClusterInfo[];
  workflowName: string;
  stateMachineArn: string;
  /** Lookups for the ARNs from {@link executionsToLookUp}; an ARN absent here is left alone. */
  executions: ReadonlyMap<string, ExecutionLookup>;
  now: Date;
  maxAgeMinutes: number;
};

/**
 * The hourly sweep: terminate this workflow's clusters whose execution has ended or does not
 * exist, and any older than the maximum age. A cluster whose execution could not be looked up (or
 * belongs to another state machine, or has no execution tag) is judged by age alone.
 */
export const planSweep = (input: SweepInput): Termination[] => {
  const maxAgeMs = input.maxAgeMinutes * 60_000;
  const prefix = executionArnPrefix(input.stateMachineArn);
  const plan: Termination[] = [];
  for (const cluster of ownedBy(input.clusters, input.workflowName)) {
    const executionArn = cluster.tags[ClusterTag.execution];
    const withArn = executionArn === undefined ? {} : { executionArn };
    const lookup = executionArn?.startsWith(prefix)
      ? input.executions.get(executionArn)
      : undefined;
    if (lookup === 'MISSING') {
      plan.push({ clusterId: cluster.id, reason: 'execution-missing', ...withArn });
    } else if (lookup !== undefined && lookup !== 'RUNNING') {
      plan.push({ clusterId: cluster.id, reason: 'execution-not-running', ...withArn });
    } else if (input.now.getTime() - cluster.createdAt.getTime() > maxAgeMs) {
      plan.push({ clusterId: cluster.id, reason: 'max-age', ...withArn });
    }
  }
  return plan;
};
