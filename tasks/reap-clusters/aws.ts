/**
 * The reaper's AWS calls, each a thin wrapper over one SDK v3 command so `reaper.ts` stays
 * readable and tests can point the clients at a local endpoint.
 */
import {
  type ClusterState,
  DescribeClusterCommand,
  type EMRClient,
  paginateListClusters,
  TerminateJobFlowsCommand,
} from '@aws-sdk/client-emr';
import { DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { ClusterInfo, ExecutionLookup, ExecutionWindow } from './plan.ts';

/** States in which a cluster still costs money and can be terminated. */
export const ACTIVE_STATES: ClusterState[] = ['STARTING', 'BOOTSTRAPPING', 'RUNNING', 'WAITING'];

/** Ids of every active cluster in the account and region (ListClusters does not return tags). */
export const listActiveClusterIds = async (emr: EMRClient): Promise<string[]> => {
  const ids: string[] = [];
  for await (const page of paginateListClusters(
    { client: emr },
    { ClusterStates: ACTIVE_STATES },
  )) {
    for (const summary of page.Clusters ?? []) if (summary.Id) ids.push(summary.Id);
  }
  return ids;
};

/** Tags, creation time and IAM identities of one cluster; `undefined` when it is no longer active. */
export const describeCluster = async (
  emr: EMRClient,
  clusterId: string,
): Promise<ClusterInfo | undefined> => {
  const { Cluster: cluster } = await emr.send(new DescribeClusterCommand({ ClusterId: clusterId }));
  const state = cluster?.Status?.State;
  if (!cluster || !state || !ACTIVE_STATES.includes(state)) return undefined;
  const tags: Record<string, string> = {};
  for (const tag of cluster.Tags ?? []) if (tag.Key) tags[tag.Key] = tag.Value ?? '';
  return {
    id: clusterId,
    name: cluster.Name ?? '',
    // An unknown creation time counts as new: the max-age rule must never act on a guess.
    createdAt: cluster.Status?.Timeline?.CreationDateTime ?? new Date(),
    tags,
    // Name or ARN, as the cluster was created with; the ownership proof compares both forms.
    ...(cluster.ServiceRole === undefined ? {} : { serviceRole: cluster.ServiceRole }),
    ...(cluster.Ec2InstanceAttributes?.IamInstanceProfile === undefined
      ? {}
      : { instanceProfile: cluster.Ec2InstanceAttributes.IamInstanceProfile }),
  };
};

/**
 * The execution's status (`MISSING` when it does not exist, `FOREIGN` when Step Functions files it
 * under a state machine other than `stateMachineArn`) and when it ran.
 */
export const lookUpExecution = async (
  sfn: SFNClient,
  executionArn: string,
  stateMachineArn: string,
): Promise<{ lookup: ExecutionLookup; window: ExecutionWindow }> => {
  try {
    const found = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (found.stateMachineArn !== undefined && found.stateMachineArn !== stateMachineArn) {
      return { lookup: 'FOREIGN', window: {} };
    }
    return {
      lookup: found.status ?? 'MISSING',
      window: {
        ...(found.startDate === undefined ? {} : { startDate: found.startDate }),
        ...(found.stopDate === undefined ? {} : { stopDate: found.stopDate }),
      },
    };
  } catch (error) {
    if ((error as Error).name === 'ExecutionDoesNotExist') return { lookup: 'MISSING', window: {} };
    throw error;
  }
};

/** One cluster per call, so a termination-protected or vanished cluster fails alone. */
export const terminateCluster = async (emr: EMRClient, clusterId: string): Promise<void> => {
  await emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [clusterId] }));
};
