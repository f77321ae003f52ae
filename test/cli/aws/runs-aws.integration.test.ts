/**
 * `npm run runs -- --target aws` as a child process against moto on 127.0.0.1 (AWS_ENDPOINT_URL
 * only): the state machines come from the stack outputs, ListExecutions is followed past its first
 * page (105 executions of one machine, 100 a page), finished executions show their output's ticker
 * counts and the headline of the metrics.json their output names (one GetObject each) or their
 * error, and a workflow without a stack output is skipped with a note.
 */
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateStateMachineCommand,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli, transcript } from '../run-cli.ts';
import { ROLE_ARN } from './definitions.ts';
import { type Moto, startMoto } from './moto.ts';

const ENTRY = 'cli/runs-command.ts';
const PIPELINE_RUNS = 105;
let moto: Moto;
let pipelineArn: string;
let collectArn: string;

const summary = {
  StartAt: 'Summary',
  States: {
    Summary: {
      Type: 'Pass',
      Result: {
        tickers: { requested: 4, ok: 2, empty: 1, failed: 1 },
        metrics: 's3://runs-test-data/models/run/metrics.json',
      },
      End: true,
    },
  },
};
const failing = {
  StartAt: 'Boom',
  States: { Boom: { Type: 'Fail', Error: 'InvalidInputError', Cause: 'bad date' } },
};

beforeAll(async () => {
  moto = await startMoto();
  const config = { endpoint: moto.endpoint, region: 'us-east-1', credentials: moto.credentials };
  const sfn = new SFNClient(config);
  const cfn = new CloudFormationClient(config);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  try {
    // The metrics.json every pipeline execution's output names: the list's headline.
    await s3.send(new CreateBucketCommand({ Bucket: 'runs-test-data' }));
    await s3.send(
      new PutObjectCommand({
        Bucket: 'runs-test-data',
        Key: 'models/run/metrics.json',
        Body: JSON.stringify({ accuracy: 0.5625, baseline_accuracy: 0.51, auc: 0.58 }),
      }),
    );
    const create = async (name: string, definition: object) =>
      (
        await sfn.send(
          new CreateStateMachineCommand({
            name,
            definition: JSON.stringify(definition),
            roleArn: ROLE_ARN,
          }),
        )
      ).stateMachineArn as string;
    pipelineArn = await create('MarketPipelineTest-Pipeline', summary);
    collectArn = await create('MarketPipelineTest-collect-bars', failing);
    for (let i = 0; i < PIPELINE_RUNS; i++) {
      await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: pipelineArn,
          name: `run-${String(i).padStart(3, '0')}`,
        }),
      );
    }
    await sfn.send(new StartExecutionCommand({ stateMachineArn: collectArn, name: 'collect-1' }));
    // moto runs each execution in a thread: wait until none is RUNNING.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const running = await Promise.all(
        [pipelineArn, collectArn].map((stateMachineArn) =>
          sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING' })),
        ),
      );
      if (running.every((r) => (r.executions ?? []).length === 0)) break;
      if (Date.now() > deadline) throw new Error('moto executions did not end within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await cfn.send(
      new CreateStackCommand({
        StackName: 'MarketPipelineTest',
        TemplateBody: JSON.stringify({
          Parameters: { Pipeline: { Type: 'String' }, Collect: { Type: 'String' } },
          Resources: { Topic: { Type: 'AWS::SNS::Topic' } },
          Outputs: {
            StateMachineArn: { Value: { Ref: 'Pipeline' } },
            CollectBarsStateMachineArn: { Value: { Ref: 'Collect' } },
          },
        }),
        Parameters: [
          { ParameterKey: 'Pipeline', ParameterValue: pipelineArn },
          { ParameterKey: 'Collect', ParameterValue: collectArn },
        ],
      }),
    );
  } finally {
    sfn.destroy();
    cfn.destroy();
    s3.destroy();
  }
}, 90_000);

afterAll(async () => {
  await moto?.stop();
});

const aws = ['--target', 'aws', '--stack-name', 'MarketPipelineTest'];

