/**
 * Runs a step's command as its own process group with stdout/stderr written straight to the
 * step's log files, and kills the whole group (spark-submit's JVM and its Python driver) on
 * abort. Groups still alive when this process exits are killed too, so no Spark outlives a run.
 */
import { spawn } from 'node:child_process';
import { open, readFile } from 'node:fs/promises';

export type ProcessOutcome = {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** true when the run was stopped through `signal`. */
  aborted: boolean;
};

/** Seconds between SIGTERM and SIGKILL when a step is cancelled. */
const killGraceMs = 5_000;
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
  });
}

/** true when a process with this id exists (signal 0 probes without killing). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Kills a process group left by another (crashed) run, if it still exists. */
export function killProcessGroup(pid: number): void {
  killGroup(pid, 'SIGKILL');
}

export async function runStepProcess(options: {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdoutFile: string;
  stderrFile: string;
  signal: AbortSignal;
  onStart?: (pid: number) => void;
}): Promise<ProcessOutcome> {
  installExitHook();
  // Append mode: the PySpark driver's wrapper (step.ts) appends to the same stderr file.
  const stdout = await open(options.stdoutFile, 'a');
  const stderr = await open(options.stderrFile, 'a');
  try {
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      detached: true, // its own process group, so a kill reaches the JVM and Python too
      stdio: ['ignore', stdout.fd, stderr.fd],
    });
    const pid = child.pid;
    let aborted = false;
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      if (pid === undefined) return;
      aborted = true;
      killGroup(pid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), killGraceMs);
      killTimer.unref();
    };
    if (pid !== undefined) {
      liveGroups.add(pid);
      options.onStart?.(pid);
    }
    const outcome = await new Promise<ProcessOutcome>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (exitCode, signal) => resolve({ exitCode, signal, aborted }));
      if (options.signal.aborted) onAbort();
      else options.signal.addEventListener('abort', onAbort, { once: true });
    }).finally(() => {
      options.signal.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      if (pid !== undefined) {
        // The leader exited; make sure nothing it started lingers (e.g. Python workers).
        killGroup(pid, 'SIGKILL');
        liveGroups.delete(pid);
      }
    });
    return { ...outcome, aborted };
  } finally {
    await stdout.close();
    await stderr.close();
  }
}

/** The last `count` non-empty lines of a (possibly large) log file. */
export async function tailLines(file: string, count: number): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const tailBytes = text.length > 256 * 1024 ? text.slice(-256 * 1024) : text;
  return tailBytes
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.length > 0)
    .slice(-count);
}
