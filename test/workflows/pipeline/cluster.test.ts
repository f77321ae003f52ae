import { describe, expect, it } from 'vitest';
import { ClusterTag } from '../../../contracts/cluster-tags.ts';
import { clusterDefinition, context, evaluate, sampleRun, stateOf } from './helpers.ts';

const create = stateOf(clusterDefinition, 'CreateCluster', 'Task');
const train = stateOf(clusterDefinition, 'Train', 'Task');
const terminate = stateOf(clusterDefinition, 'TerminateCluster', 'Task');
const afterFailure = stateOf(clusterDefinition, 'TerminateClusterAfterFailure', 'Task');
const rethrow = stateOf(clusterDefinition, 'RethrowFailure', 'Fail');

describe('CreateCluster', () => {
  it('tags the cluster with the workflow and the execution for the reaper', async () => {
    const args = (await evaluate(create.Arguments, { context: context() })) as {
      Tags: unknown;
      Name: string;
    };
    expect(args.Tags).toStrictEqual([
      { Key: ClusterTag.workflow, Value: 'market-data-pipeline' },
      {
        Key: ClusterTag.execution,
        Value: 'arn:aws:states:eu-west-2:123456789012:execution:market-data-pipeline:run-1',
      },
      { Key: 'for-use-with-amazon-emr-managed-policies', Value: 'true' },
    ]);
    expect(args.Name).toBe('market-pipeline-run-1');
  });

  it('stays alive for the step, terminates itself when idle, and logs to the logs bucket', () => {
    expect(create.Arguments).toMatchObject({
      ReleaseLabel: 'emr-7.12.0',
      AutoTerminationPolicy: { IdleTimeout: 1800 },
      LogUri: 's3://${LogsBucket}/emr/',
      ServiceRole: '${EmrServiceRole}',
      JobFlowRole: '${EmrInstanceProfile}',
      Instances: { KeepJobFlowAliveWhenNoSteps: true, Ec2SubnetId: '${EmrSubnetId}' },
    });
  });

  it('launches with the stack-owned security configuration (at-rest encryption, IMDSv2)', () => {
    expect(create.Arguments).toMatchObject({
      SecurityConfiguration: '${EmrSecurityConfiguration}',
    });
  });

  it('runs the core group on Spot and the primary node on demand', () => {
    const groups = (
      create.Arguments as {
        Instances: { InstanceGroups: Array<{ InstanceRole: string; Market: string }> };
      }
    ).Instances.InstanceGroups;
    expect(groups.map((g) => [g.InstanceRole, g.Market])).toStrictEqual([
      ['MASTER', 'ON_DEMAND'],
      ['CORE', 'SPOT'],
    ]);
  });

  it('keeps the top-level ClusterId of the .sync result', async () => {
    expect(
      await evaluate(create.Assign, { result: { ClusterId: 'j-ABC', ClusterArn: 'arn:cluster' } }),
    ).toStrictEqual({
      clusterId: 'j-ABC',
    });
  });
});

describe('Train', () => {
  it('runs spark-submit through command-runner.jar with the run prefixes and parameters', async () => {
    const run = {
      ...sampleRun,
      dates: ['2026-11-23', '2026-11-24'],
      maxDepth: 7,
      testFraction: 0.25,
    };
    const args = await evaluate(
      train.Arguments,
      { context: context() },
      { run, clusterId: 'j-ABC', tickers: ['AZN.L', 'BP.L'] },
    );
    expect(args).toStrictEqual({
      ClusterId: 'j-ABC',
      Step: {
        Name: 'train-model',
        ActionOnFailure: 'CONTINUE',
        HadoopJarStep: {
          Jar: 'command-runner.jar',
          Args: [
            'spark-submit',
            '--deploy-mode',
            'cluster',
            's3://${DataBucket}/code/train/train_model.py',
            '--input',
            's3://${DataBucket}/raw/interval=1m/date=2026-11-23/,s3://${DataBucket}/raw/interval=1m/date=2026-11-24/',
            '--output',
            's3://${DataBucket}/models/run-1/',
            '--max-depth',
            '7',
            '--test-fraction',
            '0.25',
            // train-model's: the data the metrics name (workflows/train-model/summary.ts).
            '--data-description',
            JSON.stringify({
              workflow: 'train-model',
              executionName: 'run-1',
              from: run.from,
              to: run.to,
              sessions: run.dates,
              interval: '1m',
              tickers: 2,
              manifest: null,
            }),
          ],
        },
      },
    });
  });

  it('has a timeout and sends every error to the teardown, keeping it in $failure', async () => {
    const c = train.Catch?.[0];
    const error = { Error: 'States.TaskFailed', Cause: 'Step failed' };
    expect([train.TimeoutSeconds, c?.ErrorEquals, c?.Next]).toStrictEqual([
      3600,
      ['States.ALL'],
      'TerminateClusterAfterFailure',
    ]);
    expect(await evaluate(c?.Assign, { errorOutput: error })).toStrictEqual({ failure: error });
  });
});

describe('teardown', () => {
  it('terminates the cluster on success, then summarises', () => {
    expect([train.Next, terminate.Resource, terminate.Next]).toStrictEqual([
      'TerminateCluster',
      'arn:aws:states:::elasticmapreduce:terminateCluster.sync',
      'Summary',
    ]);
  });

  it('retries teardown and, if it still fails, tears down again on the failure path', () => {
    expect(terminate.Retry?.[0]).toMatchObject({
      ErrorEquals: ['States.ALL'],
      MaxAttempts: 3,
      JitterStrategy: 'FULL',
    });
    expect(terminate.Catch?.[0]?.Next).toBe('TerminateClusterAfterFailure');
  });

  it('re-raises the original error even when the teardown after a failure fails', () => {
    expect([
      afterFailure.Next,
      afterFailure.Catch?.[0]?.Next,
      afterFailure.Catch?.[0]?.Assign,
    ]).toStrictEqual(['RethrowFailure', 'RethrowFailure', undefined]);
  });

  it('ends FAILED with the original error and cause', async () => {
    const failure = { Error: 'States.TaskFailed', Cause: '{"Step":"failed"}' };
    expect([
      await evaluate(rethrow.Error, {}, { failure }),
      await evaluate(rethrow.Cause, {}, { failure }),
    ]).toStrictEqual(['States.TaskFailed', '{"Step":"failed"}']);
  });

  it('gives an empty cause when the original error had none', async () => {
    expect(await evaluate(rethrow.Cause, {}, { failure: { Error: 'States.Timeout' } })).toBe('');
  });
});
