/**
 * The reaper against moto's server on 127.0.0.1: real SDK clients, real HTTP, clusters in several
 * states and with several tag sets. A throttling proxy in front of moto proves the retry policy.
 */
import {
  AddJobFlowStepsCommand,
  DescribeClusterCommand,
  EMRClient,
  RunJobFlowCommand,
  TerminateJobFlowsCommand,
} from '@aws-sdk/client-emr';
import {
  CreateStateMachineCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClients } from '../../../tasks/reap-clusters/clients.ts';
import type { ReaperConfig } from '../../../tasks/reap-clusters/config.ts';
import { type ReaperDeps, reap } from '../../../tasks/reap-clusters/reaper.ts';
import { type Moto, startMoto } from '../../support/moto.ts';
import { startThrottleProxy, type ThrottleProxy } from '../../support/throttle-proxy.ts';

const REGION = 'eu-west-2';
const WORKFLOW = 'market-pipeline-it';
const SM = `arn:aws:states:${REGION}:123456789012:stateMachine:${WORKFLOW}`;
const missingExecution = `arn:aws:states:${REGION}:123456789012:execution:${WORKFLOW}:never-started`;

let moto: Moto;
let proxy: ThrottleProxy;
let emr: EMRClient;
let sfn: SFNClient;

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  moto = await startMoto();
  proxy = await startThrottleProxy(moto.endpoint);
  // Setup clients talk to moto directly, so the proxy only sees the reaper's own calls.
  emr = new EMRClient({ endpoint: moto.endpoint, region: REGION });
  sfn = new SFNClient({ endpoint: moto.endpoint, region: REGION });
});

afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});

beforeEach(async () => {
  await fetch(`${moto.endpoint}/moto-api/reset`, { method: 'POST' });
  proxy.reset();
  await sfn.send(
    new CreateStateMachineCommand({
      name: WORKFLOW,
      roleArn: 'arn:aws:iam::123456789012:role/sfn',
      definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
    }),
  );
});

const startExecution = async (name: string, stop = false): Promise<string> => {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: SM, name, input: '{}' }),
  );
  if (!executionArn) throw new Error('moto returned no executionArn');
  if (stop) await sfn.send(new StopExecutionCommand({ executionArn }));
  return executionArn;
};