it('lists the executions of every workflow in the stack, past the first ListExecutions page', async () => {
  const run = await runCli([...aws, '--json', '--limit', '103'], moto.env, ENTRY);
  expect(run.code, transcript(run)).toBe(0);
  const runs = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
  expect(runs).toHaveLength(103);
  // More than one page (100) of the pipeline's executions: nextToken was followed.
  const pipeline = runs.filter((r) => r.workflow === 'market-data-pipeline');
  expect(pipeline.length).toBeGreaterThan(100);
  expect(new Set(runs.map((r) => r.executionName)).size).toBe(103);
  const starts = runs.map((r) => String(r.startDate));
  expect(starts).toStrictEqual([...starts].sort().reverse());
  expect(pipeline[0]).toMatchObject({
    status: 'SUCCEEDED',
    tickers: { ok: 2, empty: 1, failed: 1 },
    metrics: { accuracy: 0.5625, auc: 0.58 },
    executionArn: expect.stringContaining(':execution:MarketPipelineTest-Pipeline:run-'),
  });
  expect(runs.find((r) => r.executionName === 'collect-1')).toMatchObject({
    workflow: 'collect-bars',
    status: 'FAILED',
    error: 'InvalidInputError',
  });
  // The stack has no output for train-model: skipped, said on stderr.
  expect(run.stderr).toContain(
    "runs: train-model: skipped (stack 'MarketPipelineTest' has no TrainModelStateMachineArn output",
  );
});

it('lists one workflow as a table, with the same columns as the local list', async () => {
  const run = await runCli([...aws, 'collect-bars'], moto.env, ENTRY);
  expect(run.code, transcript(run)).toBe(0);
  const lines = run.stdout.trimEnd().split('\n');
  expect(lines[0]).toMatch(
    /^START\s+STATUS\s+DURATION\s+WORKFLOW\s+EXECUTION\s+TICKERS\s+HEADLINE$/,
  );
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(/\sFAILED\s+\S+\s+collect-bars\s+collect-1\s+-\s+InvalidInputError$/);
  const limited = await runCli([...aws, 'market-data-pipeline', '--limit', '2'], moto.env, ENTRY);
  expect(limited.code, transcript(limited)).toBe(0);
  const rows = limited.stdout.trimEnd().split('\n');
  expect(rows).toHaveLength(3);
  expect(rows[1]).toMatch(
    /\sSUCCEEDED\s.*market-data-pipeline\s+run-\d{3}\s+2 ok, 1 empty, 1 failed\s+accuracy 0\.563 \(baseline 0\.510\), AUC 0\.580$/,
  );
});

it('refuses an unknown workflow (exit 2) and names a missing stack (exit 1)', async () => {
  const unknown = await runCli([...aws, 'nope'], moto.env, ENTRY);
  expect(unknown.code, transcript(unknown)).toBe(2);
  expect(unknown.stderr).toContain("runs: workflow: unknown workflow 'nope' (registered: ");
  const missing = await runCli(['--target', 'aws', '--stack-name', 'NoSuchStack'], moto.env, ENTRY);
  expect(missing.code, transcript(missing)).toBe(1);
  expect(missing.stderr).toContain("runs: stack 'NoSuchStack' not found");
});

it('shows one execution found by name in the stack, failure first, and by ARN as JSON', async () => {
  const run = await runCli(['show', 'collect-1', ...aws], moto.env, ENTRY);
  expect(run.code, transcript(run)).toBe(0);
  const lines = run.stdout.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^FAILED in \d+:\d\d · collect-bars · collect-1$/);
  expect(lines.slice(1, 4)).toStrictEqual([
    '  failed state  Boom',
    '  error         InvalidInputError',
    '  cause         bad date',
  ]);
  const arn = `${collectArn.replace(':stateMachine:', ':execution:')}:collect-1`;
  expect(lines).toContain(`  execution     ${arn}`);
  expect(lines).toContain(`  report        not written: npm run report -- --target aws ${arn}`);
  expect(lines.at(-1)).toMatch(/^ {4}Boom\s+Fail\s+failed\s+0:00$/);

  const json = await runCli(
    ['show', `${pipelineArn.replace(':stateMachine:', ':execution:')}:run-007`, ...aws, '--json'],
    moto.env,
    ENTRY,
  );
  expect(json.code, transcript(json)).toBe(0);
  expect(JSON.parse(json.stdout)).toMatchObject({
    executionName: 'run-007',
    status: 'SUCCEEDED',
    tickers: { ok: 2, empty: 1, failed: 1, source: 'output' },
    states: [{ name: 'Summary', type: 'Pass', status: 'succeeded', entries: 1 }],
  });

  const missing = await runCli(['show', 'no-such-run', ...aws], moto.env, ENTRY);
  expect(missing.code, transcript(missing)).toBe(1);
  expect(missing.stderr).toContain(
    "runs: no execution 'no-such-run' in the state machines of stack 'MarketPipelineTest' (market-data-pipeline, collect-bars)",
  );
});
