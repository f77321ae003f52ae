/**
 * The AWS target end to end: the real CLI process against moto's server on 127.0.0.1, reached
 * through AWS_ENDPOINT_URL only (the code under test is the code users run).
 */
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { EMRClient } from '@aws-sdk/client-emr';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../../cli/aws/clients.ts';
import { main } from '../../../cli/main.ts';
import { startThrottleProxy } from '../../support/throttle-proxy.ts';
import { fakeIo } from '../fake-io.ts';
import { runCli, startCli, transcript } from '../run-cli.ts';
import { pipelineStandIn, ROLE_ARN } from './definitions.ts';
import { type Moto, startMoto } from './moto.ts';

let moto: Moto;
let sfn: SFNClient;
let machines = 0;

beforeAll(async () => {
  moto = await startMoto();
  sfn = new SFNClient({
    endpoint: moto.endpoint,
    region: 'us-east-1',
    credentials: moto.credentials,
  });
  // The metrics.json the stand-in's output points at, as the Spark step would write it.
  const s3 = new S3Client({
    endpoint: moto.endpoint,
    region: 'us-east-1',
    credentials: moto.credentials,
    forcePathStyle: true,
  });
  await s3.send(new CreateBucketCommand({ Bucket: 'market-pipeline-data' }));
  await s3.send(
    new PutObjectCommand({
      Bucket: 'market-pipeline-data',
      Key: 'models/x/metrics.json',
      Body: JSON.stringify({
        accuracy: 0.5412,
        baseline_accuracy: 0.5071,
        auc: 0.552,
        rows: { total: 7800, train: 6240, test: 1560 },
        tickers: 3,
      }),
    }),
  );
  s3.destroy();
});

afterAll(async () => {
  sfn?.destroy();
  await moto?.stop();
});

async function createMachine(definition: string): Promise<string> {
  machines += 1;
  const { stateMachineArn } = await sfn.send(
    new CreateStateMachineCommand({ name: `pipeline-${machines}`, definition, roleArn: ROLE_ARN }),
  );
  return stateMachineArn as string;
}

async function executionsOf(stateMachineArn: string) {
  const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
  return executions ?? [];
}

/**
 * Resolves once the machine's execution has entered TrainModel (the stand-in's long Wait), the
 * point where a real Ctrl-C lands. Interrupting earlier races moto's executor: a StopExecution
 * while its Map is running ends the execution FAILED (States.Runtime, "AttributeError: 'str'
 * object has no attribute 'get'") where AWS reports ABORTED, which made these tests flaky on CI.
 */
