/**
 * The local EMR emulator behind the engine's three EMR `.sync` integrations (`EmrBackend`).
 * Clusters live in the JSON ledger (`<stateDir>/emr/clusters.json`); steps run on this machine
 * (see step.ts). Lifecycle as on EMR: STARTING -> BOOTSTRAPPING -> WAITING, RUNNING while a step
 * runs, WAITING again after it, TERMINATING -> TERMINATED (or TERMINATED_WITH_ERRORS).
 *
 * Idle auto-termination is honoured on the runtime's clock: a WAITING cluster with no step for
 * `AutoTerminationPolicy.IdleTimeout` seconds of workflow time is terminated. The engine's
 * workflow time follows real time and only sleeps are scaled, so the timer runs
 * `IdleTimeout * timeScale` real seconds, or `IdleTimeout` real seconds when `timeScale` is 0
 * (skipped sleeps elsewhere do not advance it). The reaper (cli/local/reaper.ts) covers stopped
 * executions either way.
 */
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { EmrBackend, IntegrationContext } from '../../../engine/api.ts';
import { IntegrationError } from '../../../engine/api.ts';
import { venvPython } from '../../../scripts/ensure-venv.ts';
import { bootstrapFailure } from './bootstrap.ts';
import { newClusterId, newStepId, type RandomSource } from './ids.ts';
import { Ledger } from './ledger.ts';
import { uploadStepLogs } from './log-push.ts';
import { prepareSparkVenv } from './requirements.ts';
import { executeStep, type StepOutcome } from './step.ts';
import {
  type ClusterRecord,
  type ClusterState,
  isTerminated,
  type StateChangeReason,
  type StepRecord,
} from './types.ts';
import { emrApiError, validateRunJobFlow } from './validate.ts';
import { validateAddStep } from './validate-step.ts';

export type LocalEmrOptions = {
  /** The ledger, logs and work folders live under `<stateDir>/emr/`. */
  stateDir: string;
  /** The local S3 the steps read from and write to. */
  s3: S3Client;
  /** Real seconds per workflow second for provisioning, termination and idle timeouts. @default 1 */
  timeScale?: number;
  /** For cluster and step ids. @default Math.random */
  random?: RandomSource;
  /** Used when no task context gives the runtime's clock (idle timeouts, reaping). @default Date */
  now?: () => Date;
  log?: (line: string) => void;
  /** @default 'us-east-1' */
  region?: string;
  /** @default '123456789012' */
  accountId?: string;
  /** Workflow seconds from STARTING to WAITING. @default 3 */
  provisioningSeconds?: number;
  /** Workflow seconds from TERMINATING to TERMINATED. @default 1 */
  terminationSeconds?: number;
  /** Resolves the spark-submit to run. @default the project venv's, prepared on first use */
  sparkSubmit?: (log: (line: string) => void) => Promise<string>;
  /** Environment of step processes. @default process.env plus the venv's Python for PySpark */
  env?: NodeJS.ProcessEnv;
};

export type LocalEmrPaths = { ledger: string; logs: string; work: string };

export type LocalEmr = EmrBackend & {
  ledger: Ledger;
  paths: LocalEmrPaths;
  /** Terminates a cluster outside any task (reaper, idle timeout); false if already terminated. */
  terminate: (clusterId: string, reason: StateChangeReason) => Promise<boolean>;
  /** Resolves once no step is running or being recorded and no termination is under way. */
  settle: () => Promise<void>;
  /** Stops idle timers. Clusters and their ledger entries are left as they are. */
  close: () => void;
};

type Live = {
  now: () => Date;
  idleTimer?: NodeJS.Timeout;
  /** The steps of a cluster run one at a time (StepConcurrencyLevel 1): the chain's tail. */
  steps: Promise<unknown>;
  /** Cancels the running step, if any. */
  running?: AbortController;
  /** Set while the cluster is TERMINATING. */
  terminating?: Promise<void>;
};

