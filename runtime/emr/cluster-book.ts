/**
 * The emulator's shared state: the ledger plus what only this process knows about each cluster
 * (its clock, idle timer, running step, step chain, termination under way), and the cluster
 * life-cycle moves every integration uses: state changes, idle auto-termination, termination.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { RandomSource } from './ids.ts';
import { Ledger } from './ledger.ts';
import {
  type ClusterRecord,
  type ClusterState,
  isTerminated,
  type StateChangeReason,
} from './types.ts';

export type EmrConfig = {
  s3: S3Client;
  paths: { ledger: string; logs: string; work: string };
  timeScale: number;
  random: RandomSource;
  log: (line: string) => void;
  region: string;
  accountId: string;
  provisioningMs: number;
  terminationMs: number;
  sparkSubmit: (log: (line: string) => void) => Promise<string>;
  env: NodeJS.ProcessEnv;
  now: () => Date;
};

type Live = {
  /** The runtime's clock, from the task that created (or last touched) the cluster. */
  now: () => Date;
  idleTimer?: NodeJS.Timeout;
  /** The steps of a cluster run one at a time (StepConcurrencyLevel 1): the chain's tail. */
  steps: Promise<unknown>;
  /** Cancels the running step, if any. */
  running?: AbortController;
  /** Set while the cluster is TERMINATING. */
  terminating?: Promise<void>;
};

export class ClusterBook {
  readonly ledger: Ledger;
  private readonly live = new Map<string, Live>();

  constructor(readonly config: EmrConfig) {
    this.ledger = new Ledger(config.paths.ledger);
  }

  liveOf(id: string): Live {
    let entry = this.live.get(id);
    if (!entry) {
      entry = { now: this.config.now, steps: Promise.resolve() };
      this.live.set(id, entry);
    }
    return entry;
  }

  isKnown(id: string): boolean {
    return this.live.has(id);
  }

  iso(id: string): string {
    return this.liveOf(id).now().toISOString();
  }

  /** Sleeps `ms` of workflow time outside any task: `ms * timeScale` real milliseconds. */
  sleep(ms: number): Promise<void> {
    const real = ms * this.config.timeScale;
    return real <= 0 ? Promise.resolve() : new Promise((r) => setTimeout(r, real));
  }

  setState(
    id: string,
    state: ClusterState,
    reason: StateChangeReason = {},
  ): Promise<ClusterRecord> {
    return this.ledger.updateCluster(id, (c) => {
      c.Status.State = state;
      c.Status.StateChangeReason = reason;
      if (state === 'WAITING' && !c.Status.Timeline.ReadyDateTime) {
        c.Status.Timeline.ReadyDateTime = this.iso(id);
      }
      if (state === 'TERMINATED' || state === 'TERMINATED_WITH_ERRORS') {
        c.Status.Timeline.EndDateTime = this.iso(id);
        // Steps this process is not running (e.g. left by a crashed run) end with the cluster.
        for (const step of c.Steps) {
          if (step.Status.State === 'RUNNING' || step.Status.State === 'PENDING') {
            step.Status.State = 'CANCELLED';
            step.Status.Timeline.EndDateTime = this.iso(id);
            delete step.Local.pid;
          }
        }
      }
      return c;
    });
  }

  clearIdle(id: string): void {
    const entry = this.liveOf(id);
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    delete entry.idleTimer;
  }

  /**
   * Arms idle auto-termination for a WAITING cluster: `IdleTimeout` seconds of workflow time,
   * i.e. `IdleTimeout * timeScale` real seconds, or `IdleTimeout` real seconds at timeScale 0
   * (the engine's clock follows real time apart from the sleeps it skips).
   */
  startIdle(cluster: ClusterRecord): void {
    this.clearIdle(cluster.Id);
    const idle = cluster.AutoTerminationPolicy?.IdleTimeout;
    if (!idle) return;
    const scale = this.config.timeScale > 0 ? this.config.timeScale : 1;
    const timer = setTimeout(
      () => {
        this.terminate(cluster.Id, {
          Code: 'ALL_STEPS_COMPLETED',
          Message: `Cluster was idle for ${idle} seconds, its auto-termination IdleTimeout`,
        }).catch((err) =>
          this.config.log(`EMR ${cluster.Id}: idle termination failed: ${(err as Error).message}`),
        );
      },
      idle * 1000 * scale,
    );
    timer.unref();
    this.liveOf(cluster.Id).idleTimer = timer;
  }

  /**
   * Moves a cluster to TERMINATING, cancels its running and pending steps, waits out the
   * termination time and records `finalState`. Resolves false when the cluster was already
   * terminated; a second caller during termination waits for the first to finish.
   */
  async terminate(
    id: string,
    reason: StateChangeReason,
    finalState: ClusterState = 'TERMINATED',
    sleep: (ms: number) => Promise<void> = (ms) => this.sleep(ms),
  ): Promise<boolean> {
    const entry = this.liveOf(id);
    if (entry.terminating) {
      await entry.terminating;
      return false;
    }
    const alreadyEnded = await this.ledger.updateCluster(id, (c) => {
      if (isTerminated(c)) return true;
      c.Status.State = 'TERMINATING';
      c.Status.StateChangeReason = reason;
      for (const step of c.Steps) {
        if (step.Status.State === 'PENDING') {
          step.Status.State = 'CANCELLED';
          step.Status.Timeline.EndDateTime = this.iso(id);
        }
      }
      return false;
    });
    if (alreadyEnded) return false;
    entry.terminating = (async () => {
      this.clearIdle(id);
      entry.running?.abort(new Error(`cluster ${id} is terminating`));
      await entry.steps; // the running step records itself CANCELLED
      await sleep(this.config.terminationMs);
      await this.setState(id, finalState, reason);
      this.config.log(`EMR ${id}: ${finalState} (${reason.Code}: ${reason.Message})`);
    })();
    await entry.terminating;
    return true;
  }

  /** DescribeCluster's `Cluster` as JSON: what a failed `.sync` task carries as its Cause. */
  async describeCluster(id: string): Promise<string> {
    const cluster = (await this.ledger.read()).find((c) => c.Id === id);
    if (!cluster) return JSON.stringify({ Id: id });
    const { Request: _request, Local: _local, Steps: _steps, ...shape } = cluster;
    return JSON.stringify(shape);
  }

  /** DescribeStep's `Step` as JSON: the Cause of a failed `addStep.sync`. */
  async describeStep(clusterId: string, stepId: string): Promise<string> {
    const cluster = (await this.ledger.read()).find((c) => c.Id === clusterId);
    const step = cluster?.Steps.find((s) => s.Id === stepId);
    if (!step) return JSON.stringify({ Id: stepId });
    const { Local: _local, ...shape } = step;
    return JSON.stringify(shape);
  }

  /** Resolves once no step is running or being recorded and no termination is under way. */
  async settle(): Promise<void> {
    await Promise.all([...this.live.values()].flatMap((e) => [e.steps, e.terminating]));
  }

  /** Stops every idle timer. */
  close(): void {
    for (const id of this.live.keys()) this.clearIdle(id);
  }
}
