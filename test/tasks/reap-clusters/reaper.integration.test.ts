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
const SERVICE_ROLE = 'EMR_DefaultRole';
const INSTANCE_PROFILE = 'EMR_EC2_DefaultRole';
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
const runCluster = async (
  name: string,
  tags: Record<string, string>,
  withStep = false,
  roles: { service?: string; profile?: string } = {},
) => {
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
      JobFlowRole: roles.profile ?? INSTANCE_PROFILE,
      ServiceRole: roles.service ?? SERVICE_ROLE,
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
    // What runCluster creates clusters with: "this stack's" identities.
    emrServiceRole: SERVICE_ROLE,
    emrInstanceProfile: INSTANCE_PROFILE,
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

    // orphanMissing names an execution Step Functions does not know: it fails the ownership
    // proof (hardening 4) and is reported, not terminated ('execution-missing' before).
    expect(result.terminated.map((t) => [t.clusterId, t.reason]).sort()).toStrictEqual(
      [[orphanStopped, 'execution-not-running']].sort(),
    );
    expect(result.unproven.map((u) => u.clusterId)).toStrictEqual([orphanMissing]);
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
      [orphanMissing]: 'WAITING',
      [otherWorkflow]: 'WAITING',
      [untagged]: 'WAITING',
    });
  });

  it('leaves console clones and clusters given the tags running, and reports each (hardening 4)', async () => {
    const stopped = await startExecution('stopped', true);
    const genuine = await runCluster('genuine', ours(stopped));
    const otherRole = await runCluster('clone-role', ours(stopped), false, {
      service: 'TeamBServiceRole',
    });
    const otherProfile = await runCluster('clone-profile', ours(stopped), false, {
      profile: 'TeamBInstanceProfile',
    });
    const madeUp = await runCluster('made-up', ours(missingExecution));
    const tenHoursLater = () => new Date(Date.now() + 10 * 3600_000);

    const result = await reap({ action: 'sweep' }, deps({}, tenHoursLater));

    expect(result.terminated.map((t) => t.clusterId)).toStrictEqual([genuine]);
    expect(Object.fromEntries(result.unproven.map((u) => [u.clusterId, u.reasons]))).toStrictEqual({
      [otherRole]: [`service role is TeamBServiceRole, not this stack's ${SERVICE_ROLE}`],
      [otherProfile]: [
        `instance profile is TeamBInstanceProfile, not this stack's ${INSTANCE_PROFILE}`,
      ],
      [madeUp]: [`execution ${missingExecution} does not exist`],
    });
    const states = await Promise.all([genuine, otherRole, otherProfile, madeUp].map(stateOf));
    expect(states).toStrictEqual(['TERMINATED', 'WAITING', 'WAITING', 'WAITING']);
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
      EMR_SERVICE_ROLE: SERVICE_ROLE,
      EMR_INSTANCE_PROFILE: INSTANCE_PROFILE,
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

  it('the Lambda handler publishes UnprovenClusters under the dimensions the stack alarms on (hardening 4)', async () => {
    const stopped = await startExecution('stopped', true);
    const clone = await runCluster('clone', ours(stopped), false, { service: 'TeamBServiceRole' });
    Object.assign(process.env, {
      WORKFLOW_NAME: WORKFLOW,
      STATE_MACHINE_ARN: SM,
      EMR_SERVICE_ROLE: SERVICE_ROLE,
      EMR_INSTANCE_PROFILE: INSTANCE_PROFILE,
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL: moto.endpoint,
      POWERTOOLS_SERVICE_NAME: 'reap-clusters',
      POWERTOOLS_METRICS_NAMESPACE: 'MarketPipelineTest',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
    const { handler } = await import('../../../tasks/reap-clusters/handler.ts');
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    let result: Awaited<ReturnType<typeof handler>>;
    try {
      result = await handler({ action: 'sweep' });
    } finally {
      process.stdout.write = write;
    }

    expect(result.unproven.map((u) => u.clusterId)).toStrictEqual([clone]);
    expect(await stateOf(clone)).toBe('WAITING');
    const records = written
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.includes('"UnprovenClusters"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      service: 'reap-clusters',
      workflow: WORKFLOW,
      UnprovenClusters: 1,
      unprovenClusters: clone,
      _aws: {
        CloudWatchMetrics: [
          expect.objectContaining({
            Namespace: 'MarketPipelineTest',
            Dimensions: [expect.arrayContaining(['service', 'workflow'])],
          }),
        ],
      },
    });
  });
});