export function createLocalEmr(options: LocalEmrOptions): LocalEmr {
  const root = join(options.stateDir, 'emr');
  const paths: LocalEmrPaths = {
    ledger: join(root, 'clusters.json'),
    logs: join(root, 'logs'),
    work: join(root, 'work'),
  };
  const ledger = new Ledger(paths.ledger);
  const timeScale = options.timeScale ?? 1;
  const random = options.random ?? Math.random;
  const defaultNow = options.now ?? (() => new Date());
  const log = options.log ?? (() => {});
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  const provisioningMs = (options.provisioningSeconds ?? 3) * 1000;
  const terminationMs = (options.terminationSeconds ?? 1) * 1000;
  const sparkSubmit = options.sparkSubmit ?? prepareSparkVenv;
  const env = options.env ?? defaultStepEnv();
  const live = new Map<string, Live>();

  const liveOf = (id: string): Live => {
    let entry = live.get(id);
    if (!entry) {
      entry = { now: defaultNow, steps: Promise.resolve() };
      live.set(id, entry);
    }
    return entry;
  };
  const iso = (id: string): string => liveOf(id).now().toISOString();
  const realSleep = (ms: number): Promise<void> =>
    ms * timeScale <= 0 ? Promise.resolve() : new Promise((r) => setTimeout(r, ms * timeScale));

  const setState = (id: string, state: ClusterState, reason: StateChangeReason = {}) =>
    ledger.updateCluster(id, (c) => {
      c.Status.State = state;
      c.Status.StateChangeReason = reason;
      if (state === 'WAITING' && !c.Status.Timeline.ReadyDateTime) {
        c.Status.Timeline.ReadyDateTime = iso(id);
      }
      if (state === 'TERMINATED' || state === 'TERMINATED_WITH_ERRORS') {
        c.Status.Timeline.EndDateTime = iso(id);
        // Steps this process is not running (e.g. left by a crashed run) end with the cluster.
        for (const step of c.Steps) {
          if (step.Status.State === 'RUNNING' || step.Status.State === 'PENDING') {
            step.Status.State = 'CANCELLED';
            step.Status.Timeline.EndDateTime = iso(id);
            delete step.Local.pid;
          }
        }
      }
      return c;
    });

  const clearIdle = (id: string): void => {
    const entry = liveOf(id);
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    delete entry.idleTimer;
  };

  const startIdle = (cluster: ClusterRecord): void => {
    clearIdle(cluster.Id);
    const idle = cluster.AutoTerminationPolicy?.IdleTimeout;
    if (!idle) return;
    const timer = setTimeout(
      () => {
        void terminate(cluster.Id, {
          Code: 'ALL_STEPS_COMPLETED',
          Message: `Cluster was idle for ${idle} seconds, its auto-termination IdleTimeout`,
        }).catch((err) =>
          log(`EMR ${cluster.Id}: idle termination failed: ${(err as Error).message}`),
        );
      },
      idle * 1000 * (timeScale > 0 ? timeScale : 1),
    );
    timer.unref();
    liveOf(cluster.Id).idleTimer = timer;
  };

  /**
   * Moves a cluster to TERMINATING, cancels its running and pending steps, waits out the
   * termination time and records `finalState`. Resolves false when the cluster was already
   * terminated; a second caller during termination waits for the first to finish.
   */
  async function terminate(
    id: string,
    reason: StateChangeReason,
    finalState: ClusterState = 'TERMINATED',
    sleep: (ms: number) => Promise<void> = realSleep,
  ): Promise<boolean> {
    const entry = liveOf(id);
    if (entry.terminating) {
      await entry.terminating;
      return false;
    }
    const alreadyEnded = await ledger.updateCluster(id, (c) => {
      if (isTerminated(c)) return true;
      c.Status.State = 'TERMINATING';
      c.Status.StateChangeReason = reason;
      for (const step of c.Steps) {
        if (step.Status.State === 'PENDING') {
          step.Status.State = 'CANCELLED';
          step.Status.Timeline.EndDateTime = iso(id);
        }
      }
      return false;
    });
    if (alreadyEnded) return false;
    entry.terminating = (async () => {
      clearIdle(id);
      entry.running?.abort(new Error(`cluster ${id} is terminating`));
      await entry.steps; // the running step records itself CANCELLED
      await sleep(terminationMs);
      await setState(id, finalState, reason);
      log(`EMR ${id}: ${finalState} (${reason.Code}: ${reason.Message})`);
    })();
    await entry.terminating;
    return true;
  }

  async function createCluster(
    request: Record<string, unknown>,
    ctx: IntegrationContext,
  ): Promise<{ ClusterId: string; ClusterArn: string }> {
    validateRunJobFlow(request);
    const id = newClusterId(random);
    const arn = `arn:aws:elasticmapreduce:${region}:${accountId}:cluster/${id}`;
    liveOf(id).now = ctx.now;
    const req = request as ClusterRecord['Request'] & Record<string, unknown>;
    const record: ClusterRecord = {
      Id: id,
      Name: req.Name as string,
      ClusterArn: arn,
      Status: {
        State: 'STARTING',
        StateChangeReason: {},
        Timeline: { CreationDateTime: ctx.now().toISOString() },
      },
      Tags: (req.Tags ?? []).map((t) => ({ Key: t.Key as string, Value: t.Value ?? '' })),
      ReleaseLabel: req.ReleaseLabel as string,
      ...(req.LogUri ? { LogUri: req.LogUri } : {}),
      ...(req.AutoTerminationPolicy?.IdleTimeout
        ? { AutoTerminationPolicy: { IdleTimeout: req.AutoTerminationPolicy.IdleTimeout } }
        : {}),
      Applications: (req.Applications ?? []).map((a) => ({ Name: a.Name ?? '' })),
      ...(req.ServiceRole ? { ServiceRole: req.ServiceRole } : {}),
      AutoTerminate: req.Instances?.KeepJobFlowAliveWhenNoSteps !== true,
      TerminationProtected: req.Instances?.TerminationProtected === true,
      StepConcurrencyLevel: 1,
      Steps: [],
      Request: req,
      Local: { ownerPid: process.pid },
    };
    await ledger.update((clusters) => {
      clusters.push(record);
    });
    log(`EMR ${id} '${record.Name}': STARTING (${record.ReleaseLabel})`);

    await ctx.sleep(provisioningMs / 2);
    await setState(id, 'BOOTSTRAPPING');
    const failure = await bootstrapFailure(options.s3, req.BootstrapActions ?? []);
    if (failure) {
      await terminate(
        id,
        { Code: 'BOOTSTRAP_FAILURE', Message: failure },
        'TERMINATED_WITH_ERRORS',
        ctx.sleep,
      );
      throw new IntegrationError('States.TaskFailed', await describe(id));
    }
    await ctx.sleep(provisioningMs / 2);
    if (record.AutoTerminate) {
      // KeepJobFlowAliveWhenNoSteps defaults to false: with no steps, EMR shuts the cluster down.
      await terminate(
        id,
        { Code: 'ALL_STEPS_COMPLETED', Message: 'Steps completed' },
        'TERMINATED',
        ctx.sleep,
      );
      throw new IntegrationError('States.TaskFailed', await describe(id));
    }
    const ready = await setState(id, 'WAITING', { Message: 'Cluster ready to run steps.' });
    startIdle(ready);
    log(`EMR ${id}: WAITING`);
    return { ClusterId: id, ClusterArn: arn };
  }

  /** DescribeCluster's `Cluster` as JSON: what a failed `.sync` task carries as its Cause. */
  async function describe(id: string): Promise<string> {
    const cluster = (await ledger.read()).find((c) => c.Id === id);
    if (!cluster) return JSON.stringify({ Id: id });
    const { Request: _request, Local: _local, Steps: _steps, ...shape } = cluster;
    return JSON.stringify(shape);
  }

  async function addStep(
    request: { ClusterId: string; Step: Record<string, unknown> },
    ctx: IntegrationContext,
  ): Promise<{ StepId: string }> {
    const { clusterId, name, jar, args, actionOnFailure, properties } = validateAddStep(request);
    const stepId = newStepId(random);
    const workDir = join(paths.work, clusterId, stepId);
    const logDir = join(paths.logs, clusterId, 'steps', stepId);
    const now = (): string => ctx.now().toISOString();
    const step: StepRecord = {
      Id: stepId,
      Name: name,
      Config: { Jar: jar, Args: args, Properties: properties },
      ActionOnFailure: actionOnFailure,
      Status: { State: 'PENDING', StateChangeReason: {}, Timeline: { CreationDateTime: now() } },
      Local: { workDir, logDir },
    };
    const cluster = await ledger.update((clusters) => {
      const c = clusters.find((x) => x.Id === clusterId);
      if (!c)
        throw emrApiError(`Cluster id '${clusterId}' is not valid.`, 'InvalidRequestException');
      if (isTerminated(c) || c.Status.State === 'TERMINATING') {
        throw emrApiError(
          'A job flow that is shutting down, terminated, or finished may not be modified.',
        );
      }
      c.Steps.push(step);
      return c;
    });
    const entry = liveOf(clusterId);
    const updateStep = (change: (s: StepRecord, c: ClusterRecord) => void) =>
      ledger.updateCluster(clusterId, (c) => {
        const s = c.Steps.find((x) => x.Id === stepId);
        if (s) change(s, c);
        return c;
      });

    const turn = entry.steps.then(async (): Promise<StepOutcome | 'cancelled-before-start'> => {
      const current = (await ledger.read()).find((c) => c.Id === clusterId);
      const mine = current?.Steps.find((s) => s.Id === stepId);
      if (
        !current ||
        isTerminated(current) ||
        mine?.Status.State !== 'PENDING' ||
        ctx.signal.aborted
      ) {
        await updateStep((s) => {
          s.Status.State = 'CANCELLED';
          s.Status.Timeline.EndDateTime = now();
        });
        return 'cancelled-before-start';
      }
      clearIdle(clusterId);
      const controller = new AbortController();
      entry.running = controller;
      await updateStep((s, c) => {
        s.Status.State = 'RUNNING';
        s.Status.Timeline.StartDateTime = now();
        c.Status.State = 'RUNNING';
        c.Status.StateChangeReason = { Message: `Running step ${stepId}` };
      });
      log(`EMR ${clusterId}: step ${stepId} '${name}' RUNNING`);
      try {
        return await executeStep({
          stepId,
          jar,
          args,
          workDir,
          logDir,
          applications: cluster.Applications.map((a) => a.Name),
          s3: options.s3,
          signal: AbortSignal.any([ctx.signal, controller.signal]),
          sparkSubmit: () => sparkSubmit(log),
          env,
          log,
          onCommand: async (command) => {
            await updateStep((s) => {
              s.Local.command = command;
            });
          },
          onStart: (pid) => {
            void updateStep((s) => {
              s.Local.pid = pid;
            });
          },
        });
      } catch (err) {
        if (ctx.signal.aborted || controller.signal.aborted) return { state: 'CANCELLED' } as const;
        return {
          state: 'FAILED',
          exitCode: null,
          reason: 'Local step runner error',
          message: (err as Error).message,
        } as const;
      } finally {
        delete entry.running;
      }
    });
    // The step is settled once its outcome is recorded and its logs pushed: the next step, a
    // termination and `settle()` wait for that, not just for the process.
    const recorded = turn.then(async (outcome) => {
      if (outcome === 'cancelled-before-start') return { outcome, finished: undefined };
      const finished = await updateStep((s, c) => {
        s.Status.State = outcome.state;
        s.Status.Timeline.EndDateTime = now();
        delete s.Local.pid;
        if (outcome.state !== 'CANCELLED') s.Local.exitCode = outcome.exitCode;
        if (outcome.state === 'FAILED') {
          s.Status.FailureDetails = {
            Reason: outcome.reason,
            Message: outcome.message,
            LogFile: join(logDir, 'stderr'),
          };
        }
        if (c.Status.State === 'RUNNING') {
          c.Status.State = 'WAITING';
          c.Status.StateChangeReason = { Message: 'Cluster ready after last step completed.' };
        }
      });
      await uploadStepLogs(options.s3, finished, stepId, logDir, log);
      log(`EMR ${clusterId}: step ${stepId} ${outcome.state}`);
      return { outcome, finished };
    });
    entry.steps = recorded.catch(() => undefined);
    const { outcome, finished } = await recorded;
    if (outcome === 'cancelled-before-start' || !finished) {
      throw ctx.signal.aborted
        ? ctx.signal.reason
        : new IntegrationError('States.TaskFailed', await describeStep(clusterId, stepId));
    }
    const cancelTerminates = ['TERMINATE_CLUSTER', 'TERMINATE_JOB_FLOW'].includes(actionOnFailure);
    if (outcome.state === 'FAILED' && cancelTerminates) {
      await terminate(
        clusterId,
        { Code: 'STEP_FAILURE', Message: 'Shut down as step failed' },
        'TERMINATED_WITH_ERRORS',
      );
    } else if (finished.Status.State === 'WAITING') {
      startIdle(finished);
    }
    if (outcome.state === 'COMPLETED') return { StepId: stepId };
    if (outcome.state === 'CANCELLED' && ctx.signal.aborted) throw ctx.signal.reason;
    throw new IntegrationError('States.TaskFailed', await describeStep(clusterId, stepId));
  }

  /** DescribeStep's `Step` as JSON: the Cause of a failed `addStep.sync`. */
  async function describeStep(clusterId: string, stepId: string): Promise<string> {
    const cluster = (await ledger.read()).find((c) => c.Id === clusterId);
    const step = cluster?.Steps.find((s) => s.Id === stepId);
    if (!step) return JSON.stringify({ Id: stepId });
    const { Local: _local, ...shape } = step;
    return JSON.stringify(shape);
  }

  async function terminateCluster(
    request: { ClusterId: string },
    ctx: IntegrationContext,
  ): Promise<Record<string, never>> {
    const id = request?.ClusterId;
    const cluster = (await ledger.read()).find((c) => c.Id === id);
    if (!cluster)
      throw emrApiError(`Cluster id '${String(id)}' is not valid.`, 'InvalidRequestException');
    if (cluster.TerminationProtected && !isTerminated(cluster)) {
      throw emrApiError(
        'Could not shut down one or more job flows since they are termination protected.',
      );
    }
    if (!live.has(id)) liveOf(id).now = ctx.now;
    await terminate(
      id,
      { Code: 'USER_REQUEST', Message: 'Terminated by user request' },
      'TERMINATED',
      ctx.sleep,
    );
    return {};
  }

  return {
    ledger,
    paths,
    createCluster,
    addStep,
    terminateCluster,
    terminate: (id, reason) => terminate(id, reason),
    settle: async () => {
      await Promise.all([...live.values()].flatMap((e) => [e.steps, e.terminating]));
    },
    close: () => {
      for (const id of live.keys()) clearIdle(id);
    },
  };
}

/**
 * Step processes use the venv's Python for PySpark's driver and workers (it has numpy; the
 * system python3 may not), and bind Spark to 127.0.0.1 (no hostname lookups, nothing exposed).
 */
function defaultStepEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PYSPARK_PYTHON: venvPython,
    PYSPARK_DRIVER_PYTHON: venvPython,
    SPARK_LOCAL_IP: '127.0.0.1',
  };
}
