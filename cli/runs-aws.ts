/**
 * `npm run runs -- --target aws [workflow] [--limit <n>] [--json] [--stack-name <name>]`: the
 * recent executions of the deployed workflows' state machines (cli/aws/list-runs.ts), listed as
 * `npm run runs` lists local runs.
 */
import { Command, CommanderError } from 'commander';
import { WORKFLOWS } from '../workflows/registry.ts';
import type { AwsClients } from './aws/clients.ts';
import { describeAwsError } from './aws/errors.ts';
import { listAwsRuns, resolveMachines } from './aws/list-runs.ts';
import { deployedStackName } from './aws/stack-name.ts';
import { ExitCode, UsageError } from './errors.ts';
import type { Io } from './io.ts';
import { formatRuns } from './runs.ts';

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
  try {
    cmd.parse(argv, { from: 'user' });
    return cmd;
  } catch (error) {
    return error instanceof CommanderError && error.exitCode === 0
      ? ExitCode.Succeeded
      : ExitCode.Usage;
  }
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
      const runs = await listAwsRuns(aws.sfn, machines, limit);
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

function fail(error: unknown, io: Io, verbose: boolean): number {
  if (error instanceof UsageError) {
    io.stderr.write(`runs: ${error.message}\n`);
    return ExitCode.Usage;
  }
  if (verbose && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  const message =
    error instanceof Error && error.name === 'ArnResolutionError'
      ? error.message
      : describeAwsError('listing executions', error);
  io.stderr.write(`runs: ${message}\n`);
  return ExitCode.Failed;
}

export { type AwsOptions, awsProgram, fail, parse, stackNameOf };
