/**
 * End to end: the snapshot definition on the embedded runtime, with real local S3, the real
 * Lambda handlers in process and real spark-submit. Every scenario ends with every cluster
 * terminated. timeScale 0: retries and EMR provisioning take no time. Spark costs 15-60 s per
 * step on this 2-core machine, so the file runs its scenarios one after another.
 */
import { mkdirSync, mkdtempSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Ledger } from '../../runtime/emr/ledger.ts';
import { isProcessAlive } from '../../runtime/emr/process.ts';
import { isTerminated } from '../../runtime/emr/types.ts';
import { runLocal } from '../../runtime/runtime.ts';
import { startLocalS3 } from '../../runtime/s3-server.ts';
import type { LocalRunOptions, LocalRunResult } from '../../runtime/types.ts';
import { startFakeYahoo } from './fake-yahoo.ts';
import { deployRaisingTrainScript } from './helpers.ts';

const tickers = Array.from({ length: 20 }, (_, i) => `SYN${String(i + 1).padStart(2, '0')}`);
const spark = 600_000;
let stateDir: string;
const lines: string[] = [];

function run(name: string, input: LocalRunOptions['input'], extra: Partial<LocalRunOptions> = {}) {
  return runLocal({
    input,
    executionName: name,
    stateDir,
    timeScale: 0,
    log: (l) => lines.push(`[${name}] ${l}`),
    ...extra,
  });
}

/** Reads a run's data after it: the runtime stopped its S3, so start one on the same folder. */
async function withS3<T>(use: (s3: S3Client) => Promise<T>): Promise<T> {
  const s3 = await startLocalS3({ directory: join(stateDir, 's3') });
  try {
    return await use(s3.client);
  } finally {
    await s3.stop();
  }
}

async function keysUnder(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) keys.push(o.Key as string);
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

async function everyClusterTerminated(): Promise<void> {
  const clusters = await new Ledger(join(stateDir, 'emr', 'clusters.json')).read();
  expect(
    clusters.filter((c) => !isTerminated(c)).map((c) => `${c.Id} ${c.Status.State}`),
  ).toStrictEqual([]);
}

/**
 * Resolves with the pid of the RUNNING step of cluster `clusterName` once the ledger records it.
 * Every ledger write renames a new file over the old one, so a watcher on its folder sees each
 * write: no polling.
 */
function whenStepRuns(
  ledger: Ledger,
  clusterName: string,
): { pid: Promise<number>; stop: () => void } {
  mkdirSync(dirname(ledger.path), { recursive: true });
  const watcher = watch(dirname(ledger.path));
  const pid = new Promise<number>((resolve, reject) => {
    const check = async () => {
      const step = (await ledger.read())
        .filter((c) => c.Name === clusterName)
        .flatMap((c) => c.Steps)
        .find((st) => st.Status.State === 'RUNNING' && st.Local.pid);
      if (step?.Local.pid) resolve(step.Local.pid);
    };
    watcher.on('change', () => check().catch(reject));
    watcher.on('error', reject);
    check().catch(reject);
  });
  return { pid, stop: () => watcher.close() };
}

function output(result: LocalRunResult): Record<string, unknown> {
  return result.output as Record<string, unknown>;
}

beforeAll(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'runtime-e2e-'));
});
afterAll(() => {
  rmSync(stateDir, { recursive: true, force: true });
});

