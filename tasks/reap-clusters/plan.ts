/**
 * Pure decisions: which of the active clusters to terminate, and why. No AWS calls here, so every
 * rule is tested directly; `reaper.ts` feeds these functions what it read from EMR and Step
 * Functions.
 */

import { ClusterTag } from '../../contracts/cluster-tags.ts';
import type { ExecutionStatus, Termination, UnprovenCluster } from '../../contracts/reaper.ts';

/** An active (not terminating/terminated) EMR cluster, as DescribeCluster reports it. */
export type ClusterInfo = {
  id: string;
  name: string;
  createdAt: Date;
  tags: Record<string, string>;
  /** DescribeCluster's ServiceRole (a name or an ARN); absent: unknown. */
  serviceRole?: string;
  /** DescribeCluster's Ec2InstanceAttributes.IamInstanceProfile (a name or an ARN); absent: unknown. */
  instanceProfile?: string;
};

/**
 * What DescribeExecution said about an execution: its status, that it does not exist, or that it
 * belongs to another state machine.
 */
export type ExecutionLookup = ExecutionStatus | 'MISSING' | 'FOREIGN';

/** When an execution ran (DescribeExecution's startDate and, once it has ended, stopDate). */
export type ExecutionWindow = { startDate?: Date; stopDate?: Date };

/**
 * Slack for the clocks of EMR and Step Functions when a cluster's creation time is compared with
 * its execution's start and stop: a cluster the execution created is created between the two.
 */
export const CLOCK_SLACK_MS = 60_000;

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
 * belongs to another state machine, or has no execution tag) is judged by age alone. This only
 * plans: reaper.ts terminates a planned cluster only if {@link proveOwnership} proves it ours, so
 * in practice `execution-missing` and a foreign or absent execution never lead to a termination.
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

/** What a cluster of this stack is created with (the reaper's environment names them). */
export type StackIdentity = {
  stateMachineArn: string;
  emrServiceRole: string;
  emrInstanceProfile: string;
};

/**
 * `name` or an IAM ARN of this account ending in `/name` (any path). DescribeCluster reports the
 * role and profile as the cluster was created with them, and a clone can name either form.
 */
const namesIdentity = (actual: string | undefined, name: string, account: string): boolean => {
  if (actual === undefined) return false;
  if (actual === name) return true;
  const arn = /^arn:aws[a-z-]*:iam::(\d{12}):(?:role|instance-profile)\/(?:.*\/)?([^/]+)$/.exec(
    actual,
  );
  return arn !== null && arn[1] === account && arn[2] === name;
};

/** Why a cluster cannot have been created by the execution that ran during `window`. */
const outsideWindow = (
  cluster: ClusterInfo,
  executionArn: string,
  window: ExecutionWindow | undefined,
): string[] => {
  const created = cluster.createdAt.getTime();
  const at = cluster.createdAt.toISOString();
  if (window?.startDate && created < window.startDate.getTime() - CLOCK_SLACK_MS) {
    return [`created ${at}, before execution ${executionArn} started`];
  }
  if (window?.stopDate && created > window.stopDate.getTime() + CLOCK_SLACK_MS) {
    return [
      `created ${at}, after execution ${executionArn} ended at ${window.stopDate.toISOString()}`,
    ];
  }
  return [];
};

export type Proof = { proven: true } | { proven: false; reasons: string[] } | { proven: 'unknown' };

/**
 * Whether a cluster carrying this workflow's tag is this stack's. Tags prove nothing on their own:
 * the console's clone copies them, and anyone allowed elasticmapreduce:AddTags can set them. A
 * cluster is this stack's only if
 * - it runs with this stack's EMR service role and instance profile (a clone keeps them, but a
 *   cluster of another account, team or stack does not), and
 * - its `market-pipeline:execution` tag names an execution of this state machine that Step
 *   Functions knows (DescribeExecution): a made-up, foreign or expired ARN fails;
 * - it was created while that execution ran (between its startDate and stopDate, with
 *   {@link CLOCK_SLACK_MS}): a console clone made after the run ended fails, though one made
 *   while it still runs cannot be told apart.
 * `unknown` when the execution could not be looked up (the lookup failure is reported as such).
 */
export const proveOwnership = (
  cluster: ClusterInfo,
  identity: StackIdentity,
  executions: ReadonlyMap<string, ExecutionLookup>,
  windows: ReadonlyMap<string, ExecutionWindow> = new Map(),
): Proof => {
  const account = identity.stateMachineArn.split(':')[4] ?? '';
  const reasons: string[] = [];
  if (!namesIdentity(cluster.serviceRole, identity.emrServiceRole, account)) {
    reasons.push(
      `service role is ${cluster.serviceRole ?? 'unknown'}, not this stack's ${identity.emrServiceRole}`,
    );
  }
  if (!namesIdentity(cluster.instanceProfile, identity.emrInstanceProfile, account)) {
    reasons.push(
      `instance profile is ${cluster.instanceProfile ?? 'unknown'}, not this stack's ${identity.emrInstanceProfile}`,
    );
  }
  const executionArn = cluster.tags[ClusterTag.execution];
  if (executionArn === undefined) {
    reasons.push(`no ${ClusterTag.execution} tag`);
  } else if (!executionArn.startsWith(executionArnPrefix(identity.stateMachineArn))) {
    reasons.push(`execution ${executionArn} is not one of ${identity.stateMachineArn}`);
  } else {
    const lookup = executions.get(executionArn);
    if (lookup === 'MISSING') reasons.push(`execution ${executionArn} does not exist`);
    else if (lookup === 'FOREIGN')
      reasons.push(`execution ${executionArn} belongs to another state machine`);
    else if (lookup === undefined && reasons.length === 0) return { proven: 'unknown' };
    else reasons.push(...outsideWindow(cluster, executionArn, windows.get(executionArn)));
  }
  return reasons.length === 0 ? { proven: true } : { proven: false, reasons };
};

/**
 * Splits the clusters in scope into those proven this stack's and those that failed the proof
 * (undetermined ones are in neither: their lookup failure is already reported).
 */
export const checkOwnership = (
  clusters: readonly ClusterInfo[],
  identity: StackIdentity,
  executions: ReadonlyMap<string, ExecutionLookup>,
  windows: ReadonlyMap<string, ExecutionWindow> = new Map(),
): { proven: Set<string>; unproven: UnprovenCluster[] } => {
  const proven = new Set<string>();
  const unproven: UnprovenCluster[] = [];
  for (const cluster of clusters) {
    const proof = proveOwnership(cluster, identity, executions, windows);
    if (proof.proven === true) proven.add(cluster.id);
    else if (proof.proven === false) {
      const executionArn = cluster.tags[ClusterTag.execution];
      unproven.push({
        clusterId: cluster.id,
        ...(executionArn === undefined ? {} : { executionArn }),
        reasons: proof.reasons,
      });
    }
  }
  return { proven, unproven };
};
