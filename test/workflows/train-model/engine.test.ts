/**
 * train-model's definition runs on the engine with stand-ins: an in-memory data bucket (bars
 * stored as earlier runs would have, or by a collect-bars run on the same bucket), a fake
 * prepare-input Lambda and a fake EMR backend.
 */
import { describe, expect, it, vi } from 'vitest';
import { collectBarsManifestKey } from '../../../contracts/manifest.ts';
import { buildCollectBars } from '../../../workflows/collect-bars/collect-bars.ts';
import { defaultCollectBarsConfig } from '../../../workflows/collect-bars/config.ts';
import { defaultTrainModelConfig } from '../../../workflows/train-model/config.ts';
import { NO_TRAINING_DATA_ERROR } from '../../../workflows/train-model/data-gate.ts';
import { buildTrainModel } from '../../../workflows/train-model/train-model.ts';
import { run } from '../../engine/helpers.ts';
import {
  argAfter,
  downloadLambda,
  FakeBucket,
  fakeEmr,
  prepareInputLambda,
  stepArgs,
  storeBars,
  substitutions,
} from '../engine-support.ts';

const definition = buildTrainModel(defaultTrainModelConfig).definition;
const universe = Array.from({ length: 10 }, (_, i) => `T${i}.L`);
// test/engine/helpers.ts starts executions on Wednesday 2024-05-01, 10:00 UTC.
const week = ['2024-04-22', '2024-04-23', '2024-04-24', '2024-04-25', '2024-04-26'] as const;

const train = (input: unknown, bucket: FakeBucket, emr = fakeEmr()) => {
  const prepare = vi.fn(prepareInputLambda(universe));
  const result = run(definition, input, {
    substitutions,
    lambdaHandlers: { 'prepare-input': prepare },
    integrations: bucket.integrations(),
    emr,
  });
  return { result, emr, prepare };
};

describe('train-model on the engine: the data gate', () => {
  it('fails with NoTrainingDataError, before any cluster exists, on a window with no data', async () => {
    const { result, emr } = train({ from: week[0], to: week[4] }, new FakeBucket());
    const r = await result;
    expect(r).toMatchObject({ status: 'FAILED', error: NO_TRAINING_DATA_ERROR });
    expect(r.cause).toBe(
      'raw/interval=1m/ 2024-04-22..2024-04-26: 0 of 5 sessions hold data for any of the 10 tickers, fewer than the 1 interval 1m needs; ' +
        'no data: 2024-04-22, 2024-04-23, 2024-04-24, 2024-04-25, 2024-04-26',
    );
    expect(emr.createCluster).not.toHaveBeenCalled();
  });

  it('lists one prefix per session of the window', async () => {
    const bucket = new FakeBucket();
    await train({ from: week[0], to: week[4] }, bucket).result;
    expect(bucket.calls).toStrictEqual(week.map((d) => `listObjectsV2 raw/interval=1m/date=${d}/`));
  });

  it('fails naming a session where too few of the tickers have data', async () => {
    const bucket = new FakeBucket();
    storeBars(bucket, universe, week);
    bucket.objects.delete('raw/interval=1m/date=2024-04-24/ticker=T3.L/bars.csv.gz');
    bucket.objects.delete('raw/interval=1m/date=2024-04-24/ticker=T4.L/bars.csv.gz');
    const { result, emr } = train({ from: week[0], to: week[4] }, bucket);
    const r = await result;
    expect(r).toMatchObject({ status: 'FAILED', error: NO_TRAINING_DATA_ERROR });
    expect(r.cause).toBe(
      'raw/interval=1m/ 2024-04-22..2024-04-26: below 90% of the 10 tickers: 2024-04-24 (8)',
    );
    expect(emr.createCluster).not.toHaveBeenCalled();
  });

  it('counts only the run tickers: other tickers stored for a session do not help', async () => {
    const bucket = new FakeBucket();
    storeBars(bucket, ['OTHER.L'], week);
    const r = await train({ from: week[0], to: week[4], tickers: ['T1.L'] }, bucket).result;
    expect(r.error).toBe(NO_TRAINING_DATA_ERROR);
  });
});