async function untilTraining(stateMachineArn: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const [execution] = await executionsOf(stateMachineArn);
    if (execution?.executionArn) {
      const { events } = await sfn.send(
        new GetExecutionHistoryCommand({ executionArn: execution.executionArn }),
      );
      const entered = (events ?? []).some(
        (event) =>
          event.type === 'WaitStateEntered' &&
          event.stateEnteredEventDetails?.name === 'TrainModel',
      );
      if (entered) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no execution of ${stateMachineArn} reached TrainModel within 20 s`);
}

const common = ['--target', 'aws', '--date', '2025-11-25', '--poll-interval', '0.2'];

describe('AWS target against moto', () => {
  it('starts an execution, follows it to completion and exits 0', async () => {
    const arn = await createMachine(pipelineStandIn());
    const run = await runCli(
      [...common, '--state-machine-arn', arn, '--tickers', 'AAPL,MSFT,NVDA'],
      moto.env,
    );
    expect(run.code, transcript(run)).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^Running on AWS Step Functions/);
    expect(run.stdout).toMatch(/^SUCCEEDED in \d+:\d\d · mdp-2025-11-25-[0-9a-f]{12}$/m);
    expect(run.stdout).toMatch(/downloads +3\/3 done, 0 failed/);
    expect(run.stdout).toMatch(/data +s3:\/\/market-pipeline-data\/raw\//);
    expect(run.stdout).toMatch(/model +s3:\/\/market-pipeline-data\/models\/x\//);
    expect(run.stdout).toMatch(
      /metrics +accuracy 0.541 \(baseline 0.507\), AUC 0.552, 7800 rows \(1560 test\), 3 tickers/,
    );
    const [execution] = await executionsOf(arn);
    expect(execution?.status).toBe('SUCCEEDED');
    expect(execution?.name).toMatch(/^mdp-2025-11-25-/);
  });

  it('prints one JSON object and nothing else on stdout with --json', async () => {
    const arn = await createMachine(pipelineStandIn());
    const run = await runCli(
      [...common, '--state-machine-arn', arn, '--tickers', 'AAPL', '--json'],
      moto.env,
    );
    expect(run.code, transcript(run)).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      target: 'aws',
      status: 'SUCCEEDED',
      input: { date: '2025-11-25', tickers: ['AAPL'] },
      downloads: { succeeded: 1, failed: 0, total: 1 },
    });
    expect(result.executionArn).toMatch(/^arn:aws:states:us-east-1:123456789012:execution:/);
  });

  it('reads distributed Map progress from DescribeMapRun', async () => {
    const arn = await createMachine(pipelineStandIn({ distributed: true }));
    const run = await runCli(
      [...common, '--state-machine-arn', arn, '--tickers', 'A,B,C,D', '--json'],
      moto.env,
    );
    expect(run.code, transcript(run)).toBe(0);
    // The parent history of a distributed Map has no iteration events: counts come from the Map Run.
    expect(JSON.parse(run.stdout).downloads).toStrictEqual({ succeeded: 4, failed: 0, total: 4 });
  });

  it('resolves the state machine from the stack outputs', async () => {
    const arn = await createMachine(pipelineStandIn());
    const cfn = new CloudFormationClient({
      endpoint: moto.endpoint,
      region: 'us-east-1',
      credentials: moto.credentials,
    });
    await cfn.send(
      new CreateStackCommand({
        StackName: 'MarketPipelineTest',
        TemplateBody: JSON.stringify({
          Parameters: { Arn: { Type: 'String' } },
          Resources: { Topic: { Type: 'AWS::SNS::Topic' } },
          Outputs: {
            StateMachineArn: { Value: { Ref: 'Arn' } },
            AlertTopicArn: { Value: { Ref: 'Topic' } },
          },
        }),
        Parameters: [{ ParameterKey: 'Arn', ParameterValue: arn }],
      }),
    );
    cfn.destroy();
    const run = await runCli(
      [...common, '--stack-name', 'MarketPipelineTest', '--tickers', 'AAPL'],
      moto.env,
    );
    expect(run.code, transcript(run)).toBe(0);
    expect(run.stdout).toContain(`State machine: ${arn} (from stack MarketPipelineTest)`);
    expect(await executionsOf(arn)).toHaveLength(1);
  });

  it('takes the state machine from STATE_MACHINE_ARN before the stack', async () => {
    const arn = await createMachine(pipelineStandIn());
    const run = await runCli([...common, '--tickers', 'AAPL'], {
      ...moto.env,
      STATE_MACHINE_ARN: arn,
    });
    expect(run.code, transcript(run)).toBe(0);
    expect(run.stdout).toContain(`State machine: ${arn} (from STATE_MACHINE_ARN)`);
  });

  it('exits 1 with one clear line when the stack does not exist', async () => {
    const run = await runCli(
      [...common, '--stack-name', 'NoSuchStack', '--tickers', 'AAPL'],
      moto.env,
    );
    expect(run.code, transcript(run)).toBe(1);
    const errors = run.stderr.split('\n').filter((line) => line.startsWith('start-workflow:'));
    expect(errors).toStrictEqual([
      "start-workflow: stack 'NoSuchStack' not found: deploy it (npm run deploy), or pass --stack-name, --state-machine-arn or STATE_MACHINE_ARN",
    ]);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 1 with one clear line when the state machine does not exist', async () => {
    const missing = 'arn:aws:states:us-east-1:123456789012:stateMachine:not-deployed';
    const run = await runCli(
      [...common, '--state-machine-arn', missing, '--tickers', 'AAPL'],
      moto.env,
    );
    expect(run.code, transcript(run)).toBe(1);
    const errors = run.stderr.split('\n').filter((line) => line.startsWith('start-workflow:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^start-workflow: execution mdp-2025-11-25-[0-9a-f]{12}: StateMachineDoesNotExist: /,
    );
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('explains missing credentials in one line', async () => {
    const { AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _secret, ...noKeys } = moto.env;
    const run = await runCli([...common, '--stack-name', 'Any', '--tickers', 'AAPL'], {
      ...noKeys,
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    expect(run.code, transcript(run)).toBe(1);
    const errors = run.stderr.split('\n').filter((line) => line.startsWith('start-workflow:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/no AWS credentials found: set AWS_PROFILE/);
  });

  it('attaches to a running twin instead of starting a second execution', async () => {
    // Long enough for a second CLI process to start on a busy machine.
    const arn = await createMachine(pipelineStandIn({ waitSeconds: 10 }));
    const args = [...common, '--state-machine-arn', arn, '--tickers', 'AAPL,MSFT'];
    const first = startCli(args, moto.env);
    await first.waitFor(/Started arn:/);
    const second = await runCli(args, moto.env);
    expect(second.stdout).toMatch(/Attached to running execution arn:/);
    expect(second.stdout).toMatch(/already running; followed it/);
    expect(second.code, transcript(second)).toBe(0);
    const firstRun = await first.done;
    expect(firstRun.code, transcript(firstRun)).toBe(0);
    expect(await executionsOf(arn)).toHaveLength(1);
  });

  it('reports a finished twin rather than running it again', async () => {
    const arn = await createMachine(pipelineStandIn());
    const args = [...common, '--state-machine-arn', arn, '--tickers', 'AAPL'];
    const first = await runCli(args, moto.env);
    expect(first.code, transcript(first)).toBe(0);
    const rerun = await runCli(args, moto.env);
    expect(rerun.code, transcript(rerun)).toBe(0);
    expect(rerun.stdout).toMatch(/already ran \(SUCCEEDED\); reporting it/);
    expect(rerun.stdout).toMatch(/downloads +1\/1 done, 0 failed/);
    expect(rerun.stdout).not.toMatch(/^\[\d+:\d\d\] /m);
    expect(await executionsOf(arn)).toHaveLength(1);
  });

  it('exits 1 and shows error, cause and failing state when the execution fails', async () => {
    const arn = await createMachine(pipelineStandIn({ failTraining: true }));
    const run = await runCli(
      [...common, '--state-machine-arn', arn, '--tickers', 'AAPL'],
      moto.env,
    );
    expect(run.code, transcript(run)).toBe(1);
    expect(run.stdout).toMatch(/^FAILED in /m);
    expect(run.stdout).toMatch(/failed state +TrainModel/);
    expect(run.stdout).toMatch(/error +TrainingFailed/);
    expect(run.stdout).toMatch(/cause +metrics.json was not written/);
  });

  it('returns the execution ARN at once with --no-wait', async () => {
    const arn = await createMachine(pipelineStandIn({ waitSeconds: 5 }));
    const run = await runCli(
      [...common, '--state-machine-arn', arn, '--tickers', 'AAPL', '--no-wait', '--json'],
      moto.env,
    );
    expect(run.code, transcript(run)).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.status).toBe('RUNNING');
    const { status } = await sfn.send(
      new DescribeExecutionCommand({ executionArn: result.executionArn }),
    );
    expect(status).toBe('RUNNING');
  });

  it('stops the execution on Ctrl-C with --stop-on-interrupt and exits 3', async () => {
    const arn = await createMachine(pipelineStandIn({ waitSeconds: 30 }));
    const cli = startCli(
      [...common, '--state-machine-arn', arn, '--tickers', 'AAPL', '--stop-on-interrupt'],
      moto.env,
    );
    await cli.waitFor(/Started arn:/);
    await untilTraining(arn);
    cli.child.kill('SIGINT');
    const run = await cli.done;
    expect(run.code, transcript(run)).toBe(3);
    expect(run.stdout).toMatch(/^ABORTED/m);
    const [execution] = await executionsOf(arn);
    expect(execution?.status).toBe('ABORTED');
  });

  it('leaves the execution running on Ctrl-C when it cannot ask (no terminal) and exits 3', async () => {
    const arn = await createMachine(pipelineStandIn({ waitSeconds: 30 }));
    const cli = startCli([...common, '--state-machine-arn', arn, '--tickers', 'AAPL'], moto.env);
    await cli.waitFor(/Started arn:/);
    await untilTraining(arn);
    cli.child.kill('SIGINT');
    const run = await cli.done;
    expect(run.code, transcript(run)).toBe(3);
    expect(run.stdout).toMatch(/stopped following; the execution continues on AWS/);
    const [execution] = await executionsOf(arn);
    expect(execution?.status).toBe('RUNNING');
  });

  it('stops the execution on Ctrl-C after the user confirms', async () => {
    const arn = await createMachine(pipelineStandIn({ waitSeconds: 30 }));
    const io = fakeIo({ now: new Date(), confirm: true, realSleep: true });
    const clients = (): AwsClients => {
      const config = {
        endpoint: moto.endpoint,
        region: 'us-east-1',
        credentials: moto.credentials,
      };
      const all = {
        sfn: new SFNClient(config),
        cloudFormation: new CloudFormationClient(config),
        emr: new EMRClient(config),
        s3: new S3Client({ ...config, forcePathStyle: true }),
      };
      return {
        ...all,
        destroy: () => {
          for (const client of Object.values(all)) client.destroy();
        },
      };
    };
    const running = main([...common, '--state-machine-arn', arn, '--tickers', 'AAPL'], io, {
      awsClients: clients,
    });
    await untilTraining(arn);
    io.interrupt();
    expect(await running).toBe(3);
    expect(io.out()).toMatch(/Stop requested for mdp-/);
    expect((await executionsOf(arn))[0]?.status).toBe('ABORTED');
  });

  it('retries through throttling of DescribeExecution and GetExecutionHistory', async () => {
    const arn = await createMachine(pipelineStandIn());
    const proxy = await startThrottleProxy(moto.endpoint);
    try {
      // More DescribeExecution throttles than the SDK's 3 attempts: the CLI's own backoff must act.
      proxy.throttleNext('DescribeExecution', 4);
      proxy.throttleNext('GetExecutionHistory', 2);
      const run = await runCli([...common, '--state-machine-arn', arn, '--tickers', 'AAPL'], {
        ...moto.env,
        AWS_ENDPOINT_URL: proxy.endpoint,
      });
      expect(run.code, transcript(run)).toBe(0);
      expect(run.stdout).toMatch(/^SUCCEEDED/m);
      expect(run.stdout).toMatch(/Throttled by Step Functions; retrying in/);
      expect(proxy.throttled()).toStrictEqual({ DescribeExecution: 4, GetExecutionHistory: 2 });
    } finally {
      await proxy.stop();
    }
  });
});
