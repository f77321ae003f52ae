/**
 * One execution name runs at most once at a time per state folder. Step Functions answers a
 * StartExecution naming an execution that is still running with that execution (same input) or
 * `ExecutionAlreadyExists`; it never runs the name twice. Locally, two CLI processes started with
 * the same name on one state folder (two terminals, a retry loop) would otherwise both run it,
 * two local S3 servers writing the same objects (s3rver writes in place) and two clusters tagged
 * with the same execution ARN.
 *
 * The lock is `<stateDir>/locks/<execution name>.lock`, created exclusively, holding the owner's
 * process id; a lock whose process is gone (killed, crashed) is taken over.
 */
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from './emr/process.ts';

export const LOCKS_FOLDER = 'locks';

type Holder = { pid: number; startedAt: string };

export class ExecutionAlreadyRunningError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExecutionAlreadyRunningError';
  }
}

function holderOf(file: string): Holder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
    return typeof parsed.pid === 'number'
      ? { pid: parsed.pid, startedAt: String(parsed.startedAt) }
      : undefined;
  } catch {
    return undefined; // gone, or half written by a process killed while writing it
  }
}

/**
 * Takes the lock of `executionName` in `stateDir`; returns its release. Throws
 * {@link ExecutionAlreadyRunningError} naming the process that runs it.
 */
export function lockExecution(stateDir: string, executionName: string): () => void {
  const folder = join(stateDir, LOCKS_FOLDER);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${executionName}.lock`);
  const mine: Holder = { pid: process.pid, startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw error;
    }
    const holder = holderOf(file);
    if (holder && isProcessAlive(holder.pid)) {
      throw new ExecutionAlreadyRunningError(
        `execution '${executionName}' is already running on the state folder ${stateDir} (process ${holder.pid}, since ${holder.startedAt}); Step Functions would not run a name twice either: wait for it to end, or start another with --name`,
      );
    }
    // Its process is gone: the lock is stale.
    try {
      unlinkSync(file);
    } catch {
      // another process took it over first; the next attempt sees its lock
    }
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (holderOf(file)?.pid === process.pid) {
      try {
        unlinkSync(file);
      } catch {
        // already gone
      }
    }
  };
}
