import { describe, expect, it } from 'vitest';
import { LAMBDA_MEMORY_MB } from '../../contracts/lambda-env.ts';
import { INSTANCE_HOUR_PRICES, PRICES } from '../../contracts/prices.ts';
import { clusterUsageOf, formatUsd, lambdaInvocations, runCost } from '../../report/cost.ts';

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 4, 12, 0, seconds)).toISOString();
const fn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/** A Lambda task's scheduled/started/ended events, chained by previousEventId from `id`. */
function lambdaTask(
  id: number,
  functionName: string,
  start: number,
  end: number,
  outcome = 'TaskSucceeded',
) {
  return [
    {
      id,
      previousEventId: id - 1,
      type: 'TaskScheduled',
      timestamp: at(start),
      taskScheduledEventDetails: {
        resourceType: 'lambda',
        resource: 'invoke',
        parameters: JSON.stringify({ FunctionName: functionName, Payload: {} }),
      },
    },
    { id: id + 1, previousEventId: id, type: 'TaskStarted', timestamp: at(start) },
    { id: id + 2, previousEventId: id + 1, type: outcome, timestamp: at(end) },
  ];
}

describe('lambdaInvocations', () => {
  it('times each invocation from TaskStarted to its outcome, interleaved iterations included', () => {
    const a = lambdaTask(10, fn('market-pipeline-download-ticker'), 0, 2);
    const b = lambdaTask(20, fn('market-pipeline-download-ticker'), 1, 4, 'TaskFailed');
    const interleaved = [a[0], b[0], a[1], b[1], a[2], b[2]].filter((e) => e !== undefined);
    expect(lambdaInvocations(interleaved)).toStrictEqual([
      { functionName: fn('market-pipeline-download-ticker'), seconds: 2 },
      { functionName: fn('market-pipeline-download-ticker'), seconds: 3 },
    ]);
  });

  it('ignores tasks of other services', () => {
    const emr = lambdaTask(10, 'x', 0, 60).map((e) =>
      e.type === 'TaskScheduled'
        ? { ...e, taskScheduledEventDetails: { resourceType: 'elasticmapreduce', resource: 'x' } }
        : e,
    );
    expect(lambdaInvocations(emr)).toStrictEqual([]);
  });
});

describe('runCost', () => {
  const events = [
    ...lambdaTask(1, fn('market-pipeline-prepare-input'), 0, 1),
    ...lambdaTask(10, fn('market-pipeline-download-ticker'), 1, 3),
    ...lambdaTask(20, fn('market-pipeline-download-ticker'), 1, 5),
  ];
  const cluster = {
    id: 'j-1',
    created: at(0),
    ended: at(0).replace('12:00:00', '12:30:00'),
    instanceGroups: [
      { instanceType: 'm5.xlarge', instanceCount: 1 },
      { instanceType: 'm5.xlarge', instanceCount: 2 },
    ],
  };

  it('prices transitions, Lambda GB-seconds and requests, and cluster instance-hours', () => {
    const cost = runCost({ events, billableTransitions: 2000, clusters: [cluster] });
    const gbSeconds =
      (1 * LAMBDA_MEMORY_MB['prepare-input']) / 1024 +
      (6 * LAMBDA_MEMORY_MB['download-ticker']) / 1024;
    const m5 = INSTANCE_HOUR_PRICES['m5.xlarge'];
    const emr = 0.5 * 3 * ((m5?.ec2 ?? 0) + (m5?.emr ?? 0));
    expect(cost.transitions).toStrictEqual({ count: 2000, usd: 2 * PRICES.transitionPer1000 });
    expect(cost.lambda.invocations).toBe(3);
    expect(cost.lambda.gbSeconds).toBeCloseTo(gbSeconds, 9);
    expect(cost.lambda.usd).toBeCloseTo(
      gbSeconds * PRICES.lambdaGbSecond + (3 / 1e6) * PRICES.lambdaRequestPerMillion,
      12,
    );
    expect(cost.lambda.byFunction).toStrictEqual([
      { name: 'market-pipeline-prepare-input', memoryMb: 256, invocations: 1, seconds: 1 },
      { name: 'market-pipeline-download-ticker', memoryMb: 512, invocations: 2, seconds: 6 },
    ]);
    expect(cost.clusters).toStrictEqual([{ id: 'j-1', minutes: 30, instanceHours: 1.5, usd: emr }]);
    expect(cost.totalUsd).toBeCloseTo(2 * PRICES.transitionPer1000 + cost.lambda.usd + emr, 12);
    expect(cost.notes).toStrictEqual([]);
  });

  it("counts a cluster the ledger shows running to the run's end, and says so", () => {
    const { ended: _, ...running } = cluster;
    const cost = runCost({
      events: [],
      billableTransitions: 0,
      clusters: [running],
      stopDate: at(0).replace('12:00:00', '12:10:00'),
    });
    expect(cost.clusters[0]?.minutes).toBe(10);
    expect(cost.notes).toStrictEqual([
      "cluster j-1: not terminated in the ledger; counted to the run's end",
    ]);
  });

  it('names what it cannot price: an unknown function and an instance type without a price', () => {
    const cost = runCost({
      events: lambdaTask(1, fn('someone-elses'), 0, 1),
      billableTransitions: 0,
      clusters: [{ ...cluster, instanceGroups: [{ instanceType: 'x9.huge', instanceCount: 1 }] }],
    });
    expect(cost.lambda.byFunction[0]?.memoryMb).toBe(128);
    expect(cost.clusters[0]?.usd).toBe(0);
    expect(cost.notes).toStrictEqual([
      'Lambda someone-elses: memory unknown, priced at 128 MB',
      'cluster j-1: no list price for x9.huge; not priced',
    ]);
  });
});

describe('clusterUsageOf', () => {
  it("reads the run's clusters from the ledger's JSON with their instance groups", () => {
    const ledger = [
      {
        Id: 'j-1',
        Status: { Timeline: { CreationDateTime: at(0), EndDateTime: at(30) } },
        Request: {
          Instances: { InstanceGroups: [{ InstanceType: 'm5.xlarge', InstanceCount: 2 }] },
        },
      },
      { Id: 'j-other', Status: { Timeline: { CreationDateTime: at(0) } } },
    ];
    expect(clusterUsageOf(ledger, ['j-1'])).toStrictEqual([
      {
        id: 'j-1',
        created: at(0),
        ended: at(30),
        instanceGroups: [{ instanceType: 'm5.xlarge', instanceCount: 2 }],
      },
    ]);
    expect(clusterUsageOf({ not: 'an array' }, ['j-1'])).toStrictEqual([]);
  });
});

describe('formatUsd', () => {
  it('keeps small amounts readable', () => {
    expect([0, 0.00042, 0.0421, 1.274].map(formatUsd)).toStrictEqual([
      '$0',
      '$0.00042',
      '$0.042',
      '$1.27',
    ]);
  });
});
