/**
 * Orchestration: read clusters and executions, plan, terminate. Every cluster is handled even
 * when another fails; failures are collected and reported once at the end.
 */
import type { EMRClient } from '@aws-sdk/client-emr';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { ReapFailure, ReapResult, Termination } from '../../contracts/reaper.ts';
import { mapLimit } from '../shared/map-limit.ts';
import { describeCluster, listActiveClusterIds, lookUpExecution, terminateCluster } from './aws.ts';
import type { ReaperConfig } from './config.ts';
import { ReapIncompleteError } from './errors.ts';
import { parseEvent } from './event.ts';
import {
  type ClusterInfo,
  type ExecutionLookup,
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
): Promise<Map<string, ExecutionLookup>> => {
  const found = new Map<string, ExecutionLookup>();
  await mapLimit(arns, CONCURRENCY, async (executionArn) => {
    try {
      found.set(executionArn, await lookUpExecution(deps.sfn, executionArn));
    } catch (error) {
      failed.push({ executionArn, error: `DescribeExecution failed: ${message(error)}` });
    }
  });
  return found;
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
    return { mode: 'execution', examined: 0, terminated: [], failed };
  }

  const clusters = await readClusters(deps, failed);
  const owned = ownedBy(clusters, workflowName);
  let plan: Termination[];
  if (parsed.mode === 'execution') {
    plan = planForExecution(clusters, workflowName, parsed.executionArn);
  } else {
    const arns = executionsToLookUp(clusters, workflowName, stateMachineArn);
    const executions = await lookUpAll(deps, arns, failed);
    plan = planSweep({
      clusters,
      workflowName,
      stateMachineArn,
      executions,
      now: deps.now(),
      maxAgeMinutes: maxClusterAgeMinutes,
    });
  }

  const terminated = await terminateAll(deps, plan, failed);
  const result: ReapResult = { mode: parsed.mode, examined: owned.length, terminated, failed };
  if (failed.length > 0) {
    deps.log.error('reap incomplete', { ...result });
    throw new ReapIncompleteError(
      `${failed.length} problem(s) while reaping ${workflowName} clusters: ${failed.map((f) => f.error).join('; ')}`,
    );
  }
  deps.log.info('reap complete', { ...result });
  return result;
};
