/**
 * The EMR clusters an AWS execution created, for the report's cost: their ids from the history
 * (the `createCluster` task's output, or TaskSubmitted for `.sync`) and from the execution
 * output's `clusterId` (the pipeline's summary), then DescribeCluster (Status.Timeline
 * CreationDateTime and EndDateTime, NormalizedInstanceHours) and ListInstanceGroups (types and
 * counts). A lookup that fails (AccessDenied, a cluster EMR no longer lists) becomes a note the
 * report shows instead of the cluster's minutes; the report is written either way.
 */
import {
  DescribeClusterCommand,
  type DescribeClusterCommandOutput,
  type EMRClient,
  ListInstanceGroupsCommand,
} from '@aws-sdk/client-emr';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { describeAwsError } from './errors.ts';

/** A cluster in the EMR ledger's shape (report/cost.ts `clusterUsageOf` reads it). */
export type DescribedCluster = {
  Id: string;
  Name?: string;
  Status: { State?: string; Timeline: { CreationDateTime?: string; EndDateTime?: string } };
  Request: {
    Instances: { InstanceGroups: Array<{ InstanceType: string; InstanceCount: number }> };
  };
  NormalizedInstanceHours?: number;
  /** Where the figures came from. */
  Source: 'DescribeCluster';
};

const CLUSTER_ID = /^j-[A-Z0-9]{1,64}$/;

const parse = (text: unknown): Record<string, unknown> | undefined => {
  if (typeof text !== 'string') return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

/** Cluster ids the execution created: createCluster task outputs, then the output's `clusterId`. */
export function clusterIdsOf(events: readonly HistoryEvent[], output: unknown): string[] {
  const ids = new Set<string>();
  for (const e of events) {
    const d = e.taskSubmittedEventDetails ?? e.taskSucceededEventDetails;
    if (!d) continue;
    // `elasticmapreduce` + `createCluster.sync`, however the resource was split at a colon.
    if (!`${d.resourceType}:${d.resource}`.includes('createCluster')) continue;
    const id = parse(d.output)?.ClusterId;
    if (typeof id === 'string' && CLUSTER_ID.test(id)) ids.add(id);
  }
  const fromOutput =
    output && typeof output === 'object'
      ? (output as Record<string, unknown>).clusterId
      : undefined;
  if (typeof fromOutput === 'string' && CLUSTER_ID.test(fromOutput)) ids.add(fromOutput);
  return [...ids];
}

/** DescribeCluster and ListInstanceGroups of each id; what failed is a note naming the call. */
export async function describeClusters(
  emr: EMRClient,
  ids: readonly string[],
): Promise<{ clusters: DescribedCluster[]; notes: string[] }> {
  const clusters: DescribedCluster[] = [];
  const notes: string[] = [];
  for (const id of ids) {
    let described: DescribeClusterCommandOutput;
    try {
      described = await emr.send(new DescribeClusterCommand({ ClusterId: id }));
    } catch (error) {
      notes.push(`EMR cluster ${id}: not priced, ${describeAwsError('DescribeCluster', error)}`);
      continue;
    }
    const c = described.Cluster ?? {};
    const timeline = c.Status?.Timeline ?? {};
    let groups: DescribedCluster['Request']['Instances']['InstanceGroups'] = [];
    try {
      const listed = await emr.send(new ListInstanceGroupsCommand({ ClusterId: id }));
      groups = (listed.InstanceGroups ?? []).map((g) => ({
        InstanceType: String(g.InstanceType),
        InstanceCount: g.RequestedInstanceCount ?? g.RunningInstanceCount ?? 1,
      }));
    } catch (error) {
      notes.push(
        `EMR cluster ${id}: instance groups unknown, minutes not priced (${describeAwsError('ListInstanceGroups', error)})`,
      );
    }
    if (!timeline.CreationDateTime) {
      notes.push(`EMR cluster ${id}: DescribeCluster gave no CreationDateTime; not priced`);
      continue;
    }
    clusters.push({
      Id: id,
      ...(c.Name ? { Name: c.Name } : {}),
      Status: {
        ...(c.Status?.State ? { State: c.Status.State } : {}),
        Timeline: {
          CreationDateTime: timeline.CreationDateTime.toISOString(),
          ...(timeline.EndDateTime ? { EndDateTime: timeline.EndDateTime.toISOString() } : {}),
        },
      },
      Request: { Instances: { InstanceGroups: groups } },
      ...(c.NormalizedInstanceHours !== undefined
        ? { NormalizedInstanceHours: c.NormalizedInstanceHours }
        : {}),
      Source: 'DescribeCluster',
    });
  }
  return { clusters, notes };
}
