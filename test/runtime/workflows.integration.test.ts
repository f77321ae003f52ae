/**
 * The standalone workflows on the local runtime with the synthetic provider (issue 12's "done
 * when"): collect-bars collects without a cluster; train-model trains on the collected session
 * and terminates its cluster; train-model on a session with no data fails with
 * NoTrainingDataError before any cluster, leaving the EMR ledger as it was. The training step
 * runs the stand-in spark-submit (helpers.ts); real Spark is runtime.e2e's.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocal } from '../../runtime/runtime.ts';
import { standInTrainingSubmit } from './helpers.ts';

let dir: string;
let sparkSubmit: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'runtime-workflows-'));
  sparkSubmit = standInTrainingSubmit(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tickers = ['AZN.L', 'BP.L', 'HSBA.L'];
const session = '2026-12-04';
const ledger = () => join(dir, 'state', 'emr', 'clusters.json');
const clusters = (): Array<{ Id: string; Status: { State: string } }> =>
  existsSync(ledger()) ? JSON.parse(readFileSync(ledger(), 'utf8')) : [];

describe('the registered workflows on the local runtime', () => {
  it('collect-bars collects every ticker and writes its manifest without creating a cluster', async () => {
    const result = await runLocal({
      workflow: 'collect-bars',
      executionName: 'collect-1',
      stateDir: join(dir, 'state'),
      timeScale: 0,
      input: { tickers, date: session, provider: 'synthetic' },
    });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.executionArn).toBe(
      'arn:aws:states:us-east-1:123456789012:execution:collect-bars:collect-1',
    );
    const output = result.output as {
      tickers: { ok: number; failed: number };
      objects: number;
      manifest: string;
    };
    expect(output.tickers).toMatchObject({ ok: 3, failed: 0 });
    // The download Lambda wrote each ticker's objects file and counted what it lists.
    expect(output.objects).toBe(3);
    expect(output.manifest).toBe('s3://market-pipeline-data/manifests/collect-bars/collect-1.json');
    expect(clusters()).toStrictEqual([]);
  }, 120_000);

  it('train-model trains on the collected session and terminates its cluster', async () => {
    const result = await runLocal({
      workflow: 'train-model',
      executionName: 'train-1',
      stateDir: join(dir, 'state'),
      timeScale: 0,
      sparkSubmit,
      input: { tickers, date: session },
    });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.locations.clusters?.map((c) => c.state)).toStrictEqual(['TERMINATED']);
    expect(clusters().map((c) => c.Status.State)).toStrictEqual(['TERMINATED']);
  }, 120_000);

  it('train-model on a session with no data fails with NoTrainingDataError and creates no cluster', async () => {
    const before = readFileSync(ledger(), 'utf8');
    const result = await runLocal({
      workflow: 'train-model',
      executionName: 'train-empty',
      stateDir: join(dir, 'state'),
      timeScale: 0,
      sparkSubmit,
      input: { tickers, date: '2026-12-03' },
    });
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('NoTrainingDataError');
    expect(result.cause).toContain('0 of 1 sessions hold data');
    expect(readFileSync(ledger(), 'utf8')).toBe(before);
  }, 120_000);
});
