import { EMRClient } from '@aws-sdk/client-emr';
import { SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import type { UnprovenCluster } from '../../../contracts/reaper.ts';
import type { ReaperConfig } from '../../../tasks/reap-clusters/config.ts';
import { type ReaperDeps, reap } from '../../../tasks/reap-clusters/reaper.ts';

const SM = 'arn:aws:states:eu-west-2:123456789012:stateMachine:market-pipeline';
const exec = (name: string) =>
  `arn:aws:states:eu-west-2:123456789012:execution:market-pipeline:${name}`;
const NOW = new Date('2026-11-28T12:00:00Z');

type FakeCluster = {
  id: string;
  state: string;
  tags: Record<string, string>;
  created?: Date;
  protected?: boolean;
  /** DescribeCluster's ServiceRole. @default this stack's ('svc-role') */
  serviceRole?: string;
  /** DescribeCluster's Ec2InstanceAttributes.IamInstanceProfile. @default this stack's */
  profile?: string;
};

const SERVICE_ROLE = 'svc-role';
const PROFILE = 'ec2-profile';

/**
 * In-memory EMR and Step Functions answering the four commands the reaper sends. The
 * integration test runs the same code against moto's server; this one pins the branching.
 */
const fakes = (
  clusters: FakeCluster[],
  executions: Record<string, string>,
  /** DescribeExecution's startDate/stopDate by execution ARN. @default none reported */
  windows: Record<string, { startDate?: Date; stopDate?: Date }> = {},
) => {
  const calls: string[] = [];
  // Real client instances (the SDK paginator checks the class) with `send` answered in memory.
  const emr = new EMRClient({ region: 'eu-west-2' });
  const emrSend = async (command: {
    constructor: { name: string };
    input: Record<string, unknown>;
  }) => {
    const name = command.constructor.name;
    calls.push(name);
    const input = command.input;
    if (name === 'ListClustersCommand') {
      const states = input.ClusterStates as string[];
      return {
        Clusters: clusters.filter((c) => states.includes(c.state)).map((c) => ({ Id: c.id })),
      };
    }
    if (name === 'DescribeClusterCommand') {
      const c = clusters.find((x) => x.id === input.ClusterId);
      return {
        Cluster: {
          Id: c?.id,
          Name: c?.id,
          Status: { State: c?.state, Timeline: { CreationDateTime: c?.created ?? NOW } },
          Tags: Object.entries(c?.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
          ServiceRole: c?.serviceRole ?? SERVICE_ROLE,
          Ec2InstanceAttributes: { IamInstanceProfile: c?.profile ?? PROFILE },
        },
      };
    }
    if (name === 'TerminateJobFlowsCommand') {
      const c = clusters.find((x) => x.id === (input.JobFlowIds as string[])[0]);
      if (c?.protected) {
        throw Object.assign(new Error('termination protected'), { name: 'ValidationException' });
      }
      if (c) c.state = 'TERMINATED';
      return {};
    }
    throw new Error(`unexpected EMR command ${name}`);
  };
  const sfn = new SFNClient({ region: 'eu-west-2' });
  const sfnSend = async (command: {
    constructor: { name: string };
    input: { executionArn: string };
  }) => {
    calls.push(command.constructor.name);
    const status = executions[command.input.executionArn];
    if (!status)
      throw Object.assign(new Error('no such execution'), { name: 'ExecutionDoesNotExist' });
    if (status === 'DENIED')
      throw Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
    // 'FOREIGN' stands for an execution Step Functions files under another state machine.
    if (status === 'FOREIGN') return { status: 'SUCCEEDED', stateMachineArn: `${SM}-other` };
    return { status, stateMachineArn: SM, ...windows[command.input.executionArn] };
  };
  Object.assign(emr, { send: emrSend });
  Object.assign(sfn, { send: sfnSend });
  const config: ReaperConfig = {
    workflowName: 'market-pipeline',
    stateMachineArn: SM,
    emrServiceRole: SERVICE_ROLE,
    emrInstanceProfile: PROFILE,
    maxClusterAgeMinutes: 360,
    maxAttempts: 3,
    retryMode: 'standard',
  };
  const silent = () => undefined;
  const warnings: Array<Record<string, unknown> | undefined> = [];
  const reported: UnprovenCluster[][] = [];
  const deps: ReaperDeps = {
    emr,
    sfn,
    config,
    now: () => NOW,
    log: { info: silent, warn: (_m, extra) => warnings.push(extra), error: silent },
    onUnproven: (u) => reported.push([...u]),
  };
  return { deps, calls, clusters, warnings, reported };
};

const ours = (execution: string) => ({
  'market-pipeline:workflow': 'market-pipeline',
  'market-pipeline:execution': execution,
});

const statusEvent = (executionArn: string, status: string) => ({
  source: 'aws.states',
  'detail-type': 'Step Functions Execution Status Change',
  detail: { stateMachineArn: SM, executionArn, status },
});

const stateOf = (clusters: FakeCluster[]) =>
  Object.fromEntries(clusters.map((c) => [c.id, c.state]));

describe('reap on an execution status change', () => {
  it('terminates only the clusters tagged with that execution', async () => {
    const { deps, clusters } = fakes(
      [
        { id: 'j-a', state: 'RUNNING', tags: ours(exec('a')) },
        { id: 'j-b', state: 'WAITING', tags: ours(exec('b')) },
        { id: 'j-x', state: 'WAITING', tags: { 'market-pipeline:execution': exec('a') } },
      ],
      // The ownership proof looks the execution up: it must exist (hardening 4).
      { [exec('a')]: 'ABORTED' },
    );
    const result = await reap(statusEvent(exec('a'), 'ABORTED'), deps);
    expect(result.terminated.map((t) => t.clusterId)).toStrictEqual(['j-a']);
    expect(stateOf(clusters)).toStrictEqual({
      'j-a': 'TERMINATED',
      'j-b': 'WAITING',
      'j-x': 'WAITING',
    });
  });

  it('makes no AWS call when the execution is still running', async () => {
    const { deps, calls } = fakes([{ id: 'j-a', state: 'RUNNING', tags: ours(exec('a')) }], {});
    const result = await reap(statusEvent(exec('a'), 'RUNNING'), deps);
    expect([result.terminated, calls]).toStrictEqual([[], []]);
  });

  it('refuses an event for another state machine before any AWS call', async () => {
    const { deps, calls } = fakes([], {});
    const foreign = { ...statusEvent(exec('a'), 'FAILED'), detail: { stateMachineArn: `${SM}-2` } };
    await expect(reap(foreign, deps)).rejects.toThrow(/stateMachineArn must be/);
    expect(calls).toStrictEqual([]);
  });
});

describe('reap on the hourly sweep', () => {
  it('terminates ended, missing and over-age clusters and keeps the running one', async () => {
    const old = new Date(NOW.getTime() - 7 * 3600_000);
    const { deps, clusters } = fakes(
      [
        { id: 'j-run', state: 'RUNNING', tags: ours(exec('run')) },
        { id: 'j-old', state: 'WAITING', tags: ours(exec('run')), created: old },
        { id: 'j-end', state: 'WAITING', tags: ours(exec('end')) },
        { id: 'j-gone', state: 'BOOTSTRAPPING', tags: ours(exec('gone')) },
        { id: 'j-done', state: 'TERMINATED', tags: ours(exec('end')) },
        {
          id: 'j-other',
          state: 'WAITING',
          tags: { 'market-pipeline:workflow': 'other' },
          created: old,
        },
      ],
      { [exec('run')]: 'RUNNING', [exec('end')]: 'SUCCEEDED' },
    );
    const result = await reap({ action: 'sweep' }, deps);
    expect(result.examined).toBe(4);
    // j-gone's execution does not exist: it fails the ownership proof (hardening 4), so it is
    // reported instead of terminated ('execution-missing' before).
    expect(result.terminated).toStrictEqual([
      { clusterId: 'j-old', reason: 'max-age', executionArn: exec('run') },
      { clusterId: 'j-end', reason: 'execution-not-running', executionArn: exec('end') },
    ]);
    expect(result.unproven.map((u) => u.clusterId)).toStrictEqual(['j-gone']);
    expect(stateOf(clusters)).toMatchObject({
      'j-run': 'RUNNING',
      'j-other': 'WAITING',
      'j-gone': 'BOOTSTRAPPING',
    });
  });

  it('looks each execution up once however many clusters carry it', async () => {
    const { deps, calls } = fakes(
      [
        { id: 'j-1', state: 'WAITING', tags: ours(exec('a')) },
        { id: 'j-2', state: 'WAITING', tags: ours(exec('a')) },
      ],
      { [exec('a')]: 'RUNNING' },
    );
    await reap({ action: 'sweep' }, deps);
    expect(calls.filter((c) => c === 'DescribeExecutionCommand')).toHaveLength(1);
  });

  it('terminates every other cluster before reporting a failed termination', async () => {
    const { deps, clusters } = fakes(
      [
        { id: 'j-1', state: 'WAITING', tags: ours(exec('x')), protected: true },
        { id: 'j-2', state: 'WAITING', tags: ours(exec('y')) },
      ],
      { [exec('x')]: 'FAILED', [exec('y')]: 'FAILED' },
    );
    await expect(reap({ action: 'sweep' }, deps)).rejects.toThrow(
      expect.objectContaining({
        name: 'ReapIncompleteError',
        message: expect.stringContaining('TerminateJobFlows failed: ValidationException'),
      }),
    );
    expect(stateOf(clusters)).toStrictEqual({ 'j-1': 'WAITING', 'j-2': 'TERMINATED' });
  });

  it('keeps a young cluster whose execution lookup was denied, and reports the denial', async () => {
    const { deps, clusters } = fakes([{ id: 'j-1', state: 'WAITING', tags: ours(exec('x')) }], {
      [exec('x')]: 'DENIED',
    });
    await expect(reap({ action: 'sweep' }, deps)).rejects.toThrow(
      /DescribeExecution failed: AccessDeniedException/,
    );
    expect(stateOf(clusters)).toStrictEqual({ 'j-1': 'WAITING' });
  });
});

describe('ownership proof (hardening 4): the tags alone never get a cluster terminated', () => {
  const old = new Date(NOW.getTime() - 7 * 3600_000);

  it('leaves a console clone with another service role running and reports it by id', async () => {
    const { deps, clusters, warnings, reported } = fakes(
      [
        { id: 'j-ours', state: 'WAITING', tags: ours(exec('end')) },
        { id: 'j-clone', state: 'WAITING', tags: ours(exec('end')), serviceRole: 'TeamBRole' },
      ],
      { [exec('end')]: 'FAILED' },
    );
    const result = await reap({ action: 'sweep' }, deps);
    expect(result.terminated.map((t) => t.clusterId)).toStrictEqual(['j-ours']);
    expect(stateOf(clusters)).toStrictEqual({ 'j-ours': 'TERMINATED', 'j-clone': 'WAITING' });
    const expected = {
      clusterId: 'j-clone',
      executionArn: exec('end'),
      reasons: ["service role is TeamBRole, not this stack's svc-role"],
    };
    expect(result.unproven).toStrictEqual([expected]);
    expect(reported).toStrictEqual([[expected]]);
    expect(warnings).toContainEqual(expected);
  });

  it('leaves an over-age cluster given the tags running when its execution is made up', async () => {
    const { deps, clusters } = fakes(
      [{ id: 'j-tagged', state: 'WAITING', tags: ours(exec('invented')), created: old }],
      {},
    );
    const result = await reap({ action: 'sweep' }, deps);
    expect(result.terminated).toStrictEqual([]);
    expect(result.unproven).toStrictEqual([
      {
        clusterId: 'j-tagged',
        executionArn: exec('invented'),
        reasons: [`execution ${exec('invented')} does not exist`],
      },
    ]);
    expect(stateOf(clusters)).toStrictEqual({ 'j-tagged': 'WAITING' });
  });

  it("leaves an over-age cluster running whose execution is another state machine's or absent", async () => {
    const otherExec = 'arn:aws:states:eu-west-2:123456789012:execution:someone-else:x';
    const { deps, clusters } = fakes(
      [
        { id: 'j-other', state: 'WAITING', tags: ours(otherExec), created: old },
        {
          id: 'j-bare',
          state: 'WAITING',
          tags: { 'market-pipeline:workflow': 'market-pipeline' },
          created: old,
        },
        { id: 'j-filed', state: 'WAITING', tags: ours(exec('filed')), created: old },
      ],
      { [exec('filed')]: 'FOREIGN' },
    );
    const result = await reap({ action: 'sweep' }, deps);
    expect(result.terminated).toStrictEqual([]);
    expect(result.unproven.map((u) => [u.clusterId, u.reasons])).toStrictEqual([
      ['j-other', [`execution ${otherExec} is not one of ${SM}`]],
      ['j-bare', ['no market-pipeline:execution tag']],
      ['j-filed', [`execution ${exec('filed')} belongs to another state machine`]],
    ]);
    expect(Object.values(stateOf(clusters))).toStrictEqual(['WAITING', 'WAITING', 'WAITING']);
  });

  it('after a status change, terminates the genuine cluster and not its clone with another profile', async () => {
    const { deps, clusters } = fakes(
      [
        { id: 'j-ours', state: 'RUNNING', tags: ours(exec('a')) },
        { id: 'j-clone', state: 'WAITING', tags: ours(exec('a')), profile: 'TeamBProfile' },
      ],
      { [exec('a')]: 'ABORTED' },
    );
    const result = await reap(statusEvent(exec('a'), 'ABORTED'), deps);
    expect(result.terminated.map((t) => t.clusterId)).toStrictEqual(['j-ours']);
    expect(result.unproven).toStrictEqual([
      {
        clusterId: 'j-clone',
        executionArn: exec('a'),
        reasons: ["instance profile is TeamBProfile, not this stack's ec2-profile"],
      },
    ]);
    expect(stateOf(clusters)).toStrictEqual({ 'j-ours': 'TERMINATED', 'j-clone': 'WAITING' });
  });

  it("accepts this account's role and profile ARNs (any path), not another account's", async () => {
    const { deps, clusters } = fakes(
      [
        {
          id: 'j-arn',
          state: 'WAITING',
          tags: ours(exec('end')),
          serviceRole: 'arn:aws:iam::123456789012:role/svc-role',
          profile: 'arn:aws:iam::123456789012:instance-profile/team/ec2-profile',
        },
        {
          id: 'j-foreign',
          state: 'WAITING',
          tags: ours(exec('end')),
          serviceRole: 'arn:aws:iam::210987654321:role/svc-role',
        },
      ],
      { [exec('end')]: 'SUCCEEDED' },
    );
    const result = await reap({ action: 'sweep' }, deps);
    expect(result.terminated.map((t) => t.clusterId)).toStrictEqual(['j-arn']);
    expect(result.unproven.map((u) => u.clusterId)).toStrictEqual(['j-foreign']);
    expect(stateOf(clusters)).toStrictEqual({ 'j-arn': 'TERMINATED', 'j-foreign': 'WAITING' });
  });

  it('reports the unproven clusters before failing on another cluster', async () => {
    const { deps, reported } = fakes(
      [
        { id: 'j-1', state: 'WAITING', tags: ours(exec('x')), protected: true },
        { id: 'j-clone', state: 'WAITING', tags: ours(exec('x')), serviceRole: 'TeamBRole' },
      ],
      { [exec('x')]: 'FAILED' },
    );
    await expect(reap({ action: 'sweep' }, deps)).rejects.toThrow(/TerminateJobFlows failed/);
    expect(reported.flat().map((u) => u.clusterId)).toStrictEqual(['j-clone']);
  });
});

describe('ownership proof (hardening 4): the cluster was created while its execution ran', () => {
  const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

  it('leaves a clone made after the execution ended running, and terminates the original', async () => {
    const { deps, clusters } = fakes(
      [
        { id: 'j-original', state: 'WAITING', tags: ours(exec('end')), created: minutesAgo(50) },
        { id: 'j-clone', state: 'WAITING', tags: ours(exec('end')), created: minutesAgo(10) },
      ],
      { [exec('end')]: 'FAILED' },
      { [exec('end')]: { startDate: minutesAgo(60), stopDate: minutesAgo(40) } },
    );
    const result = await reap({ action: 'sweep' }, deps);
    expect(result.terminated.map((t) => t.clusterId)).toStrictEqual(['j-original']);
    expect(result.unproven).toStrictEqual([
      {
        clusterId: 'j-clone',
        executionArn: exec('end'),
        reasons: [
          `created ${minutesAgo(10).toISOString()}, after execution ${exec('end')} ended at ${minutesAgo(40).toISOString()}`,
        ],
      },
    ]);
    expect(stateOf(clusters)).toStrictEqual({ 'j-original': 'TERMINATED', 'j-clone': 'WAITING' });
  });

  it('leaves a cluster created before its execution started running', async () => {
    const { deps, clusters } = fakes(
      [{ id: 'j-early', state: 'WAITING', tags: ours(exec('end')), created: minutesAgo(90) }],
      { [exec('end')]: 'ABORTED' },
      { [exec('end')]: { startDate: minutesAgo(60), stopDate: minutesAgo(40) } },
    );
    const result = await reap(statusEvent(exec('end'), 'ABORTED'), deps);
    expect(result.terminated).toStrictEqual([]);
    expect(result.unproven.map((u) => u.reasons)).toStrictEqual([
      [`created ${minutesAgo(90).toISOString()}, before execution ${exec('end')} started`],
    ]);
    expect(stateOf(clusters)).toStrictEqual({ 'j-early': 'WAITING' });
  });

  it('allows a minute of clock difference either side of the run', async () => {
    const { deps } = fakes(
      [{ id: 'j-edge', state: 'WAITING', tags: ours(exec('end')), created: minutesAgo(39.5) }],
      { [exec('end')]: 'SUCCEEDED' },
      { [exec('end')]: { startDate: minutesAgo(60), stopDate: minutesAgo(40) } },
    );
    const result = await reap({ action: 'sweep' }, deps);
    expect(result.terminated.map((t) => t.clusterId)).toStrictEqual(['j-edge']);
  });
});