describe('local runtime, end to end', () => {
  it(
    'runs 20 synthetic tickers to a trained model and terminates the cluster',
    async () => {
      const result = await run('e2e-success', { tickers, provider: 'synthetic' });
      expect(result.error, result.cause).toBeUndefined();
      expect(result.status).toBe('SUCCEEDED');
      // The composed pipeline: two nested executions, each listed with its own status.
      expect((result.childExecutions ?? []).map((c) => [c.name, c.status])).toStrictEqual([
        ['e2e-success-collect', 'SUCCEEDED'],
        ['e2e-success-train', 'SUCCEEDED'],
      ]);
      const out = output(result);
      const date = (out.window as { to: string }).to;
      const { raw, metrics } = await withS3(async (s3) => {
        const raw = await keysUnder(
          s3,
          result.locations.dataBucket,
          `raw/interval=1m/date=${date}/`,
        );
        const got = await s3.send(
          new GetObjectCommand({
            Bucket: result.locations.dataBucket,
            Key: 'models/e2e-success-train/metrics.json',
          }),
        );
        return { raw, metrics: JSON.parse((await got.Body?.transformToString()) ?? '') };
      });
      expect(raw).toHaveLength(20);
      expect(metrics.tickers).toBe(20);
      expect(metrics.rows.total).toBeGreaterThan(0);
      expect(metrics.rows.train + metrics.rows.test).toBeLessThanOrEqual(metrics.rows.total);
      for (const key of ['accuracy', 'baseline_accuracy']) {
        expect(metrics[key]).toBeGreaterThanOrEqual(0);
        expect(metrics[key]).toBeLessThanOrEqual(1);
      }
      expect(result.locations.modelPrefix).toBe(
        `s3://${result.locations.dataBucket}/models/e2e-success-train/`,
      );
      expect((result.locations.clusters ?? []).map((c) => c.state)).toStrictEqual(['TERMINATED']);
      expect(result.locations.clusters?.[0]?.steps.map((s) => s.state)).toStrictEqual([
        'COMPLETED',
      ]);
      await everyClusterTerminated();
    },
    spark,
  );

  it(
    'fails with the step error and stderr tail when the training script raises, and terminates the cluster',
    async () => {
      const result = await run(
        'e2e-train-raises',
        { tickers, provider: 'synthetic' },
        {
          prepare: deployRaisingTrainScript('injected failure: e2e test copy of train_model.py'),
        },
      );
      expect(result.status).toBe('FAILED');
      expect(result.error).toBe('States.TaskFailed');
      const step = JSON.parse(result.cause ?? '{}');
      expect(step.Status.State).toBe('FAILED');
      expect(step.Status.FailureDetails.Reason).toBe('Step failed with exit code 1');
      expect(step.Status.FailureDetails.Message).toContain(
        'RuntimeError: injected failure: e2e test copy',
      );
      expect((result.locations.clusters ?? []).map((c) => c.state)).toStrictEqual(['TERMINATED']);
      await everyClusterTerminated();
    },
    spark,
  );

  it(
    'creates no cluster when too many tickers fail at the provider',
    async () => {
      const failing = new Set(tickers.slice(0, 3));
      const yahoo = await startFakeYahoo(failing);
      try {
        const result = await run(
          'e2e-too-many-500s',
          { tickers, provider: 'yahoo' },
          { lambdaEnv: { YAHOO_BASE_URL: yahoo.baseUrl } },
        );
        expect(result.status).toBe('FAILED');
        expect(result.error).toBe('InsufficientDataError');
        expect(result.cause).toContain('only 17 of 20 tickers downloaded ok');
        for (const t of failing) expect(result.cause).toContain(t);
        // Retried before giving up (timeScale 0: the backoff took no time).
        expect(yahoo.requests.get(tickers[0] as string)).toBeGreaterThan(1);
        expect(result.locations.clusters).toStrictEqual([]);
        await everyClusterTerminated();
      } finally {
        await yahoo.stop();
      }
    },
    spark,
  );

  it(
    "keeps concurrent runs apart: each run's Lambdas see only its own environment",
    async () => {
      const [a, b] = await Promise.all([
        startFakeYahoo(new Set(tickers.slice(0, 3))),
        startFakeYahoo(new Set(tickers.slice(17))),
      ]);
      try {
        const [ra, rb] = await Promise.all([
          run(
            'e2e-concurrent-a',
            { tickers, provider: 'yahoo' },
            { lambdaEnv: { YAHOO_BASE_URL: a.baseUrl } },
          ),
          run(
            'e2e-concurrent-b',
            { tickers, provider: 'yahoo' },
            { lambdaEnv: { YAHOO_BASE_URL: b.baseUrl } },
          ),
        ]);
        expect([ra.error, rb.error]).toStrictEqual([
          'InsufficientDataError',
          'InsufficientDataError',
        ]);
        expect(ra.cause).toContain('SYN01, SYN02, SYN03');
        expect(rb.cause).toContain('SYN18, SYN19, SYN20');
        expect(a.requests.get('SYN20')).toBe(1);
        expect(b.requests.get('SYN01')).toBe(1);
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    },
    spark,
  );

  it(
    'succeeds when one ticker keeps failing at the provider, within tolerance',
    async () => {
      const yahoo = await startFakeYahoo(new Set(['SYN07']));
      try {
        const result = await run(
          'e2e-one-500',
          { tickers, provider: 'yahoo' },
          { lambdaEnv: { YAHOO_BASE_URL: yahoo.baseUrl } },
        );
        expect(result.error, result.cause).toBeUndefined();
        expect(result.status).toBe('SUCCEEDED');
        expect(output(result).tickers).toMatchObject({
          requested: 20,
          ok: 19,
          failed: 1,
          failedTickers: ['SYN07'],
        });
        expect((result.locations.clusters ?? []).map((c) => c.state)).toStrictEqual(['TERMINATED']);
        await everyClusterTerminated();
      } finally {
        await yahoo.stop();
      }
    },
    spark,
  );

  it(
    'fails the execution when cluster creation fails, leaving the cluster terminated',
    async () => {
      const result = await run(
        'e2e-create-fails',
        { tickers: tickers.slice(0, 2), provider: 'synthetic' },
        {
          // The deployment lost the bootstrap script: EMR fails the cluster with BOOTSTRAP_FAILURE.
          prepare: async ({ s3, dataBucket }) => {
            await s3.send(
              new DeleteObjectCommand({ Bucket: dataBucket, Key: 'code/train/bootstrap.sh' }),
            );
          },
        },
      );
      expect(result.status).toBe('FAILED');
      expect(result.error).toBe('States.TaskFailed');
      const cluster = JSON.parse(result.cause ?? '{}');
      expect(cluster.Status.State).toBe('TERMINATED_WITH_ERRORS');
      expect(cluster.Status.StateChangeReason.Code).toBe('BOOTSTRAP_FAILURE');
      expect((result.locations.clusters ?? []).map((c) => c.state)).toStrictEqual([
        'TERMINATED_WITH_ERRORS',
      ]);
      await everyClusterTerminated();
    },
    spark,
  );

  it(
    'reaps the cluster and kills Spark when the execution is aborted during training',
    async () => {
      const abort = new AbortController();
      const ledger = new Ledger(join(stateDir, 'emr', 'clusters.json'));
      const sparkStarted = whenStepRuns(ledger, 'market-pipeline-e2e-aborted-train');
      const running = run(
        'e2e-aborted',
        { tickers, provider: 'synthetic' },
        { signal: abort.signal },
      );
      // Abort as soon as this run's spark-submit is running (or give up if the run ended first).
      const sparkPid = await Promise.race([sparkStarted.pid, running.then(() => undefined)]);
      sparkStarted.stop();
      abort.abort(new Error('stopped by the e2e test'));
      const result = await running;
      expect(sparkPid).toBeDefined();
      expect(result.status).toBe('ABORTED');
      // Stopping the pipeline stopped the running train-model child; collect-bars had ended.
      expect((result.childExecutions ?? []).map((c) => [c.name, c.status])).toStrictEqual([
        ['e2e-aborted-collect', 'SUCCEEDED'],
        ['e2e-aborted-train', 'ABORTED'],
      ]);
      const [cluster] = result.locations.clusters ?? [];
      expect(cluster?.state).toBe('TERMINATED');
      expect(cluster?.steps.map((s) => s.state)).toStrictEqual(['CANCELLED']);
      const record = (await ledger.read()).find((c) => c.Id === cluster?.id);
      expect(record?.Status.StateChangeReason.Message).toContain('ended ABORTED');
      await vi.waitFor(() => expect(isProcessAlive(sparkPid as number)).toBe(false), {
        timeout: 10_000,
      });
      await everyClusterTerminated();
    },
    spark,
  );
});
