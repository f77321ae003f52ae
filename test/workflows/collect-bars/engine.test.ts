/**
 * collect-bars' definition (asl-snapshots/, as built) runs on the engine with stand-ins: an
 * in-memory data bucket, fake prepare-input and download Lambdas. No EMR backend is given, so a
 * cluster state would fail the run.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  collectBarsManifestKey,
  collectBarsObjectsKey,
  type InlineCollectBarsManifest,
  type ManifestObject,
} from '../../../contracts/manifest.ts';
import { buildCollectBars } from '../../../workflows/collect-bars/collect-bars.ts';
import { defaultCollectBarsConfig } from '../../../workflows/collect-bars/config.ts';
import { run } from '../../engine/helpers.ts';
import {
  downloadLambda,
  FakeBucket,
  prepareInputLambda,
  sha256,
  substitutions,
} from '../engine-support.ts';

const definition = buildCollectBars(defaultCollectBarsConfig).definition;
const universe = ['AZN.L', 'BP.L', 'HSBA.L', 'SHEL.L'];
// test/engine/helpers.ts starts executions on Wednesday 2024-05-01, 10:00 UTC.
const manifestKey = collectBarsManifestKey('test-execution');

/** Every object file of the run, in ticker order. */
const listedObjects = (bucket: FakeBucket, tickers: readonly string[]): ManifestObject[] =>
  tickers.flatMap(
    (t) => bucket.json(collectBarsObjectsKey('test-execution', t)) as ManifestObject[],
  );

const collect = (input: unknown, bucket = new FakeBucket(), unknown: string[] = []) => {
  const lambdaHandlers = {
    'prepare-input': vi.fn(prepareInputLambda(universe)),
    'download-ticker': vi.fn(downloadLambda(bucket, unknown)),
  };
  const result = run(definition, input, {
    substitutions,
    lambdaHandlers,
    integrations: bucket.integrations(),
  });
  return { result, bucket, lambdaHandlers };
};

describe('collect-bars on the engine', () => {
  it("downloads the start date's session for {} and puts the run manifest", async () => {
    const { result, bucket } = collect({});
    const r = await result;
    expect(r.status).toBe('SUCCEEDED');
    const manifest = bucket.json(manifestKey) as InlineCollectBarsManifest;
    const key = (t: string) => `raw/interval=1m/date=2024-05-01/ticker=${t}/bars.csv`;
    expect(manifest).toStrictEqual({
      version: 2,
      workflow: 'collect-bars',
      mode: 'inline',
      executionName: 'test-execution',
      startTime: '2024-05-01T10:00:00Z',
      bucket: 'data',
      dataPrefix: 'raw/interval=1m/',
      interval: '1m',
      provider: 'yahoo',
      window: { from: '2024-05-01', to: '2024-05-01' },
      sessions: ['2024-05-01'],
      tickers: {
        requested: 4,
        ok: 4,
        empty: 0,
        failed: 0,
        listed: universe,
        failedTickers: [],
      },
      objectsPrefix: 'manifests/collect-bars/test-execution/objects/',
    } satisfies InlineCollectBarsManifest);
    expect(listedObjects(bucket, universe)).toStrictEqual(
      universe.map((ticker) => ({
        ticker,
        date: '2024-05-01',
        key: key(ticker),
        rows: 390,
        sha256: sha256(bucket.objects.get(key(ticker)) ?? ''),
      })),
    );
  });

  it('ends with the counts, the data prefix and where the manifest is', async () => {
    const r = await collect({}).result;
    expect(r.output).toStrictEqual({
      executionName: 'test-execution',
      window: { from: '2024-05-01', to: '2024-05-01', sessions: ['2024-05-01'] },
      interval: '1m',
      provider: 'yahoo',
      dataPrefix: 's3://data/raw/interval=1m/',
      tickers: { requested: 4, ok: 4, empty: 0, failed: 0, failedTickers: [] },
      objects: 4,
      manifest: `s3://data/${manifestKey}`,
    });
  });

  it('lists every session of a window per ticker, and no weekend day', async () => {
    const { result, bucket } = collect({
      tickers: ['azn.l'],
      from: '2024-04-26',
      to: '2024-04-30',
    });
    expect((await result).status).toBe('SUCCEEDED');
    const manifest = bucket.json(manifestKey) as InlineCollectBarsManifest;
    expect(manifest.sessions).toStrictEqual(['2024-04-26', '2024-04-29', '2024-04-30']);
    expect(manifest.tickers.listed).toStrictEqual(['AZN.L']);
    expect(listedObjects(bucket, ['AZN.L']).map((o) => [o.ticker, o.date])).toStrictEqual([
      ['AZN.L', '2024-04-26'],
      ['AZN.L', '2024-04-29'],
      ['AZN.L', '2024-04-30'],
    ]);
  });

  it('counts a ticker whose download fails, names it, and lists no object for it', async () => {
    const { result, bucket } = collect({}, new FakeBucket(), ['BP.L']);
    const r = await result;
    expect(r.status).toBe('SUCCEEDED');
    const manifest = bucket.json(manifestKey) as InlineCollectBarsManifest;
    expect(manifest.tickers).toMatchObject({ ok: 3, failed: 1, failedTickers: ['BP.L'] });
    const files = [...bucket.objects.keys()].filter((k) => k.startsWith(manifest.objectsPrefix));
    expect(files.sort()).toStrictEqual(
      ['AZN.L', 'HSBA.L', 'SHEL.L'].map((t) => collectBarsObjectsKey('test-execution', t)),
    );
  });

  it('refuses a training field with InvalidInputError before any Lambda runs', async () => {
    const { result, lambdaHandlers, bucket } = collect({ maxDepth: 3 });
    const r = await result;
    expect(r).toMatchObject({ status: 'FAILED', error: 'InvalidInputError' });
    expect(r.cause).toContain(
      "unknown field 'maxDepth' (allowed: tickers, date, from, to, interval, provider, replaceWithFewerRows)",
    );
    expect(lambdaHandlers['prepare-input']).not.toHaveBeenCalled();
    expect(bucket.calls).toStrictEqual([]);
  });
});
