/**
 * Orchestration: read clusters and executions, plan, prove ownership, terminate. Every cluster is
 * handled even when another fails; failures are collected and reported once at the end. A
 * tagged cluster that fails the ownership proof is never terminated: it is logged by id with the
 * reasons and handed to `onUnproven` (the handler turns it into the UnprovenClusters metric the
 * stack alarms on).
 */
import type { EMRClient } from '@aws-sdk/client-emr';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { ClusterTag } from '../../contracts/cluster-tags.ts';
import type {
  ReapFailure,
  ReapResult,
  Termination,
  UnprovenCluster,
} from '../../contracts/reaper.ts';
import { mapLimit } from '../shared/map-limit.ts';
import { describeCluster, listActiveClusterIds, lookUpExecution, terminateCluster } from './aws.ts';
import type { ReaperConfig } from './config.ts';
import { ReapIncompleteError } from './errors.ts';
import { parseEvent } from './event.ts';
import {
  type ClusterInfo,
  checkOwnership,
  type ExecutionLookup,
  type ExecutionWindow,
  executionsToLookUp,
  ownedBy,
  planForExecution,
  planSweep,
} from './plan.ts';

type Log = (message: string, extra?: Record<string, unknown>) => void;

export type ReaperDeps = {
  emr: EMRClient;
  sfn: SFNClient;
  config: ReaperConfig;
  now: () => Date;
  log: { info: Log; warn: Log; error: Log };
  /** Called once per invocation with the tagged clusters that failed the ownership proof (maybe none), before any error is thrown. */
  onUnproven?: (unproven: readonly UnprovenCluster[]) => void;
};

/** Parallel DescribeCluster/DescribeExecution calls; small, so throttling stays rare. */
const CONCURRENCY = 4;

const message = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

const readClusters = async (deps: ReaperDeps, failed: ReapFailure[]): Promise<ClusterInfo[]> => {
  const ids = await listActiveClusterIds(deps.emr);
  const described = await mapLimit(ids, CONCURRENCY, async (clusterId) => {
    try {
      return await describeCluster(deps.emr, clusterId);
    } catch (error) {
      failed.push({ clusterId, error: `DescribeCluster failed: ${message(error)}` });
      return undefined;
    }
  });
  return described.filter((c): c is ClusterInfo => c !== undefined);
};

const lookUpAll = async (
  deps: ReaperDeps,
  arns: readonly string[],
  failed: ReapFailure[],
): Promise<{ found: Map<string, ExecutionLookup>; windows: Map<string, ExecutionWindow> }> => {
  const found = new Map<string, ExecutionLookup>();
  const windows = new Map<string, ExecutionWindow>();
  await mapLimit(arns, CONCURRENCY, async (executionArn) => {
    try {
      const { lookup, window } = await lookUpExecution(
        deps.sfn,
        executionArn,
        deps.config.stateMachineArn,
      );
      found.set(executionArn, lookup);
      windows.set(executionArn, window);
    } catch (error) {
      failed.push({ executionArn, error: `DescribeExecution failed: ${message(error)}` });
    }
  });
  return { found, windows };
};

const terminateAll = async (
  deps: ReaperDeps,
  plan: readonly Termination[],
  failed: ReapFailure[],
): Promise<Termination[]> => {
  const done: Termination[] = [];
  for (const item of plan) {
    try {
      await terminateCluster(deps.emr, item.clusterId);
      deps.log.info('terminated cluster', { ...item });
      done.push(item);
    } catch (error) {
      failed.push({
        clusterId: item.clusterId,
        error: `TerminateJobFlows failed: ${message(error)}`,
      });
    }
  }
  return done;
};

/**
 * Handles one event. Throws {@link ReapIncompleteError} (after acting on everything it could)
 * when any cluster could not be described, looked up or terminated.
 */
export const reap = async (event: unknown, deps: ReaperDeps): Promise<ReapResult> => {
  const { workflowName, stateMachineArn, maxClusterAgeMinutes } = deps.config;
  const parsed = parseEvent(event, stateMachineArn);
  const failed: ReapFailure[] = [];

  if (parsed.mode === 'execution' && parsed.status === 'RUNNING') {
    // A running execution still owns its cluster; only the end of an execution frees it.
    deps.log.info('execution still running; nothing to reap', { ...parsed });
    return { mode: 'execution', examined: 0, terminated: [], failed, unproven: [] };
  }

  const clusters = await readClusters(deps, failed);
  const owned = ownedBy(clusters, workflowName);
  // The clusters this event concerns, and the executions their proof needs.
  const inScope =
    parsed.mode === 'execution'
      ? owned.filter((c) => c.tags[ClusterTag.execution] === parsed.executionArn)
      : owned;
  const { found: executions, windows } = await lookUpAll(
    deps,
    executionsToLookUp(inScope, workflowName, stateMachineArn),
    failed,
  );
  let planned: Termination[];
  if (parsed.mode === 'execution') {
    planned = planForExecution(clusters, workflowName, parsed.executionArn);
  } else {
    planned = planSweep({
      clusters,
      workflowName,
      stateMachineArn,
      executions,
      now: deps.now(),
      maxAgeMinutes: maxClusterAgeMinutes,
    });
  }
  const { proven, unproven } = checkOwnership(inScope, deps.config, executions, windows);
  for (const u of unproven) {
    deps.log.warn('cluster failed the ownership proof; not terminated', { ...u });
  }
  deps.onUnproven?.(unproven);
  const plan = planned.filter((t) => proven.has(t.clusterId));

  const terminated = await terminateAll(deps, plan, failed);
  const result: ReapResult = {
    mode: parsed.mode,
    examined: owned.length,
    terminated,
    failed,
    unproven,
  };
  if (failed.length > 0) {
    deps.log.error('reap incomplete', { ...result });
    throw new ReapIncompleteError(
      `${failed.length} problem(s) while reaping ${workflowName} clusters: ${failed.map((f) => f.error).join('; ')}`,
    );
  }
  deps.log.info('reap complete', { ...result });
  return result;
};
