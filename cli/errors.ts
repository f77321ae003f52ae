/** Exit codes are an interface (scripts and schedulers branch on them): see docs/cli.md. */
export const ExitCode = {
  Succeeded: 0,
  Failed: 1,
  Usage: 2,
  TimedOutOrAborted: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Bad usage or input: exit 2, before anything is started. The message names the flag. */
export class UsageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UsageError';
  }
}
