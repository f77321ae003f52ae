/**
 * The AWS target: start (or attach to) an execution of the deployed state machine and follow it.
 * Ctrl-C asks before StopExecution (or stops at once with --stop-on-interrupt); declining
 * detaches and leaves the execution running.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { type DescribeExecutionOutput, StopExecutionCommand } from '@aws-sdk/client-sfn';
import type { JsonValue } from '../../asl/types.ts';
import type { CliOptions, RunSpec } from '../args/parse.ts';
import { describeFailure } from '../failure.ts';
import { canonicalJson } from '../input.ts';
import type { Io } from '../io.ts';
import { ProgressModel, type ProgressSnapshot } from '../progress/model.ts';
import type { RunResult } from '../result.ts';
import { metricsLocation, parseMetrics, summarizeOutput } from '../summary.ts';
import { baseResult, type ExecutionTarget, finishedResult, type RunContext } from '../target.ts';
import { type AwsClients, createAwsClients } from './clients.ts';
import { fetchStepStderr, parseS3Uri } from './emr-stderr.ts';
import { describeAwsError, retryThrottled } from './errors.ts';
import { followExecution } from './follow.ts';
import { fetchNewEvents } from './history.ts';
import { startOrAttach } from './start.ts';
import { resolveStateMachineArn } from './state-machine-arn.ts';

export function createAwsTarget(
  options: CliOptions,
  io: Io,
  clients: AwsClients = createAwsClients(),
): ExecutionTarget {
  let stateMachineArn = '';
  let decision: Promise<'stop' | 'detach'> | undefined;
  const decide = () => {
    decision ??= options.aws.stopOnInterrupt
      ? Promise.resolve('stop')
      : io
          .confirm(
            `Stop the execution${options.runs.length > 1 ? 's' : ''} on AWS? (no: leave running and stop following)`,
          )
          .then((yes) => (yes ? 'stop' : 'detach'));
    return decision;
  };

  return {
    kind: 'aws',
    banner: 'Running on AWS Step Functions (region and credentials from the AWS SDK chain).',
    prepare: async () => {
      const resolved = await resolveStateMachineArn({
        ...(options.aws.stateMachineArn ? { flag: options.aws.stateMachineArn } : {}),
        env: io.env,
        stackName: options.aws.stackName,
        cloudFormation: clients.cloudFormation,
        workflow: options.workflow,
      });
      stateMachineArn = resolved.arn;
      return [`State machine: ${resolved.arn} (from ${resolved.source})`];
    },
    run: async (spec, context) => {
      try {
        return await runOne(spec, context);
      } catch (error) {
        if (options.verbose && error instanceof Error && error.stack) context.log(error.stack);
        return {
          ...baseResult('aws', spec),
          status: 'ERROR',
          message: describeAwsError(`execution ${spec.name}`, error),
        };
      }
    },
    close: () => clients.destroy(),
  };

  async function runOne(spec: RunSpec, context: RunContext): Promise<RunResult> {
    const { sfn } = clients;
    const throttled = (delay: number) =>
      context.log(`Throttled by Step Functions; retrying in ${(delay / 1000).toFixed(1)} s`);
    const retry = <T>(fn: () => Promise<T>) =>
      retryThrottled(fn, {
        sleep: (ms) => io.sleep(ms),
        onThrottled: throttled,
        firstDelayMs: options.aws.pollIntervalMs,
      });
    const started = await retry(() =>
      startOrAttach(sfn, { stateMachineArn, name: spec.name, input: canonicalJson(spec.input) }),
    );
    const { executionArn } = started;
    const attached = started.attached ? { attached: started.attached } : {};
    if (started.attached === 'running')
      context.log(`Attached to running execution ${executionArn}`);
    else if (started.attached === 'finished') {
      context.log(
        `Execution ${spec.name} already ran (${started.description?.status}); reporting it`,
      );
    } else context.log(`Started ${executionArn}`);
    if (!options.wait) {
      return { ...baseResult('aws', spec), executionArn, status: 'RUNNING', ...attached };
    }

    let description: DescribeExecutionOutput;
    let snapshot: ProgressSnapshot;
    if (started.attached === 'finished' && started.description) {
      // A finished twin's history is read into its own model: replaying it through the live
      // view would print stale progress as if it were happening now.
      description = started.description;
      const model = new ProgressModel();
      for (const event of await retry(() => fetchNewEvents(sfn, executionArn, 0))) {
        model.apply(event);
      }
      snapshot = model.snapshot();
    } else {
      const detach = new AbortController();
      const onInterrupt = async () => {
        if ((await decide()) === 'detach') return detach.abort();
        try {
          await sfn.send(
            new StopExecutionCommand({
              executionArn,
              error: 'UserInterrupt',
              cause: 'Stopped with Ctrl-C from start-workflow',
            }),
          );
          context.log(
            `Stop requested for ${spec.name}; the stack's reaper terminates its EMR cluster`,
          );
        } catch (error) {
          context.log(describeAwsError(`StopExecution ${spec.name}`, error));
        }
      };
      // A Ctrl-C that came while the execution was being started counts too.
      if (context.interrupt.aborted) void onInterrupt();
      else context.interrupt.addEventListener('abort', onInterrupt, { once: true });
      if (context.hardInterrupt.aborted) detach.abort();
      context.hardInterrupt.addEventListener('abort', () => detach.abort(), { once: true });
      const followed = await followExecution({
        sfn,
        executionArn,
        view: context.view,
        pollMs: options.aws.pollIntervalMs,
        sleep: io.sleep,
        signal: detach.signal,
        onThrottled: throttled,
      });
      context.interrupt.removeEventListener('abort', onInterrupt);
      if (followed.detached) {
        return {
          ...baseResult('aws', spec),
          executionArn,
          status: 'RUNNING',
          ...attached,
          message: 'stopped following; the execution continues on AWS',
        };
      }
      description = followed.description;
      snapshot = context.view.snapshot();
    }
    return await resultOf(spec, description, snapshot, attached);
  }

  async function resultOf(
    spec: RunSpec,
    description: DescribeExecutionOutput,
    snapshot: ProgressSnapshot,
    attached: Pick<RunResult, 'attached'>,
  ): Promise<RunResult> {
    const status = (description.status ?? 'FAILED') as RunResult['status'];
    const output = parseJson(description.output);
    const summary = summarizeOutput(output);
    const metricsUri = metricsLocation(summary);
    if (status === 'SUCCEEDED' && metricsUri && !summary.metrics) {
      const metrics = await readMetrics(metricsUri);
      if (metrics) summary.metrics = metrics;
    }
    const failure = status === 'SUCCEEDED' ? {} : describeFailure(snapshot);
    const emrStep = failure.emrStep ? await fetchStepStderr(clients, failure.emrStep) : undefined;
    return {
      ...finishedResult('aws', spec, {
        executionArn: description.executionArn ?? '',
        status,
        start: description.startDate,
        stop: description.stopDate,
        output,
        summary,
        downloads: snapshot.downloads,
        error: description.error,
        cause: description.cause,
        failure,
        emrStep,
      }),
      ...attached,
    };
  }

  async function readMetrics(uri: string): Promise<Record<string, number> | undefined> {
    const object = parseS3Uri(uri);
    if (!object) return undefined;
    try {
      const response = await clients.s3.send(
        new GetObjectCommand({ Bucket: object.bucket, Key: object.key }),
      );
      return parseMetrics(await response.Body?.transformToString());
    } catch {
      // The headline is a convenience; the model prefix is printed either way.
      return undefined;
    }
  }
}

function parseJson(text: string | undefined): JsonValue | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}
