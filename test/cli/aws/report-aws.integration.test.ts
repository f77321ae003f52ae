/**
 * `npm run report -- --target aws <execution ARN>` as a child process against moto on 127.0.0.1
 * (reached through AWS_ENDPOINT_URL only): an execution of the pipeline stand-in is recorded under
 * the state directory with its history, definition and metrics.json, and its report written.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMRClient, RunJobFlowCommand, TerminateJobFlowsCommand } from '@aws-sdk/client-emr';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli, transcript } from '../run-cli.ts';
import { pipelineStandIn, ROLE_ARN } from './definitions.ts';
import { type Moto, startMoto } from './moto.ts';

let moto: Moto;
let dir: string;
let executionArn: string;
/** Executions whose output names an EMR cluster: one moto knows (terminated), one it does not. */
let withClusterArn: string;
let missingClusterArn: string;
let clusterId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'report-aws-'));
  moto = await startMoto();
  const config = { endpoint: moto.endpoint, region: 'us-east-1', credentials: moto.credentials };
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'market-pipeline-data' }));
  await s3.send(
    new PutObjectCommand({
      Bucket: 'market-pipeline-data',
      Key: 'models/x/metrics.json',
      Body: JSON.stringify({ accuracy: 0.5412, baseline_accuracy: 0.5071, auc: 0.552 }),
    }),
  );
  s3.destroy();
  const emr = new EMRClient(config);
  const cluster = await emr.send(
    new RunJobFlowCommand({
      Name: 'market-pipeline-train',
      ReleaseLabel: 'emr-7.5.0',
      Instances: {
        InstanceGroups: [
          { InstanceRole: 'MASTER', InstanceType: 'm5.xlarge', InstanceCount: 1 },
          { InstanceRole: 'CORE', InstanceType: 'm5.xlarge', InstanceCount: 2 },
        ],
        KeepJobFlowAliveWhenNoSteps: true,
      },
      JobFlowRole: 'EMR_EC2_DefaultRole',
      ServiceRole: 'EMR_DefaultRole',
    }),
  );
  clusterId = cluster.JobFlowId as string;
  await emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [clusterId] }));
  emr.destroy();
  const sfn = new SFNClient(config);
  try {
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'market-data-pipeline',
        definition: pipelineStandIn(),
        roleArn: ROLE_ARN,
      }),
    );
    const started = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn,
        name: 'aws-run-1',
        input: JSON.stringify({ tickers: ['AAPL', 'MSFT'] }),
      }),
    );
    executionArn = started.executionArn as string;
    // The pipeline's summary names its cluster (`clusterId`, docs/workflow.md).
    const summaryOf = (id: string) =>
      JSON.stringify({
        StartAt: 'Summary',
        States: { Summary: { Type: 'Pass', Result: { clusterId: id }, End: true } },
      });
    const run = async (name: string, id: string) => {
      const machine = await sfn.send(
        new CreateStateMachineCommand({ name, definition: summaryOf(id), roleArn: ROLE_ARN }),
      );
      return (
        await sfn.send(
          new StartExecutionCommand({
            stateMachineArn: machine.stateMachineArn,
            name: `${name}-1`,
          }),
        )
      ).executionArn as string;
    };
    withClusterArn = await run('with-cluster', clusterId);
    missingClusterArn = await run('missing-cluster', 'j-NOSUCHCLUSTER1');
    for (const arn of [withClusterArn, missingClusterArn]) {
      while (
        (await sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status === 'RUNNING'
      ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    // moto runs the execution in a thread: poll until it ended.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (status !== 'RUNNING') break;
      if (Date.now() > deadline) throw new Error('the moto execution did not end within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    sfn.destroy();
  }
}, 60_000);

afterAll(async () => {
  await moto?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('records the AWS execution under the state directory and writes its report', async () => {
  const stateDir = join(dir, 'state');
  const run = await runCli(
    ['--target', 'aws', executionArn, '--state-dir', stateDir],
    moto.env,
    'cli/report-command.ts',
  );
  expect(run.code, transcript(run)).toBe(0);
  const folder = join(stateDir, 'runs', 'aws-run-1');
  expect(run.stdout).toBe(`${join(folder, 'report.html')}\n`);
  const record = JSON.parse(readFileSync(join(folder, 'record.json'), 'utf8'));
  expect(record).toMatchObject({
    workflow: 'market-data-pipeline',
    executionName: 'aws-run-1',
    executionArn,
    status: 'SUCCEEDED',
    input: { tickers: ['AAPL', 'MSFT'] },
    dataBucket: 'market-pipeline-data',
  });
  const history = JSON.parse(readFileSync(join(folder, 'history.json'), 'utf8'));
  expect(history[0].type).toBe('ExecutionStarted');
  expect(history.some((e: { type: string }) => e.type === 'MapIterationSucceeded')).toBe(true);
  const html = readFileSync(join(folder, 'report.html'), 'utf8');
  expect(html).toContain('"accuracy":0.5412');
  expect(html).toContain('"name":"TrainModel"');
});

/** The report's data (the model inlined as JSON). */
const reportData = (file: string) =>
  JSON.parse(
    /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(
      readFileSync(file, 'utf8'),
    )?.[1] ?? '{}',
  ) as {
    record: { clusters: Array<{ id: string; state: string }> };
    cost: {
      clusters: Array<{ id: string; minutes: number; instanceHours: number; source?: string }>;
      notes: string[];
    };
  };

it("fills the cost panel's cluster minutes from DescribeCluster, labelled as an estimate", async () => {
  const stateDir = join(dir, 'state-cluster');
  const run = await runCli(
    ['--target', 'aws', withClusterArn, '--state-dir', stateDir],
    moto.env,
    'cli/report-command.ts',
  );
  expect(run.code, transcript(run)).toBe(0);
  const folder = join(stateDir, 'runs', 'with-cluster-1');
  const described = JSON.parse(readFileSync(join(folder, 'clusters.json'), 'utf8'));
  expect(described).toMatchObject([
    {
      Id: clusterId,
      Status: { State: 'TERMINATED', Timeline: { CreationDateTime: expect.any(String) } },
      Source: 'DescribeCluster',
    },
  ]);
  // ListInstanceGroups orders the groups by their (random) ids.
  const groups = described[0].Request.Instances.InstanceGroups as Array<{
    InstanceType: string;
    InstanceCount: number;
  }>;
  expect(groups.map((g) => `${g.InstanceType}×${g.InstanceCount}`).sort()).toStrictEqual([
    'm5.xlarge×1',
    'm5.xlarge×2',
  ]);
  const { CreationDateTime, EndDateTime } = described[0].Status.Timeline;
  const minutes = (Date.parse(EndDateTime) - Date.parse(CreationDateTime)) / 60_000;
  const data = reportData(run.stdout.trim());
  expect(data.record.clusters).toStrictEqual([{ id: clusterId, state: 'TERMINATED', steps: [] }]);
  expect(data.cost.clusters).toStrictEqual([
    {
      id: clusterId,
      minutes,
      instanceHours: (minutes / 60) * 3,
      usd: expect.any(Number),
      source: 'DescribeCluster',
      normalizedInstanceHours: 0,
    },
  ]);
});

it('still writes the report when the cluster cannot be described, saying why', async () => {
  const stateDir = join(dir, 'state-missing');
  const run = await runCli(
    ['--target', 'aws', missingClusterArn, '--state-dir', stateDir],
    moto.env,
    'cli/report-command.ts',
  );
  expect(run.code, transcript(run)).toBe(0);
  const data = reportData(run.stdout.trim());
  expect(data.cost.clusters).toStrictEqual([]);
  expect(data.cost.notes).toHaveLength(1);
  expect(data.cost.notes[0]).toMatch(
    /^EMR cluster j-NOSUCHCLUSTER1: not priced, DescribeCluster: \w+: /,
  );
});
