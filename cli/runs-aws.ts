/**
 * `npm run runs -- --target aws [workflow] [--limit <n>] [--json] [--stack-name <name>]`: the
 * recent executions of the deployed workflows' state machines (cli/aws/list-runs.ts), listed as
 * `npm run runs` lists local runs.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { Command } from 'commander';
import { RUNS_FOLDER, RunFiles } from '../contracts/run-record.ts';
import { buildReportModel, type HistoryEventLike } from '../report/model.ts';
import { WORKFLOWS } from '../workflows/registry.ts';
import { parseUserArgs } from './args/commander.ts';
import type { AwsClients } from './aws/clients.ts';
import { describeAwsError } from './aws/errors.ts';
import { listAwsRuns, resolveMachines } from './aws/list-runs.ts';
import { fetchAwsRun } from './aws/record-run.ts';
import { deployedStackName } from './aws/stack-name.ts';
import { ExitCode, UsageError } from './errors.ts';
import type { Io } from './io.ts';
import { formatRunDetail, runDetailOf } from './run-detail.ts';
import { defaultStateDir, formatRuns } from './runs.ts';
import { parseMetrics } from './summary.ts';

export type RunsAwsClients = () => Pick<AwsClients, 'sfn' | 's3' | 'cloudFormation' | 'destroy'>;

const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

function awsProgram(name: string, io: Io): Command {
  return new Command(name)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .requiredOption('--target <target>', 'aws')
    .option('--json', 'print JSON')
    .option(
      '--stack-name <name>',
      'CloudFormation stack to read the state machine ARNs from (default: cdk.json stackName, else MarketPipeline)',
    )
    .option('--verbose', 'show stack traces');
}

/** Parses; returns the command, or the exit code of a help or usage error. */
function parse(cmd: Command, argv: string[]): Command | number {
  return parseUserArgs(cmd, argv) ?? cmd;
}

type AwsOptions = { stackName?: string; json?: boolean; verbose?: boolean };

function stackNameOf(opts: AwsOptions): string {
  if (opts.stackName !== undefined && !STACK_NAME.test(opts.stackName)) {
    throw new UsageError(`--stack-name: '${opts.stackName}' is not a CloudFormation stack name`);
  }
  return opts.stackName ?? deployedStackName();
}

/** The workflows to look at: the one named (checked against the registry), else every one. */
export function workflowsOf(name: string | undefined): string[] {
  if (name === undefined) return WORKFLOWS.map((w) => w.name);
  if (!WORKFLOWS.some((w) => w.name === name)) {
    throw new UsageError(
      `workflow: unknown workflow '${name}' (registered: ${WORKFLOWS.map((w) => w.name).join(', ')})`,
    );
  }
  return [name];
}

export async function runsAwsMain(
  argv: string[],
  io: Io,
  clients: RunsAwsClients,
): Promise<number> {
  if (argv[0] === 'show') return showAwsMain(argv.slice(1), io, clients);
  const cmd = parse(
    awsProgram('runs', io)
      .description(
        "List recent executions of the deployed workflows' state machines (newest first).",
      )
      .argument('[workflow]', 'only this workflow (default: every registered workflow)')
      .option('--limit <n>', 'at most this many executions (default 20)', '20'),
    argv,
  );
  if (typeof cmd === 'number') return cmd;
  const opts = cmd.opts<AwsOptions & { target: string; limit: string }>();
  let stackName: string;
  let workflows: string[];
  try {
    if (opts.target !== 'aws') throw new UsageError(`--target: expected aws, got '${opts.target}'`);
    const limit = Number(opts.limit);
    if (!Number.isInteger(limit) || limit < 1) {
      throw new UsageError(`--limit must be a positive integer, got '${opts.limit}'`);
    }
    stackName = stackNameOf(opts);
    workflows = workflowsOf(cmd.args[0]);
    const aws = clients();
    try {
      const machines = await resolveMachines({
        workflows,
        single: cmd.args[0] !== undefined,
        stackName,
        cloudFormation: aws.cloudFormation,
        env: io.env,
        note: (line) => io.stderr.write(`runs: ${line}\n`),
      });
      const runs = await listAwsRuns(aws.sfn, machines, limit, undefined, aws.s3);
      if (opts.json) io.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
      else {
        for (const line of formatRuns(runs, 'no executions found')) io.stdout.write(`${line}\n`);
      }
      return ExitCode.Succeeded;
    } finally {
      aws.destroy();
    }
  } catch (error) {
    return fail(error, io, opts.verbose === true);
  }
}

