import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExecutionAlreadyRunningError, lockExecution } from '../../runtime/execution-lock.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'execution-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lockFile = (name: string) => join(dir, 'locks', `${name}.lock`);

describe('lockExecution', () => {
  it('refuses a second run of a running name, naming the process, the folder and the way out', () => {
    const release = lockExecution(dir, 'run-1');
    expect(() => lockExecution(dir, 'run-1')).toThrow(ExecutionAlreadyRunningError);
    expect(() => lockExecution(dir, 'run-1')).toThrow(
      new RegExp(
        `^execution 'run-1' is already running on the state folder ${dir} \\(process ${process.pid}, since \\d{4}-.*Z\\); .* start another with --name$`,
      ),
    );
    // Another name runs beside it.
    const other = lockExecution(dir, 'run-2');
    other();
    release();
    expect(existsSync(lockFile('run-1'))).toBe(false);
    lockExecution(dir, 'run-1')();
  });

  it('takes over the lock of a process that is gone (killed, crashed) or a half-written one', () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    mkdirSync(join(dir, 'locks'));
    writeFileSync(lockFile('run-1'), JSON.stringify({ pid: Number(gone.stdout), startedAt: 'x' }));
    writeFileSync(lockFile('run-2'), '{"pid":');
    const releases = [lockExecution(dir, 'run-1'), lockExecution(dir, 'run-2')];
    for (const release of releases) release();
    expect(existsSync(lockFile('run-1'))).toBe(false);
  });
});