/** A cluster with the given tags: WAITING in moto, or RUNNING once a step has been added. */
const runCluster = async (name: string, tags: Record<string, string>, withStep = false) => {
  const { JobFlowId } = await emr.send(
    new RunJobFlowCommand({
      Name: name,
      ReleaseLabel: 'emr-7.5.0',
      Instances: {
        MasterInstanceType: 'm5.xlarge',
        SlaveInstanceType: 'm5.xlarge',
        InstanceCount: 2,
        KeepJobFlowAliveWhenNoSteps: true,
      },
      JobFlowRole: 'EMR_EC2_DefaultRole',
      ServiceRole: 'EMR_DefaultRole',
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  if (!JobFlowId) throw new Error('moto returned no JobFlowId');
  if (withStep) {
    await emr.send(
      new AddJobFlowStepsCommand({
        JobFlowId,
        Steps: [
          {
            Name: 'train',
            ActionOnFailure: 'CONTINUE',
            HadoopJarStep: { Jar: 'command-runner.jar', Args: ['spark-submit', 'x.py'] },
          },
        ],
      }),
    );
  }
  return JobFlowId;
};

const stateOf = async (clusterId: string) =>
  (await emr.send(new DescribeClusterCommand({ ClusterId: clusterId }))).Cluster?.Status?.State;

const ours = (executionArn: string) => ({
  'market-pipeline:workflow': WORKFLOW,
  'market-pipeline:execution': executionArn,
  'for-use-with-amazon-emr-managed-policies': 'true',
});

const deps = (
  overrides: Partial<ReaperConfig> = {},
  now = () => new Date(),
  endpoint = proxy.endpoint,
): ReaperDeps => {
  const config: ReaperConfig = {
    workflowName: WORKFLOW,
    stateMachineArn: SM,
    maxClusterAgeMinutes: 360,
    maxAttempts: 8,
    retryMode: 'standard',
    ...overrides,
  };
  const silent = () => undefined;
  return {
    ...createClients(config, { endpoint, region: REGION }),
    config,
    now,
    log: { info: silent, warn: silent, error: silent },
  };
};

describe('reaper against moto', () => {
  it("sweep terminates only this workflow's orphaned clusters and leaves the rest untouched", async () => {
    const running = await startExecution('running');
    const stopped = await startExecution('stopped', true);
    const keepWaiting = await runCluster('keep-waiting', ours(running));
    const keepStepping = await runCluster('keep-stepping', ours(running), true);
    const orphanStopped = await runCluster('orphan-stopped', ours(stopped));
    const orphanMissing = await runCluster('orphan-missing', ours(missingExecution));
    const otherWorkflow = await runCluster('other', {
      'market-pipeline:workflow': 'someone-else',
      'market-pipeline:execution': stopped,
    });
    const untagged = await runCluster('untagged', {});
    const alreadyDone = await runCluster('already-done', ours(stopped));
    await emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [alreadyDone] }));

    const result = await reap({ action: 'sweep' }, deps());

    expect(result.terminated.map((t) => [t.clusterId, t.reason]).sort()).toStrictEqual(
      [
        [orphanStopped, 'execution-not-running'],
        [orphanMissing, 'execution-missing'],
      ].sort(),
    );
    expect(result.examined).toBe(4);
    const states = Object.fromEntries(
      await Promise.all(
        [keepWaiting, keepStepping, orphanStopped, orphanMissing, otherWorkflow, untagged].map(
          async (id) => [id, await stateOf(id)],
        ),
      ),
    );
    expect(states).toStrictEqual({
      [keepWaiting]: 'WAITING',
      [keepStepping]: 'RUNNING',
      [orphanStopped]: 'TERMINATED',
      [orphanMissing]: 'TERMINATED',
      [otherWorkflow]: 'WAITING',
      [untagged]: 'WAITING',
    });
  });

  it('a status-change event terminates the clusters of that execution only', async () => {
    const stopped = await startExecution('stopped', true);
    const running = await startExecution('running');
    const target = await runCluster('target', ours(stopped));
    const bystander = await runCluster('bystander', ours(running));
    const event = {
      source: 'aws.states',
      'detail-type': 'Step Functions Execution Status Change',
      detail: { stateMachineArn: SM, executionArn: stopped, status: 'ABORTED' },
    };

    const result = await reap(event, deps());

    expect(result.terminated).toStrictEqual([
      { clusterId: target, reason: 'execution-ended', executionArn: stopped },
    ]);
    expect([await stateOf(target), await stateOf(bystander)]).toStrictEqual([
      'TERMINATED',
      'WAITING',
    ]);
  });

  it("sweep terminates a running execution's cluster once it is older than the maximum age", async () => {
    const running = await startExecution('running');
    const cluster = await runCluster('long-lived', ours(running));
    const sevenHoursLater = () => new Date(Date.now() + 7 * 3600_000);

    const result = await reap({ action: 'sweep' }, deps({}, sevenHoursLater));

    expect(result.terminated.map((t) => t.reason)).toStrictEqual(['max-age']);
    expect(await stateOf(cluster)).toBe('TERMINATED');
  });

  it.each([
    ['standard', 2],
    ['adaptive', 1],
  ] as const)(
    'in %s mode, retries throttled calls (%i per operation) and completes the sweep',
    async (retryMode, throttles) => {
      const stopped = await startExecution('stopped', true);
      const cluster = await runCluster('orphan', ours(stopped));
      for (const op of [
        'ListClusters',
        'DescribeCluster',
        'DescribeExecution',
        'TerminateJobFlows',
      ]) {
        proxy.throttleNext(op, throttles);
      }

      const result = await reap({ action: 'sweep' }, deps({ retryMode }));

      expect(result.terminated.map((t) => t.clusterId)).toStrictEqual([cluster]);
      expect(await stateOf(cluster)).toBe('TERMINATED');
      const attempts = (op: string) => proxy.log.filter((l) => l.operation === op);
      for (const op of [
        'ListClusters',
        'DescribeCluster',
        'DescribeExecution',
        'TerminateJobFlows',
      ]) {
        const expected = [...Array<boolean>(throttles).fill(true), false];
        expect(
          attempts(op).map((a) => a.throttled),
          op,
        ).toStrictEqual(expected);
      }
    },
  );

  it('gives up after the configured attempts and surfaces ThrottlingException', async () => {
    proxy.throttleNext('ListClusters', 10);

    await expect(reap({ action: 'sweep' }, deps({ maxAttempts: 3 }))).rejects.toThrow(
      expect.objectContaining({ name: 'ThrottlingException' }),
    );
    expect(proxy.log.filter((l) => l.operation === 'ListClusters')).toHaveLength(3);
  });

  it('the Lambda handler reads its environment and reaps through the default clients', async () => {
    const stopped = await startExecution('stopped', true);
    const cluster = await runCluster('orphan', ours(stopped));
    Object.assign(process.env, {
      WORKFLOW_NAME: WORKFLOW,
      STATE_MACHINE_ARN: SM,
      AWS_REGION: REGION,
      // The SDK's standard endpoint override; in Lambda it is unset.
      AWS_ENDPOINT_URL: moto.endpoint,
      POWERTOOLS_SERVICE_NAME: 'reap-clusters',
      POWERTOOLS_METRICS_NAMESPACE: 'MarketPipelineTest',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
    const { handler } = await import('../../../tasks/reap-clusters/handler.ts');

    const result = await handler({ action: 'sweep' });

    expect(result.terminated.map((t) => t.clusterId)).toStrictEqual([cluster]);
    expect(await stateOf(cluster)).toBe('TERMINATED');
  });
});
