/**
 * Runs the real entry point (`cli/start-workflow.ts` through tsx) as a child process, the way
 * `npm run start-workflow` does, and collects its exit code and output. `entry` names another
 * entry file (relative to the project root), e.g. one that swaps Spark for a stand-in.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { projectRoot } from '../../runtime/project-root.ts';

export type CliRun = { code: number | null; stdout: string; stderr: string };

export type CliProcess = {
  child: ChildProcess;
  /** Resolves when the output so far matches. */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
  done: Promise<CliRun>;
};

export const CLI_ENTRY = 'cli/start-workflow.ts';

export function startCli(
  args: string[],
  env: Record<string, string> = {},
  entry = CLI_ENTRY,
): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      // No real credentials or profile may leak in: the tests talk to 127.0.0.1 only.
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ pattern: RegExp; resolve: () => void }> = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(stdout + stderr)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    check();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    check();
  });
  const done = new Promise<CliRun>((resolve) => {
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return {
    child,
    done,
    waitFor: (pattern, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for ${pattern}: ${stdout}\n${stderr}`)),
          timeoutMs,
        );
        waiters.push({
          pattern,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
        check();
      }),
  };
}

export async function runCli(
  args: string[],
  env: Record<string, string> = {},
  entry = CLI_ENTRY,
): Promise<CliRun> {
  return await startCli(args, env, entry).done;
}

/** The child's output, as the message of a failed exit-code assertion (CI shows nothing else). */
export function transcript(run: CliRun): string {
  return `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}
