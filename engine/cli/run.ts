/**
 * `asl run <definition>`: one execution of any ASL file, offline, printing the history as it
 * happens (or, with --json, one JSON object at the end). Exit 0 succeeded, 1 failed, 2 bad usage
 * or invalid definition, 3 timed out or stopped.
 */
import type { IntegrationHandler, JsonValue, RunOptions } from '../api.ts';
import { mockedStateIntegrations, parseMockConfig, unknownMockedStates } from '../mock-config.ts';
import { runExecution } from '../run.ts';
import { validateDefinition } from '../validate.ts';
import {
  cliProblem,
  jsonArgument,
  loadLambdaHandlers,
  machineNameOf,
  pairs,
  readJsonFile,
} from './files.ts';
import { EventPrinter } from './format.ts';
import { type AslIo, ExitCode, UsageError } from './io.ts';

export type RunFlags = {
  input?: string;
  mockConfig?: string;
  testCase?: string;
  stateMachineName?: string;
  lambda: string[];
  json?: boolean;
  timeScale?: string;
  substitute: string[];
  executionName?: string;
};

export function timeScaleOf(value: string | undefined): number {
  if (value === undefined) return 1;
  const scale = Number(value);
  if (value.trim() === '' || !Number.isFinite(scale) || scale < 0) {
    throw new UsageError(
      `--time-scale ${value}: expected a number >= 0 (0: Wait and Retry take no time)`,
    );
  }
  return scale;
}

/** The test case's stand-ins, after checking the file and that every mocked state exists. */
function mocks(
  io: AslIo,
  flags: RunFlags,
  definition: unknown,
  machineName: string,
): Record<string, IntegrationHandler> | undefined {
  if (flags.mockConfig === undefined) {
    if (flags.testCase !== undefined) throw new UsageError('--test-case needs --mock-config');
    return undefined;
  }
  if (flags.testCase === undefined) throw new UsageError('--mock-config needs --test-case <name>');
  const parsed = parseMockConfig(readJsonFile(io.cwd, flags.mockConfig, '--mock-config'));
  if (!parsed.config) {
    throw new UsageError(parsed.problems.map((p) => `${flags.mockConfig}: ${p}`));
  }
  let handlers: Record<string, IntegrationHandler>;
  try {
    handlers = mockedStateIntegrations(parsed.config, machineName, flags.testCase);
  } catch (error) {
    throw new UsageError(`${flags.mockConfig}: ${(error as Error).message}`);
  }
  const unknown = unknownMockedStates(definition, handlers);
  if (unknown.length > 0) {
    throw new UsageError(
      unknown.map((p) => `${flags.mockConfig} test case '${flags.testCase}': ${p}`),
    );
  }
  return handlers;
}

export async function runCommand(file: string, flags: RunFlags, io: AslIo): Promise<number> {
  const definition = readJsonFile(io.cwd, file, 'definition');
  const substitutions = pairs(flags.substitute, '--substitute');
  const problems = validateDefinition(definition, substitutions);
  if (problems.length > 0) {
    throw new UsageError([
      `${file}: Invalid State Machine Definition: ${problems.length} problem(s):`,
      ...problems.map((p) => `  - ${cliProblem(p)}`),
    ]);
  }
  const machineName = flags.stateMachineName ?? machineNameOf(file);
  const input: JsonValue =
    flags.input === undefined ? {} : jsonArgument(io.cwd, flags.input, '--input');
  const options: RunOptions = {
    substitutions,
    stateMachineName: machineName,
    timeScale: timeScaleOf(flags.timeScale),
    lambdaHandlers: await loadLambdaHandlers(io.cwd, flags.lambda),
  };
  const stand = mocks(io, flags, definition, machineName);
  if (stand) options.stateIntegrations = stand;
  if (flags.executionName !== undefined) options.executionName = flags.executionName;
  if (!flags.json) {
    const printer = new EventPrinter();
    options.onEvent = (event) => io.stdout.write(`${printer.line(event)}\n`);
  }
  const stop = new AbortController();
  options.signal = stop.signal;
  const release = io.onInterrupt(() => stop.abort(new Error('interrupted (Ctrl-C)')));
  let result: Awaited<ReturnType<typeof runExecution>>;
  try {
    result = await runExecution(definition, input, options);
  } finally {
    release();
  }
  if (flags.json) {
    const out: Record<string, unknown> = { status: result.status };
    if (result.output !== undefined) out.output = result.output;
    if (result.error !== undefined) out.error = result.error;
    if (result.cause !== undefined) out.cause = result.cause;
    out.events = result.events;
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    const summary: string[] = [result.status];
    if (result.error !== undefined) summary.push(result.error);
    if (result.cause !== undefined) summary.push(result.cause);
    io.stdout.write(`${summary.join(': ')}\n`);
    if (result.cause?.includes('No integration handles the resource')) {
      io.stdout.write(
        'hint: mock the state in the test case (--mock-config/--test-case), or give its Lambda function a local handler (--lambda Name=module#export)\n',
      );
    }
    if (result.output !== undefined) io.stdout.write(`${JSON.stringify(result.output, null, 2)}\n`);
  }
  if (result.status === 'SUCCEEDED') return ExitCode.Succeeded;
  if (result.status === 'FAILED') return ExitCode.Failed;
  return ExitCode.TimedOut;
}
