/**
 * `asl test-state <definition> --state <name>`: one state in isolation, as the TestState API runs
 * it; prints its answer as JSON. Exit 0 when the state ran (SUCCEEDED, CAUGHT_ERROR, RETRIABLE),
 * 1 when it FAILED, 2 on bad usage.
 */
import type { JsonValue } from '../api.ts';
import {
  type InspectionLevel,
  type TestStateRequest,
  TestStateRequestError,
  testState,
} from '../test-state.ts';
import { jsonArgument, pairs, readJsonFile } from './files.ts';
import { type AslIo, ExitCode, UsageError } from './io.ts';

export type TestStateFlags = {
  state?: string;
  input?: string;
  mockResult?: string;
  mockError?: string;
  variables?: string;
  inspectionLevel?: string;
  substitute: string[];
};

const levels: readonly InspectionLevel[] = ['INFO', 'DEBUG', 'TRACE'];

function mockOf(flags: TestStateFlags, io: AslIo): TestStateRequest['mock'] {
  if (flags.mockResult !== undefined && flags.mockError !== undefined) {
    throw new UsageError('--mock-result and --mock-error exclude each other');
  }
  if (flags.mockResult !== undefined) {
    return { result: jsonArgument(io.cwd, flags.mockResult, '--mock-result') };
  }
  if (flags.mockError !== undefined) {
    const cut = flags.mockError.indexOf(':');
    const error = cut < 0 ? flags.mockError : flags.mockError.slice(0, cut);
    if (error === '')
      throw new UsageError(`--mock-error ${flags.mockError}: expected Error[:Cause]`);
    return cut < 0
      ? { errorOutput: { error } }
      : { errorOutput: { error, cause: flags.mockError.slice(cut + 1) } };
  }
  return undefined;
}

export async function testStateCommand(
  file: string,
  flags: TestStateFlags,
  io: AslIo,
): Promise<number> {
  const level = (flags.inspectionLevel ?? 'INFO').toUpperCase() as InspectionLevel;
  if (!levels.includes(level)) {
    throw new UsageError(
      `--inspection-level ${flags.inspectionLevel}: expected INFO, DEBUG or TRACE`,
    );
  }
  const request: TestStateRequest = {
    definition: readJsonFile(io.cwd, file, 'definition') as object,
    input: flags.input === undefined ? {} : jsonArgument(io.cwd, flags.input, '--input'),
    inspectionLevel: level,
    options: { substitutions: pairs(flags.substitute, '--substitute') },
  };
  if (flags.state !== undefined) request.stateName = flags.state;
  const mock = mockOf(flags, io);
  if (mock) request.mock = mock;
  if (flags.variables !== undefined) {
    const variables = jsonArgument(io.cwd, flags.variables, '--variables');
    if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
      throw new UsageError('--variables: expected a JSON object (name -> value)');
    }
    request.variables = variables as Record<string, JsonValue>;
  }
  let result: Awaited<ReturnType<typeof testState>>;
  try {
    result = await testState(request);
  } catch (error) {
    if (error instanceof TestStateRequestError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
  io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (result.status === 'FAILED' && result.error === 'InvalidDefinition') return ExitCode.Usage;
  return result.status === 'FAILED' ? ExitCode.Failed : ExitCode.Succeeded;
}