function fail(error: unknown, io: Io, verbose: boolean, what = 'listing executions'): number {
  if (error instanceof UsageError) {
    io.stderr.write(`runs: ${error.message}\n`);
    return ExitCode.Usage;
  }
  if (verbose && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  const message =
    error instanceof Error &&
    (error.name === 'ArnResolutionError' || error.name === 'NotFoundError')
      ? error.message
      : describeAwsError(what, error);
  io.stderr.write(`runs: ${message}\n`);
  return ExitCode.Failed;
}

export { type AwsOptions, awsProgram, fail, parse, stackNameOf };

const EXECUTION_ARN = /^arn:aws[\w-]*:states:[^:]+:\d{12}:execution:[^:]+:[^:]+$/;

/** A state machine ARN's execution of that name. */
export const executionArnOf = (stateMachineArn: string, name: string): string =>
  `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

/**
 * `npm run runs -- show <execution ARN or name> --target aws [--json] [--stack-name <name>]
 * [--state-dir <path>]`: reads the execution (cli/aws/record-run.ts fetchAwsRun, nothing written)
 * and prints it as `show` prints a local run. A name is looked for in every workflow's state
 * machine (DescribeExecution of `<machine>:<name>`).
 */
async function showAwsMain(argv: string[], io: Io, clients: RunsAwsClients): Promise<number> {
  const cmd = parse(
    awsProgram('runs show', io)
      .description(
        'Show one AWS execution: status, failure, input, states, nested runs, tickers, metrics.',
      )
      .argument('<execution>', 'the execution ARN, or its name (looked for in every workflow)')
      .option('--state-dir <path>', 'where a recorded report is looked for (default .local)'),
    argv,
  );
  if (typeof cmd === 'number') return cmd;
  const opts = cmd.opts<AwsOptions & { target: string; stateDir?: string }>();
  try {
    if (opts.target !== 'aws') throw new UsageError(`--target: expected aws, got '${opts.target}'`);
    const execution = cmd.args[0] as string;
    if (execution.startsWith('arn:') && !EXECUTION_ARN.test(execution)) {
      throw new UsageError(`execution: '${execution}' is not a Step Functions execution ARN`);
    }
    const stackName = execution.startsWith('arn:') ? '' : stackNameOf(opts);
    const stateDir = resolve(opts.stateDir ?? defaultStateDir);
    const aws = clients();
    try {
      const arn = execution.startsWith('arn:')
        ? execution
        : await findByName(aws, execution, stackName, io);
      const run = await fetchAwsRun(aws, arn, stateDir);
      const model = buildReportModel({
        definition: JSON.parse(run.definition),
        events: run.events as unknown as HistoryEventLike[],
        record: run.record,
        ...(run.metricsText !== undefined
          ? { metrics: { text: run.metricsText, source: run.metricsUri } }
          : {}),
      });
      const metrics = parseMetrics(run.metricsText);
      const report = join(stateDir, RUNS_FOLDER, run.record.executionName, RunFiles.report);
      const detail = runDetailOf({
        record: run.record,
        model,
        ...(metrics ? { metrics } : {}),
        ...(existsSync(report)
          ? { report }
          : { reportNote: `not written: npm run report -- --target aws ${arn}` }),
      });
      if (opts.json) io.stdout.write(`${JSON.stringify(detail, null, 2)}\n`);
      else for (const line of formatRunDetail(detail)) io.stdout.write(`${line}\n`);
      return ExitCode.Succeeded;
    } finally {
      aws.destroy();
    }
  } catch (error) {
    return fail(error, io, opts.verbose === true, 'reading the execution');
  }
}

async function findByName(
  aws: ReturnType<RunsAwsClients>,
  name: string,
  stackName: string,
  io: Io,
): Promise<string> {
  const machines = await resolveMachines({
    workflows: workflowsOf(undefined),
    single: false,
    stackName,
    cloudFormation: aws.cloudFormation,
    env: io.env,
    note: () => {},
  });
  for (const m of machines) {
    const arn = executionArnOf(m.arn, name);
    try {
      await aws.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
      return arn;
    } catch (error) {
      if ((error as Error).name !== 'ExecutionDoesNotExist') throw error;
    }
  }
  throw new NotFoundError(
    `no execution '${name}' in the state machines of stack '${stackName}' (${machines.map((m) => m.workflow).join(', ') || 'none'})`,
  );
}

class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}
