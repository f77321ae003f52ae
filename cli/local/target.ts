/**
 * The local target: the same definition on the embedded runtime (`runLocal`): local S3, the task
 * Lambdas in-process, the EMR emulator running Spark locally. Ctrl-C aborts the execution, and
 * the runtime's reaper terminates its cluster, as the stack's reaper does on AWS.
 */

import type { LocalRunOptions, LocalRunResult } from '../../runtime/types.ts';
import type { Workflow } from '../../workflows/registry.ts';
import type { CliOptions, RunSpec } from '../args/parse.ts';
import { describeFailure } from '../failure.ts';
import type { ProgressSnapshot } from '../progress/model.ts';
import type { OutputSummary, RunResult } from '../result.ts';
import { metricsLocation, summarizeOutput } from '../summary.ts';
import { baseResult, type ExecutionTarget, finishedResult } from '../target.ts';
import { readLocalMetrics } from './metrics.ts';
import { localStepStderr } from './step-stderr.ts';

export type RunLocal = (options: LocalRunOptions) => Promise<LocalRunResult>;

export const LOCAL_BANNER =
  'Running on the embedded local runtime (no AWS account used): local S3 on 127.0.0.1, the task Lambdas in-process, the training step on local Spark.';

export function createLocalTarget(
  options: CliOptions,
  loadRuntime: () => Promise<RunLocal>,
  env: Record<string, string | undefined> = {},
  /** The workflow object, when it is not the registry's (a test's fixture). */
  workflow: string | Workflow = options.workflow,
): ExecutionTarget {
  let runLocal: RunLocal | undefined;
  return {
    kind: 'local',
    banner: LOCAL_BANNER,
    prepare: async () => {
      runLocal = await loadRuntime();
      return [];
    },
    run: async (spec, context) => {
      if (!runLocal) throw new Error('local target: prepare() was not called');
      const abort = new AbortController();
      const onInterrupt = () => {
        context.log(
          `Aborting ${spec.name}: the runtime stops the execution and terminates its cluster (Ctrl-C again to quit at once)`,
        );
        abort.abort();
      };
      // A Ctrl-C that came while the execution was being started counts too.
      if (context.interrupt.aborted) onInterrupt();
      else context.interrupt.addEventListener('abort', onInterrupt, { once: true });
      const lambdaEnv = lambdaEnvFrom(env);
      const run = runLocal({
        workflow,
        input: spec.input,
        executionName: spec.name,
        signal: abort.signal,
        onEvent: context.view.onEvent,
        onNestedEvent: (event, execution) => context.view.onNestedEvent(event, execution),
        log: context.log,
        ...(options.local.stateDir ? { stateDir: options.local.stateDir } : {}),
        ...(options.local.timeScale !== undefined ? { timeScale: options.local.timeScale } : {}),
        ...(lambdaEnv ? { lambdaEnv } : {}),
      });
      const forced = new Promise<'forced'>((resolve) =>
        context.hardInterrupt.aborted
          ? resolve('forced')
          : context.hardInterrupt.addEventListener('abort', () => resolve('forced'), {
              once: true,
            }),
      );
      const outcome = await Promise.race([run, forced]);
      context.interrupt.removeEventListener('abort', onInterrupt);
      if (outcome === 'forced') {
        return {
          ...baseResult('local', spec),
          status: 'ABORTED',
          message:
            'quit without waiting for the abort: a cluster may stay in the ledger until the next run reaps it',
        };
      }
      return await resultOf(spec, outcome, context.view.snapshot());
    },
    close: () => {},
  };
}

async function resultOf(
  spec: RunSpec,
  result: LocalRunResult,
  snapshot: ProgressSnapshot,
): Promise<RunResult> {
  const { locations } = result;
  const summary: OutputSummary = {
    ...summarizeOutput(result.output),
    ...(locations.dataPrefix ? { dataPrefix: locations.dataPrefix } : {}),
    ...(locations.modelPrefix ? { modelPrefix: locations.modelPrefix } : {}),
  };
  const metricsUri = metricsLocation(summary);
  if (result.status === 'SUCCEEDED' && metricsUri && !summary.metrics) {
    const metrics = await readLocalMetrics(locations.s3Directory, metricsUri);
    if (metrics) summary.metrics = metrics;
  }
  const failure = result.status === 'SUCCEEDED' ? {} : describeFailure(snapshot);
  const emrStep = failure.emrStep
    ? localStepStderr(locations.emrLogsDir, withLedgerStep(failure.emrStep, locations))
    : undefined;
  return {
    ...finishedResult('local', spec, {
      executionArn: result.executionArn,
      status: result.status,
      start: snapshot.startedAt,
      stop: snapshot.stoppedAt,
      output: result.output,
      summary,
      downloads: snapshot.downloads,
      error: result.error,
      cause: result.cause,
      failure,
      emrStep,
    }),
    billableTransitions: result.billableTransitions,
    locations,
  };
}

/**
 * `MARKET_PIPELINE_LAMBDA_ENV_<NAME>=value` is passed to the in-process Lambdas as `<NAME>`, e.g.
 * a provider base URL for an offline test; nothing else from the caller's env leaks into them.
 */
function lambdaEnvFrom(
  env: Record<string, string | undefined>,
): Record<string, string> | undefined {
  const prefix = 'MARKET_PIPELINE_LAMBDA_ENV_';
  const entries = Object.entries(env)
    .filter(([key, value]) => key.startsWith(prefix) && value !== undefined)
    .map(([key, value]) => [key.slice(prefix.length), value as string]);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/**
 * The history names the cluster and, usually, the step; the runtime's report of the run's clusters
 * (LocalRunLocations.clusters) names the step that FAILED and its log folder.
 */
function withLedgerStep(
  step: { clusterId?: string; stepId?: string },
  locations: LocalRunResult['locations'],
): { clusterId?: string; stepId?: string; logDir?: string } {
  const clusters = locations.clusters ?? [];
  const cluster = clusters.find((c) => c.id === step.clusterId) ?? clusters.at(-1);
  const steps = cluster?.steps ?? [];
  const found =
    steps.find((s) => s.id === step.stepId) ?? steps.filter((s) => s.state === 'FAILED').at(-1);
  if (!cluster || !found) return step;
  return { clusterId: cluster.id, stepId: found.id, logDir: found.logDir };
}
