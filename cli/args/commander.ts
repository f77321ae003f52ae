/**
 * Parsing a commander program that was set to `exitOverride()`: the exit code a help or usage
 * error ends the command with, or nothing when the arguments parsed. Every small command of the
 * CLI (runs, report, local-s3) parses this way.
 */
import { type Command, CommanderError } from 'commander';
import { ExitCode } from '../errors.ts';

/** Parses user arguments; `undefined` when they parsed, else 0 for `--help`, 2 for bad usage. */
export function parseUserArgs(cmd: Command, argv: readonly string[]): number | undefined {
  try {
    cmd.parse([...argv], { from: 'user' });
    return undefined;
  } catch (error) {
    return error instanceof CommanderError && error.exitCode === 0
      ? ExitCode.Succeeded
      : ExitCode.Usage;
  }
}
