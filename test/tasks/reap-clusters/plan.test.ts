import { describe, expect, it } from 'vitest';
import {
  type ClusterInfo,
  type ExecutionLookup,
  executionsToLookUp,
  planForExecution,
  planSweep,
} from '../../../tasks/reap-clusters/plan.ts';

const SM = 'arn:aws:states:eu-west-2:123456789012:stateMachine:market-pipeline';
const exec = (name: string) =>
  `arn:aws:states:eu-west-2:123456789012:execution:market-pipeline:${name}`;
const NOW = new Date('2026-11-28T12:00:00Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

const cluster = (
  id: string,
  tags: Record<string, string>,
  createdAt: Date = minutesAgo(30),
): ClusterInfo => ({ id, name: id, createdAt, tags });
const ours = (id: string, execution?: string, createdAt?: Date) =>
  cluster(
    id,
    {
      'market-pipeline:workflow': 'market-pipeline',
      ...(execution ? { 'market-pipeline:execution': execution } : {}),
    },
    createdAt,
  );

const sweep = (clusters: ClusterInfo[], executions: Record<string, ExecutionLookup> = {}) =>
  planSweep({
    clusters,
    workflowName: 'market-pipeline',
    stateMachineArn: SM,
    executions: new Map(Object.entries(executions)),
    now: NOW,
    maxAgeMinutes: 360,
  });

describe('planForExecution', () => {
  it("selects this workflow's clusters tagged with the ended execution", () => {
    const plan = planForExecution(
      [ours('j-1', exec('a')), ours('j-2', exec('b')), ours('j-3', exec('a'))],
      'market-pipeline',
      exec('a'),
    );
    expect(plan.map((p) => p.clusterId)).toStrictEqual(['j-1', 'j-3']);
  });

  it("leaves another workflow's cluster tagged with the same execution ARN", () => {
    const foreign = cluster('j-9', {
      'market-pipeline:workflow': 'someone-else',
      'market-pipeline:execution': exec('a'),
    });
    expect(planForExecution([foreign], 'market-pipeline', exec('a'))).toStrictEqual([]);
  });

  it('records the reason and the execution', () => {
    expect(planForExecution([ours('j-1', exec('a'))], 'market-pipeline', exec('a'))).toStrictEqual([
      { clusterId: 'j-1', reason: 'execution-ended', executionArn: exec('a') },
    ]);
  });
});

describe('executionsToLookUp', () => {
  it("lists each of this state machine's executions once", () => {
    const clusters = [
      ours('j-1', exec('a')),
      ours('j-2', exec('a')),
      ours('j-3', exec('b')),
      ours('j-4', 'arn:aws:states:eu-west-2:123456789012:execution:other:x'),
      ours('j-5'),
      cluster('j-6', { 'market-pipeline:execution': exec('c') }),
    ];
    expect(executionsToLookUp(clusters, 'market-pipeline', SM)).toStrictEqual([
      exec('a'),
      exec('b'),
    ]);
  });
});

describe('planSweep', () => {
  it('terminates a cluster whose execution is no longer running', () => {
    expect(sweep([ours('j-1', exec('a'))], { [exec('a')]: 'ABORTED' })).toStrictEqual([
      { clusterId: 'j-1', reason: 'execution-not-running', executionArn: exec('a') },
    ]);
  });

  it('terminates a cluster whose execution does not exist', () => {
    expect(sweep([ours('j-1', exec('a'))], { [exec('a')]: 'MISSING' })).toStrictEqual([
      { clusterId: 'j-1', reason: 'execution-missing', executionArn: exec('a') },
    ]);
  });

  it('keeps a young cluster whose execution is running', () => {
    expect(sweep([ours('j-1', exec('a'))], { [exec('a')]: 'RUNNING' })).toStrictEqual([]);
  });

  it('terminates a running execution’s cluster once it exceeds the maximum age', () => {
    const old = ours('j-1', exec('a'), minutesAgo(361));
    expect(sweep([old], { [exec('a')]: 'RUNNING' })).toStrictEqual([
      { clusterId: 'j-1', reason: 'max-age', executionArn: exec('a') },
    ]);
  });

  it('keeps a cluster exactly at the maximum age', () => {
    expect(sweep([ours('j-1', exec('a'), minutesAgo(360))], { [exec('a')]: 'RUNNING' })).toEqual(
      [],
    );
  });

  it('judges a cluster whose execution could not be looked up by age alone', () => {
    expect(sweep([ours('j-1', exec('a')), ours('j-2', exec('b'), minutesAgo(400))])).toStrictEqual([
      { clusterId: 'j-2', reason: 'max-age', executionArn: exec('b') },
    ]);
  });

  it('judges an untagged-execution cluster of this workflow by age alone', () => {
    expect(sweep([ours('j-1'), ours('j-2', undefined, minutesAgo(999))])).toStrictEqual([
      { clusterId: 'j-2', reason: 'max-age' },
    ]);
  });

  it('never selects a cluster without this workflow tag, however old', () => {
    const foreign = cluster('j-1', { 'market-pipeline:execution': exec('a') }, minutesAgo(9999));
    expect(sweep([foreign], { [exec('a')]: 'FAILED' })).toStrictEqual([]);
  });

  it("ignores a lookup for another state machine's execution ARN", () => {
    const otherExec = 'arn:aws:states:eu-west-2:123456789012:execution:other:x';
    expect(sweep([ours('j-1', otherExec)], { [otherExec]: 'FAILED' })).toStrictEqual([]);
  });
});
