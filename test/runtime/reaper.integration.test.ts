import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalEmr, type LocalEmr } from '../../runtime/emr/emulator.ts';
import { reapExecution, reapOrphans } from '../../runtime/reaper.ts';
import { type LocalS3, startLocalS3 } from '../../runtime/s3-server.ts';
import { clusterRequest, taskContext } from './helpers.ts';

const arn = (name: string) =>
  `arn:aws:states:us-east-1:123456789012:execution:local-state-machine:${name}`;

let dir: string;
let s3: LocalS3;
let emr: LocalEmr;

async function clusterFor(execution: string, ownerPid = process.pid): Promise<string> {
  const { ClusterId } = await emr.createCluster(
    clusterRequest({ Tags: [{ Key: 'market-pipeline:execution', Value: arn(execution) }] }),
    taskContext(),
  );
  await emr.ledger.updateCluster(ClusterId, (c) => {
    c.Local.ownerPid = ownerPid;
  });
  return ClusterId;
}
async function stateOf(id: string): Promise<string | undefined> {
  return (await emr.ledger.read()).find((c) => c.Id === id)?.Status.State;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'reaper-'));
  s3 = await startLocalS3({ directory: join(dir, 's3'), buckets: ['data', 'logs'] });
  emr = createLocalEmr({ stateDir: dir, s3: s3.client, timeScale: 0 });
});
afterAll(async () => {
  emr.close();
  await s3.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('reapExecution', () => {
  it("terminates an aborted execution's clusters and no one else's", async () => {
    const mine = await clusterFor('aborted-run');
    const other = await clusterFor('other-run');
    const reaped = await reapExecution(emr, arn('aborted-run'), 'ABORTED');
    expect(reaped).toStrictEqual([mine]);
    expect(await stateOf(mine)).toBe('TERMINATED');
    expect(await stateOf(other)).toBe('WAITING');
    const reason = (await emr.ledger.read()).find((c) => c.Id === mine)?.Status.StateChangeReason;
    expect(reason?.Message).toContain('ended ABORTED');
  });

  it.each(['FAILED', 'TIMED_OUT'] as const)(
    'terminates the clusters of a %s execution',
    async (status) => {
      const id = await clusterFor(`run-${status}`);
      expect(await reapExecution(emr, arn(`run-${status}`), status)).toStrictEqual([id]);
    },
  );

  it('leaves the clusters of a SUCCEEDED execution and says so', async () => {
    const id = await clusterFor('succeeded-run');
    const lines: string[] = [];
    expect(
      await reapExecution(emr, arn('succeeded-run'), 'SUCCEEDED', (l) => lines.push(l)),
    ).toStrictEqual([]);
    expect(await stateOf(id)).toBe('WAITING');
    expect(lines.join('\n')).toContain(`cluster ${id} is still WAITING`);
  });
});

describe('reapOrphans', () => {
  it('terminates a cluster whose owning process is gone', async () => {
    const deadPid = spawnSync('true').pid as number;
    const id = await clusterFor('crashed-run', deadPid);
    expect(await reapOrphans(emr, () => false)).toContain(id);
    expect(await stateOf(id)).toBe('TERMINATED');
  });

  it("keeps this process's cluster while its execution runs, and reaps it once it is not running", async () => {
    const id = await clusterFor('live-run');
    const running = new Set([arn('live-run')]);
    expect(await reapOrphans(emr, (a) => a !== undefined && running.has(a))).not.toContain(id);
    expect(await stateOf(id)).toBe('WAITING');
    running.clear();
    expect(await reapOrphans(emr, (a) => a !== undefined && running.has(a))).toContain(id);
  });

  it("kills a crashed run's leftover Spark process and cancels its step", async () => {
    const deadPid = spawnSync('true').pid as number;
    const id = await clusterFor('crashed-with-spark', deadPid);
    const workDir = join(dir, 'emr', 'work', id, 's-LEFTOVER00000');
    // A stand-in for spark-submit whose command line names the step's work folder.
    const leftover = spawn('bash', ['-c', 'sleep 60; true', workDir], {
      detached: true,
      stdio: 'ignore',
    });
    await emr.ledger.updateCluster(id, (c) => {
      c.Steps.push({
        Id: 's-LEFTOVER00000',
        Name: 'train-model',
        Config: { Jar: 'command-runner.jar', Args: [], Properties: {} },
        ActionOnFailure: 'CONTINUE',
        Status: {
          State: 'RUNNING',
          StateChangeReason: {},
          Timeline: { CreationDateTime: new Date().toISOString() },
        },
        Local: { workDir, logDir: workDir, pid: leftover.pid as number },
      });
    });
    const exited = new Promise((resolve) => leftover.on('exit', resolve));
    expect(await reapOrphans(emr, () => false)).toContain(id);
    expect(await exited).toBeDefined();
    const step = (await emr.ledger.read()).find((c) => c.Id === id)?.Steps[0];
    expect(step?.Status.State).toBe('CANCELLED');
  });

  it('leaves a cluster owned by another live process', async () => {
    const id = await clusterFor('elsewhere', process.ppid);
    expect(await reapOrphans(emr, () => false)).not.toContain(id);
    expect(await stateOf(id)).toBe('WAITING');
  });
});
