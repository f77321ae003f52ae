/**
 * `addStep.sync`: records the step PENDING, runs it when the cluster's previous step has settled
 * (StepConcurrencyLevel 1), RUNNING -> COMPLETED / FAILED / CANCELLED, then the cluster is WAITING
 * again (or TERMINATED_WITH_ERRORS for a failed step whose ActionOnFailure terminates it).
 */
import { join } from 'node:path';
import type { IntegrationContext } from '../../engine/api.ts';
import { IntegrationError } from '../../engine/api.ts';
import type { ClusterBook } from './cluster-book.ts';
import { newStepId } from './ids.ts';
import { uploadStepLogs } from './log-push.ts';
import { executeStep, type StepOutcome } from './step.ts';
import { type ClusterRecord, isTerminated, type StepRecord } from './types.ts';
import { emrApiError } from './validate.ts';
import { type StepRequest, validateAddStep } from './validate-step.ts';

const terminatingActions = ['TERMINATE_CLUSTER', 'TERMINATE_JOB_FLOW'];

type Turn = StepOutcome | 'cancelled-before-start';

export async function addStep(
  book: ClusterBook,
  request: { ClusterId: string; Step: Record<string, unknown> },
  ctx: IntegrationContext,
): Promise<{ StepId: string }> {
  const { config, ledger } = book;
  const step = validateAddStep(request);
  const { clusterId } = step;
  const stepId = newStepId(config.random);
  const workDir = join(config.paths.work, clusterId, stepId);
  const logDir = join(config.paths.logs, clusterId, 'steps', stepId);
  const now = (): string => ctx.now().toISOString();
  const record: StepRecord = {
    Id: stepId,
    Name: step.name,
    Config: { Jar: step.jar, Args: step.args, Properties: step.properties },
    ActionOnFailure: step.actionOnFailure,
    Status: { State: 'PENDING', StateChangeReason: {}, Timeline: { CreationDateTime: now() } },
    Local: { workDir, logDir },
  };
  const cluster = await ledger.update((clusters) => {
    const c = clusters.find((x) => x.Id === clusterId);
    if (!c) throw emrApiError(`Cluster id '${clusterId}' is not valid.`, 'InvalidRequestException');
    if (isTerminated(c) || c.Status.State === 'TERMINATING') {
      throw emrApiError(
        'A job flow that is shutting down, terminated, or finished may not be modified.',
      );
    }
    c.Steps.push(record);
    return c;
  });
  const entry = book.liveOf(clusterId);
  const updateStep = (change: (s: StepRecord, c: ClusterRecord) => void) =>
    ledger.updateCluster(clusterId, (c) => {
      const s = c.Steps.find((x) => x.Id === stepId);
      if (s) change(s, c);
      return c;
    });

  const turn = entry.steps.then(async (): Promise<Turn> => {
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
    book.clearIdle(clusterId);
    const controller = new AbortController();
    entry.running = controller;
    await updateStep((s, c) => {
      s.Status.State = 'RUNNING';
      s.Status.Timeline.StartDateTime = now();
      c.Status.State = 'RUNNING';
      c.Status.StateChangeReason = { Message: `Running step ${stepId}` };
    });
    config.log(`EMR ${clusterId}: step ${stepId} '${step.name}' RUNNING`);
    try {
      return await run(book, step, { stepId, workDir, logDir, cluster, updateStep }, [
        ctx.signal,
        controller.signal,
      ]);
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
    await uploadStepLogs(config.s3, finished, stepId, logDir, config.log);
    config.log(`EMR ${clusterId}: step ${stepId} ${outcome.state}`);
    return { outcome, finished };
  });
  entry.steps = recorded.catch(() => undefined);
  const { outcome, finished } = await recorded;
  if (outcome === 'cancelled-before-start' || !finished) {
    throw ctx.signal.aborted
      ? ctx.signal.reason
      : new IntegrationError('States.TaskFailed', await book.describeStep(clusterId, stepId));
  }
  if (outcome.state === 'FAILED' && terminatingActions.includes(step.actionOnFailure)) {
    const reason = { Code: 'STEP_FAILURE', Message: 'Shut down as step failed' };
    await book.terminate(clusterId, reason, 'TERMINATED_WITH_ERRORS');
  } else if (finished.Status.State === 'WAITING') {
    book.startIdle(finished);
  }
  if (outcome.state === 'COMPLETED') return { StepId: stepId };
  if (outcome.state === 'CANCELLED' && ctx.signal.aborted) throw ctx.signal.reason;
  throw new IntegrationError('States.TaskFailed', await book.describeStep(clusterId, stepId));
}

/** Runs the step's command; an unexpected runner error is a FAILED step, an abort CANCELLED. */
async function run(
  book: ClusterBook,
  step: StepRequest,
  where: {
    stepId: string;
    workDir: string;
    logDir: string;
    cluster: ClusterRecord;
    updateStep: (change: (s: StepRecord) => void) => Promise<unknown>;
  },
  signals: AbortSignal[],
): Promise<StepOutcome> {
  const { config } = book;
  const signal = AbortSignal.any(signals);
  try {
    return await executeStep({
      stepId: where.stepId,
      jar: step.jar,
      args: step.args,
      workDir: where.workDir,
      logDir: where.logDir,
      applications: where.cluster.Applications.map((a) => a.Name),
      s3: config.s3,
      signal,
      sparkSubmit: () => config.sparkSubmit(config.log),
      env: config.env,
      log: config.log,
      onCommand: async (command) => {
        await where.updateStep((s) => {
          s.Local.command = command;
        });
      },
      onStart: (pid) => {
        void where.updateStep((s) => {
          s.Local.pid = pid;
        });
      },
    });
  } catch (err) {
    if (signal.aborted) return { state: 'CANCELLED' };
    return {
      state: 'FAILED',
      exitCode: null,
      reason: 'Local step runner error',
      message: (err as Error).message,
    };
  }
}
