/**
 * `npm run report -- --target aws <execution ARN> [--state-dir <path>]`: records a Step Functions
 * execution under `<stateDir>/runs/` and writes its report (cli/aws/record-run.ts); prints its path.
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { parseUserArgs } from './args/commander.ts';
import type { AwsClients } from './aws/clients.ts';
import { recordAwsRun } from './aws/record-run.ts';
import { ExitCode } from './errors.ts';
import type { Io } from './io.ts';
import { defaultStateDir } from './runs.ts';

export async function reportAwsMain(
  argv: string[],
  io: Io,
  clients: () => Pick<AwsClients, 'sfn' | 's3' | 'emr' | 'destroy'>,
): Promise<number> {
  const cmd = new Command('report')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .description('Record an AWS execution under <stateDir>/runs/ and write its report.')
    .argument('<execution-arn>', 'the Step Functions execution ARN')
    .requiredOption('--target <target>', 'aws')
    .option('--state-dir <path>', 'where the records go (default .local)');
  const exit = parseUserArgs(cmd, argv);
  if (exit !== undefined) return exit;
  const arn = cmd.args[0] as string;
  if (!/^arn:aws[\w-]*:states:[^:]+:\d{12}:execution:[^:]+:[^:]+$/.test(arn)) {
    io.stderr.write(`report: '${arn}' is not a Step Functions execution ARN\n`);
    return ExitCode.Usage;
  }
  const stateDir = resolve(cmd.opts<{ stateDir?: string }>().stateDir ?? defaultStateDir);
  const aws = clients();
  try {
    const report = await recordAwsRun(aws, arn, stateDir, undefined, (line) =>
      io.stderr.write(`report: ${line}\n`),
    );
    io.stdout.write(`${report}\n`);
    return ExitCode.Succeeded;
  } catch (error) {
    io.stderr.write(`report: ${(error as Error).message}\n`);
    return ExitCode.Failed;
  } finally {
    aws.destroy();
  }
}
