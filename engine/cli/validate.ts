/**
 * `asl validate <definition>`: every problem at once, worded as the engine reports them (AWS's
 * codes, e.g. MISSING_TRANSITION_TARGET, where AWS has one). Exit 0 valid, 2 invalid.
 */
import { validateDefinition } from '../validate.ts';
import { cliProblem, pairs, readJsonFile } from './files.ts';
import { type AslIo, ExitCode } from './io.ts';

export type ValidateFlags = { substitute: string[] };

export function validateCommand(file: string, flags: ValidateFlags, io: AslIo): number {
  const definition = readJsonFile(io.cwd, file, 'definition');
  const problems = validateDefinition(definition, pairs(flags.substitute, '--substitute'));
  if (problems.length === 0) {
    io.stdout.write(`${file}: valid\n`);
    return ExitCode.Succeeded;
  }
  io.stdout.write(`${file}: Invalid State Machine Definition: ${problems.length} problem(s):\n`);
  for (const problem of problems) io.stdout.write(`  - ${cliProblem(problem)}\n`);
  return ExitCode.Usage;
}
