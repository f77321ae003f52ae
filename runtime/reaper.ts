/**
 * The local runtime's cluster reaper. Step Functions runs no Catch when an execution is stopped
 * and does not terminate an EMR cluster it created, so the deployed stack pairs idle
 * auto-termination with a reaper; the local runtime does the same:
 *
 * - after an execution ends ABORTED, FAILED or TIMED_OUT, every cluster tagged with its ARN that
 *   is not terminated yet is terminated;
 * - when a runtime starts, clusters left running by a run that is gone (its process died, or its
 *   execution is no longer running in this process) are terminated, and a Spark process such a
 *   run left behind is killed.
 */
import { readFileSync } from 'node:fs';
import { ClusterTag } from '../contracts/cluster-tags.ts';
import type { ExecutionStatus } from '../engine/api.ts';
import type { LocalEmr } from './emr/emulator.ts';
import { isProcessAlive, killProcessGroup } from './emr/process.ts';
import { type ClusterRecord, isTerminated, tagValue } from './emr/types.ts';

const reapedStatuses: readonly ExecutionStatus[] = ['ABORTED', 'FAILED', 'TIMED_OUT'];

/** Terminates the clusters of an execution that ended without running its own cleanup. */
export async function reapExecution(
  emr: LocalEmr,
  executionArn: string,
  status: ExecutionStatus,
  log: (line: string) => void = () => {},
): Promise<string[]> {
  const open = (await emr.ledger.read()).filter(
    (c) => !isTerminated(c) && tagValue(c, ClusterTag.execution) === executionArn,
  );
  if (!reapedStatuses.includes(status)) {
    for (const c of open) {
      log(`reaper: execution SUCCEEDED but cluster ${c.Id} is still ${c.Status.State}; left as is`);
    }
    return [];
  }
  const terminated: string[] = [];
  for (const cluster of open) {
    const done = await emr.terminate(cluster.Id, {
      Code: 'USER_REQUEST',
      Message: `Terminated by the local reaper: execution ${executionArn} ended ${status}`,
    });
    if (done) terminated.push(cluster.Id);
  }
  if (terminated.length > 0)
    log(`reaper: terminated ${terminated.join(', ')} (execution ${status})`);
  return terminated;
}

/**
 * A step process of a dead run is killed only if its command line still names the step's work
 * folder: the pid may have been reused by an unrelated process since (Linux /proc only).
 */
function killLeftoverSpark(cluster: ClusterRecord): void {
  for (const step of cluster.Steps) {
    const pid = step.Local.pid;
    if (!pid || !isProcessAlive(pid)) continue;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.includes(step.Local.workDir)) killProcessGroup(pid);
  }
}

/**
 * Terminates clusters whose run is gone: owned by a process that no longer exists, or by this
 * process for an execution that `isRunning` says is not running.
 */
export async function reapOrphans(
  emr: LocalEmr,
  isRunning: (executionArn: string | undefined) => boolean,
  log: (line: string) => void = () => {},
): Promise<string[]> {
  const orphans = (await emr.ledger.read()).filter((c) => {
    if (isTerminated(c)) return false;
    const owner = c.Local?.ownerPid;
    if (owner === process.pid) return !isRunning(tagValue(c, ClusterTag.execution));
    return owner === undefined || !isProcessAlive(owner);
  });
  const terminated: string[] = [];
  for (const cluster of orphans) {
    killLeftoverSpark(cluster);
    const done = await emr.terminate(cluster.Id, {
      Code: 'USER_REQUEST',
      Message: `Terminated by the local reaper: left ${cluster.Status.State} by a run that is no longer running`,
    });
    if (done) terminated.push(cluster.Id);
  }
  if (terminated.length > 0) {
    log(
      `reaper: terminated ${terminated.length} cluster(s) left by earlier runs: ${terminated.join(', ')}`,
    );
  }
  return terminated;
}
