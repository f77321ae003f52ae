/**
 * What the `asl` command touches outside the engine, injected so tests drive `main` in process
 * with a fake terminal, and the entry point (`asl.ts`) wires the real ones.
 */
export type AslOut = { write: (text: string) => unknown };

export type AslIo = {
  stdout: AslOut;
  stderr: AslOut;
  /** Where relative paths (definitions, inputs, mock files, handler modules) resolve from. */
  cwd: string;
  /** Calls `handler` on Ctrl-C (SIGINT) until the returned function is called. */
  onInterrupt: (handler: () => void) => () => void;
};

export function processIo(): AslIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    onInterrupt: (handler) => {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
  };
}

/** Exit codes of every `asl` command. */
export const ExitCode = {
  Succeeded: 0,
  Failed: 1,
  /** Bad usage, or an invalid definition / mock configuration / input. */
  Usage: 2,
  /** The execution timed out or was stopped (Ctrl-C). */
  TimedOut: 3,
} as const;

/** A problem with what the user passed: printed (every line), exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly problems: string[];
  constructor(problems: string | string[]) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super(list.join('\n'));
    this.problems = list;
  }
}