describe('train-model on the engine: training', () => {
  it('reaches createCluster when the window holds data, trains and tears the cluster down', async () => {
    const bucket = new FakeBucket();
    storeBars(bucket, universe, week);
    const { result, emr } = train({ from: week[0], to: week[4], maxDepth: 7 }, bucket);
    const r = await result;
    expect(r.status).toBe('SUCCEEDED');
    expect(emr.createCluster).toHaveBeenCalledTimes(1);
    expect(emr.terminateCluster).toHaveBeenCalledWith({ ClusterId: 'j-TEST' }, expect.anything());
    const args = stepArgs(emr);
    expect(argAfter(args, '--input')?.split(',')).toStrictEqual(
      week.map((d) => `s3://data/raw/interval=1m/date=${d}/`),
    );
    expect(argAfter(args, '--max-depth')).toBe('7');
    expect(JSON.parse(argAfter(args, '--data-description') ?? '')).toStrictEqual({
      workflow: 'train-model',
      executionName: 'test-execution',
      from: week[0],
      to: week[4],
      sessions: week,
      interval: '1m',
      tickers: 10,
      manifest: null,
    });
  });

  it('ends with the data it trained on, the coverage per session and where the model is', async () => {
    const bucket = new FakeBucket();
    storeBars(bucket, universe, week.slice(0, 2));
    const r = await train({ from: week[0], to: week[1] }, bucket).result;
    expect(r.output).toStrictEqual({
      executionName: 'test-execution',
      data: {
        workflow: 'train-model',
        executionName: 'test-execution',
        from: week[0],
        to: week[1],
        sessions: week.slice(0, 2),
        interval: '1m',
        tickers: 10,
        manifest: null,
      },
      coverage: [
        { date: week[0], tickers: 10, truncated: false },
        { date: week[1], tickers: 10, truncated: false },
      ],
      inputPrefixes: week.slice(0, 2).map((d) => `s3://data/raw/interval=1m/date=${d}/`),
      modelPrefix: 's3://data/models/test-execution/',
      metrics: 's3://data/models/test-execution/metrics.json',
      clusterId: 'j-TEST',
    });
  });

  it('goes on past a session where no ticker has data (a holiday), which the job skips', async () => {
    const bucket = new FakeBucket();
    storeBars(bucket, universe, [week[0], week[1], week[3], week[4]]);
    const { result, emr } = train({ from: week[0], to: week[4] }, bucket);
    expect((await result).status).toBe('SUCCEEDED');
    expect(emr.createCluster).toHaveBeenCalledTimes(1);
  });

  it('terminates the cluster when training fails and ends with the original error', async () => {
    const bucket = new FakeBucket();
    storeBars(bucket, universe, week);
    const { result, emr } = train({ from: week[0], to: week[4] }, bucket, fakeEmr(true));
    expect(await result).toMatchObject({
      status: 'FAILED',
      error: 'States.TaskFailed',
      cause: 'Step train-model failed: spark-submit exited with code 3',
    });
    expect(emr.terminateCluster).toHaveBeenCalledTimes(1);
  });
});

describe('train-model on the engine: from a collect-bars manifest', () => {
  const collect = async (bucket: FakeBucket, input: unknown) => {
    const r = await run(buildCollectBars(defaultCollectBarsConfig).definition, input, {
      substitutions,
      executionName: 'collect-1',
      lambdaHandlers: {
        'prepare-input': prepareInputLambda(universe),
        'download-ticker': downloadLambda(bucket),
      },
      integrations: bucket.integrations(),
    });
    expect(r.status).toBe('SUCCEEDED');
  };

  it("trains on the manifest's window, interval and tickers", async () => {
    const bucket = new FakeBucket();
    await collect(bucket, {
      tickers: ['t1.l', 't2.l'],
      from: week[1],
      to: week[3],
      interval: '5m',
    });
    const manifest = collectBarsManifestKey('collect-1');
    const { result, emr, prepare } = train({ manifest }, bucket);
    const r = await result;
    expect(r.status).toBe('SUCCEEDED');
    expect(prepare).toHaveBeenCalledWith(
      expect.objectContaining({ tickers: ['T1.L', 'T2.L'] }),
      expect.anything(),
    );
    expect(JSON.parse(argAfter(stepArgs(emr), '--data-description') ?? '')).toMatchObject({
      from: week[1],
      to: week[3],
      sessions: week.slice(1, 4),
      interval: '5m',
      tickers: 2,
      manifest,
    });
  });

  it('fails with InvalidInputError, before any cluster, when the manifest does not exist', async () => {
    const { result, emr } = train(
      { manifest: 'manifests/collect-bars/nope.json' },
      new FakeBucket(),
    );
    expect(await result).toMatchObject({
      status: 'FAILED',
      error: 'InvalidInputError',
      cause: 'manifest manifests/collect-bars/nope.json does not exist in the data bucket',
    });
    expect(emr.createCluster).not.toHaveBeenCalled();
  });

  it('fails with InvalidInputError naming what is wrong with a manifest', async () => {
    const bucket = new FakeBucket();
    bucket.put('manifests/collect-bars/old.json', JSON.stringify({ version: 0, workflow: 'x' }));
    const r = await train({ manifest: 'manifests/collect-bars/old.json' }, bucket).result;
    expect(r).toMatchObject({ status: 'FAILED', error: 'InvalidInputError' });
    expect(r.cause).toBe(
      "manifest manifests/collect-bars/old.json: version must be 1 or 2, got 0; manifest manifests/collect-bars/old.json: workflow must be 'collect-bars', got 'x'; " +
        'manifest manifests/collect-bars/old.json: interval must be one of 1m, 5m, 1h, 1d, got nothing; ' +
        'manifest manifests/collect-bars/old.json: sessions must list YYYY-MM-DD dates',
    );
  });
});
