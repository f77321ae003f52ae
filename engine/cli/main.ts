/**
 * `npm run asl -- <command>`: the engine on the command line (run, validate, test-state). All
 * behaviour lives here and in one module per command; `asl.ts` only wires the process.
 */
import { Command, CommanderError } from 'commander';
import { type AslIo, ExitCode, UsageError } from './io.ts';
import { type RunFlags, runCommand } from './run.ts';
import { type TestStateFlags, testStateCommand } from './test-state.ts';
import { type ValidateFlags, validateCommand } from './validate.ts';

// biome-ignore lint/suspicious/noTemplateCurlyInString: a definition-substitution placeholder
const substituteHelp = 'a ${Name} placeholder value (repeatable)';
const collect = (value: string, previous: string[]): string[] => [...previous, value];

function program(io: AslIo, done: (code: Promise<number> | number) => void): Command {
  const root = new Command('asl')
    .description('Run, validate and test Amazon States Language definitions offline')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError();
  root
    .command('run')
    .description(
      'run a definition; prints the history live (exit 0 succeeded, 1 failed, 2 usage, 3 timed out/stopped)',
    )
    .argument('<definition>', 'an ASL file (.asl.json)')
    .option('--input <file|json>', 'the execution input: a JSON file or JSON text (default {})')
    .option(
      '--mock-config <file>',
      'a Step Functions Local mock configuration (MockConfigFile.json)',
    )
    .option('--test-case <name>', 'the test case of the mock configuration to run')
    .option(
      '--state-machine-name <name>',
      'the state machine name in the mock configuration (default: the file name without .asl.json)',
    )
    .option(
      '--lambda <name=module[#export]>',
      'a local handler module for a Lambda function (repeatable; the export defaults to handler)',
      collect,
      [],
    )
    .option('--json', 'print one JSON object at the end: status, output, error, cause, events')
    .option(
      '--time-scale <n>',
      'workflow time per real time: 0 makes Wait and Retry instant (default 1)',
    )
    .option('--substitute <Name=value>', substituteHelp, collect, [])
    .option('--execution-name <name>', 'the execution name (default: a random uuid)')
    .action((file: string, flags: RunFlags) => done(runCommand(file, flags, io)));
  root
    .command('validate')
    .description('list every problem of a definition (exit 0 valid, 2 invalid)')
    .argument('<definition>', 'an ASL file')
    .option('--substitute <Name=value>', substituteHelp, collect, [])
    .action((file: string, flags: ValidateFlags) => done(validateCommand(file, flags, io)));
  root
    .command('test-state')
    .description('run one state as the TestState API does and print its answer')
    .argument('<definition>', 'an ASL file: a whole definition (with --state) or one state')
    .option('--state <name>', 'the state to test (any depth)')
    .option('--input <file|json>', "the state's input (default {})")
    .option('--mock-result <file|json>', "the Task integration's result")
    .option('--mock-error <Error:Cause>', 'the error the Task integration fails with')
    .option('--variables <file|json>', 'variables in scope (a JSON object)')
    .option('--inspection-level <level>', 'INFO, DEBUG or TRACE (default INFO)')
    .option('--substitute <Name=value>', substituteHelp, collect, [])
    .action((file: string, flags: TestStateFlags) => done(testStateCommand(file, flags, io)));
  return root;
}

/** Runs one command line (`argv` without node and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: AslIo): Promise<number> {
  let pending: Promise<number> | number | undefined;
  try {
    await program(io, (code) => {
      pending = code;
    }).parseAsync([...argv], { from: 'user' });
    if (pending === undefined) return ExitCode.Usage;
    return await pending;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.Succeeded : ExitCode.Usage;
    }
    if (error instanceof UsageError) {
      for (const problem of error.problems) io.stderr.write(`${problem}\n`);
      return ExitCode.Usage;
    }
    throw error;
  }
}
