/**
 * Recording an AWS execution for the report, against stand-in SFN and S3 clients answering
 * DescribeExecution, DescribeStateMachineForExecution, GetExecutionHistory and GetObject.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeClusterCommand, type EMRClient } from '@aws-sdk/client-emr';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it } from 'vitest';
import { billableTransitionsOf, recordAwsRun } from '../../../cli/aws/record-run.ts';
import { reportAwsMain } from '../../../cli/report-aws.ts';
import { fakeIo } from '../fake-io.ts';

const dir = mkdtempSync(join(tmpdir(), 'record-aws-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const arn = 'arn:aws:states:us-east-1:123456789012:execution:market-data-pipeline:run-1';
const at = (s: number) => new Date(Date.UTC(2026, 11, 4, 12, 0, s));
const events = [
  { id: 1, type: 'ExecutionStarted', timestamp: at(0) },
  {
    id: 2,
    previousEventId: 1,
    type: 'PassStateEntered',
    timestamp: at(1),
    stateEnteredEventDetails: { name: 'A', input: '{}' },
  },
  {
    id: 3,
    previousEventId: 2,
    type: 'PassStateExited',
    timestamp: at(2),
    stateExitedEventDetails: { name: 'A', output: '{}' },
  },
  { id: 4, previousEventId: 3, type: 'ExecutionSucceeded', timestamp: at(3) },
];

type Emr = { send: (command: unknown) => Promise<unknown> };
const noEmr: Emr = {
  send: async () => {
    throw new Error('unexpected EMR call');
  },
};

function clients(
  metrics: string | undefined,
  status = 'SUCCEEDED',
  history: ReadonlyArray<Record<string, unknown>> = events,
  emr: Emr = noEmr,
) {
  const sfn = {
    send: async (command: unknown) => {
      if (command instanceof DescribeExecutionCommand) {
        return {
          name: 'run-1',
          status,
          stateMachineArn:
            'arn:aws:states:us-east-1:123456789012:stateMachine:market-data-pipeline',
          input: '{"tickers":["AAPL"]}',
          output: JSON.stringify({ modelPrefix: 's3://data-bucket/models/run-1/' }),
          startDate: at(0),
          stopDate: at(3),
        };
      }
      if (command instanceof DescribeStateMachineForExecutionCommand) {
        return {
          name: 'market-data-pipeline',
          definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }),
        };
      }
      if (command instanceof GetExecutionHistoryCommand) return { events: [...history].reverse() };
      throw new Error(`unexpected ${String(command)}`);
    },
  } as unknown as SFNClient;
  const s3 = {
    send: async (command: unknown) => {
      if (!(command instanceof GetObjectCommand)) throw new Error('unexpected S3 call');
      expect(command.input).toStrictEqual({
        Bucket: 'data-bucket',
        Key: 'models/run-1/metrics.json',
      });
      if (metrics === undefined) throw Object.assign(new Error('no key'), { name: 'NoSuchKey' });
      return { Body: { transformToString: async () => metrics } };
    },
  } as unknown as S3Client;
  return { sfn, s3, emr: emr as unknown as EMRClient, destroy: () => undefined };
}

describe('recordAwsRun', () => {
  it("records the execution like a local run and writes its report with the model's metrics", async () => {
    const stateDir = join(dir, 'a');
    const report = await recordAwsRun(
      clients(JSON.stringify({ accuracy: 0.6, baseline_accuracy: 0.5 })),
      arn,
      stateDir,
    );
    const folder = join(stateDir, 'runs', 'run-1');
    expect(report).toBe(join(folder, 'report.html'));
    const record = JSON.parse(readFileSync(join(folder, 'record.json'), 'utf8'));
    expect(record).toMatchObject({
      workflow: 'market-data-pipeline',
      executionName: 'run-1',
      executionArn: arn,
      status: 'SUCCEEDED',
      input: { tickers: ['AAPL'] },
      startDate: at(0).toISOString(),
      stopDate: at(3).toISOString(),
      dataBucket: 'data-bucket',
      clusters: [],
      billableTransitions: 1,
      events: 4,
    });
    const history = JSON.parse(readFileSync(join(folder, 'history.json'), 'utf8'));
    expect(history.map((e: { id: number }) => e.id)).toStrictEqual([1, 2, 3, 4]);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('"accuracy":0.6');
    expect(html).toContain('"status":"succeeded"');
  });

  it('writes the report without metrics when the run wrote none', async () => {
    const report = await recordAwsRun(clients(undefined), arn, join(dir, 'b'));
    expect(readFileSync(report, 'utf8')).toContain(
      'no metrics.json at s3://data-bucket/models/run-1/metrics.json',
    );
  });

  it("finds the createCluster task's cluster and, when DescribeCluster is denied, still writes the report saying why", async () => {
    const withCluster = [
      ...events.slice(0, 3),
      {
        id: 5,
        previousEventId: 3,
        type: 'TaskStateEntered',
        timestamp: at(3),
        stateEnteredEventDetails: { name: 'CreateCluster', input: '{}' },
      },
      {
        id: 6,
        previousEventId: 5,
        type: 'TaskSucceeded',
        timestamp: at(4),
        taskSucceededEventDetails: {
          resourceType: 'elasticmapreduce',
          resource: 'createCluster.sync',
          output: JSON.stringify({ ClusterArn: 'arn:…', ClusterId: 'j-2AXXXXXXGAPLF' }),
        },
      },
    ];
    const calls: string[] = [];
    const denied: Emr = {
      send: async (command) => {
        calls.push((command as { input: { ClusterId: string } }).input.ClusterId);
        expect(command).toBeInstanceOf(DescribeClusterCommand);
        throw Object.assign(new Error('User is not authorized to perform DescribeCluster'), {
          name: 'AccessDeniedException',
        });
      },
    };
    const stateDir = join(dir, 'denied');
    const report = await recordAwsRun(
      clients(undefined, 'SUCCEEDED', withCluster, denied),
      arn,
      stateDir,
    );
    expect(calls).toStrictEqual(['j-2AXXXXXXGAPLF']);
    const record = JSON.parse(readFileSync(join(stateDir, 'runs', 'run-1', 'record.json'), 'utf8'));
    expect(record.clusters).toStrictEqual([]);
    expect(record.costNotes).toStrictEqual([
      'EMR cluster j-2AXXXXXXGAPLF: not priced, DescribeCluster: AccessDeniedException: User is not authorized to perform DescribeCluster (the caller lacks permission for this action)',
    ]);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain(
      'EMR cluster j-2AXXXXXXGAPLF: not priced, DescribeCluster: AccessDeniedException',
    );
  });

  it('refuses a running execution', async () => {
    await expect(recordAwsRun(clients(undefined, 'RUNNING'), arn, join(dir, 'c'))).rejects.toThrow(
      'is RUNNING: report it once it ended',
    );
    expect(existsSync(join(dir, 'c', 'runs', 'run-1'))).toBe(false);
  });
});

describe('npm run report -- --target aws', () => {
  it('prints the report path, and exits 2 on something that is not an execution ARN', async () => {
    const io = fakeIo();
    const stateDir = join(dir, 'd');
    expect(
      await reportAwsMain(['--target', 'aws', arn, '--state-dir', stateDir], io, () =>
        clients('{}'),
      ),
    ).toBe(0);
    expect(io.out()).toBe(`${join(stateDir, 'runs', 'run-1', 'report.html')}\n`);
    const bad = fakeIo();
    expect(await reportAwsMain(['--target', 'aws', 'run-1'], bad, () => clients('{}'))).toBe(2);
    expect(bad.err()).toContain("'run-1' is not a Step Functions execution ARN");
  });
});

describe('billableTransitionsOf', () => {
  it('counts states entered and retries', () => {
    const types = [
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskScheduled',
      'PassStateEntered',
    ];
    expect(billableTransitionsOf(types.map((type) => ({ type })))).toBe(3);
  });
});

describe('recordAwsRun of a run with a nested execution', () => {
  const parentArn = 'arn:aws:states:us-east-1:123456789012:execution:MarketPipeline-Pipeline:run-2';
  const childArn =
    'arn:aws:states:us-east-1:123456789012:execution:MarketPipeline-collect-bars:run-2-collect';
  const task = (type: string, id: number, key: string, extra: Record<string, unknown>) => ({
    id,
    previousEventId: id - 1,
    type,
    timestamp: at(id),
    [key]: { resourceType: 'states', resource: 'startExecution.sync:2', ...extra },
  });
  const parentEvents = [
    { id: 1, type: 'ExecutionStarted', timestamp: at(0) },
    {
      id: 2,
      previousEventId: 1,
      type: 'TaskStateEntered',
      timestamp: at(1),
      stateEnteredEventDetails: { name: 'Collect', input: '{}' },
    },
    task('TaskScheduled', 3, 'taskScheduledEventDetails', { parameters: '{}' }),
    task('TaskStarted', 4, 'taskStartedEventDetails', {}),
    task('TaskSubmitted', 5, 'taskSubmittedEventDetails', {
      output: JSON.stringify({ ExecutionArn: childArn }),
    }),
    task('TaskSucceeded', 6, 'taskSucceededEventDetails', {
      output: JSON.stringify({
        ExecutionArn: childArn,
        Name: 'run-2-collect',
        Status: 'SUCCEEDED',
      }),
    }),
    {
      id: 7,
      previousEventId: 6,
      type: 'TaskStateExited',
      timestamp: at(7),
      stateExitedEventDetails: { name: 'Collect', output: '{}' },
    },
    { id: 8, previousEventId: 7, type: 'ExecutionSucceeded', timestamp: at(8) },
  ];
  const executions: Record<string, { machine: string; input: unknown; events: unknown[] }> = {
    [parentArn]: {
      machine: 'MarketPipeline-Pipeline',
      input: {},
      events: parentEvents,
    },
    [childArn]: {
      machine: 'MarketPipeline-collect-bars',
      input: { AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: parentArn },
      events,
    },
  };
  const arnOf = (command: { input: { executionArn?: string } }) => {
    const found = executions[command.input.executionArn ?? ''];
    if (!found) throw new Error(`unexpected execution ${command.input.executionArn}`);
    return found;
  };
  const sfn = {
    send: async (command: unknown) => {
      const e = arnOf(command as { input: { executionArn?: string } });
      if (command instanceof DescribeExecutionCommand) {
        return {
          name: (command.input.executionArn ?? '').split(':').at(-1),
          status: 'SUCCEEDED',
          input: JSON.stringify(e.input),
          output: '{}',
          startDate: at(0),
          stopDate: at(8),
        };
      }
      if (command instanceof DescribeStateMachineForExecutionCommand) {
        return {
          name: e.machine,
          definition: JSON.stringify(
            e.machine.endsWith('Pipeline')
              ? { StartAt: 'Collect', States: { Collect: { Type: 'Task', End: true } } }
              : { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
          ),
        };
      }
      if (command instanceof GetExecutionHistoryCommand) return { events: [...e.events].reverse() };
      throw new Error(`unexpected ${String(command)}`);
    },
  } as unknown as SFNClient;
  const noS3 = { send: async () => Promise.reject(new Error('unexpected S3 call')) };

  it('records the nested run beside it, each naming the other, and their reports link both ways', async () => {
    const stateDir = join(dir, 'nested');
    const report = await recordAwsRun(
      { sfn, s3: noS3 as unknown as S3Client, emr: noEmr as unknown as EMRClient },
      parentArn,
      stateDir,
    );
    const runs = join(stateDir, 'runs');
    expect(report).toBe(join(runs, 'run-2', 'report.html'));
    const read = (name: string, file: string) => readFileSync(join(runs, name, file), 'utf8');
    expect(JSON.parse(read('run-2', 'record.json'))).toMatchObject({
      workflow: 'market-data-pipeline',
      children: [
        {
          executionArn: childArn,
          name: 'run-2-collect',
          workflow: 'collect-bars',
          status: 'SUCCEEDED',
        },
      ],
    });
    expect(JSON.parse(read('run-2-collect', 'record.json'))).toMatchObject({
      workflow: 'collect-bars',
      parentExecutionArn: parentArn,
    });
    expect(read('run-2', 'report.html')).toContain('"href":"../run-2-collect/report.html"');
    expect(read('run-2-collect', 'report.html')).toContain('"href":"../run-2/report.html"');
  });
});
