/**
 * collect-bars' distributed variant on the engine with a local S3 (s3rver): the ItemReader reads
 * the universe file, each batch's Lambda (a stand-in here; test/tasks covers the real one)
 * writes its object file under the BatchInput's objectsPrefix, the ResultWriter's files are read
 * back, and the manifest names the object files.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DownloadBatchEvent, DownloadBatchResult } from '../../../contracts/download.ts';
import type {
  DistributedCollectBarsManifest,
  ManifestObject,
} from '../../../contracts/manifest.ts';
import type { LambdaHandler } from '../../../engine/index.ts';
import { run } from '../../engine/helpers.ts';
import { type S3Fixture, startS3 } from '../../engine/s3-fixture.ts';
import { sha256, substitutions } from '../engine-support.ts';
import { distributedConfig, distributedDefinition } from './helpers.ts';

const universe = Array.from({ length: 30 }, (_, i) => `T${String(i).padStart(2, '0')}.L`);

/**
 * download-ticker for batches: one object per ticker on the one session, written with the batch's
 * objects file to `<objectsPrefix><first ticker>.json`, as the Lambda does.
 */
const downloadBatch: LambdaHandler = async (payload) => {
  const { Items, BatchInput } = payload as DownloadBatchEvent & {
    BatchInput: { from: string; to: string; objectsPrefix: string };
  };
  expect(BatchInput.keepObjects).toBeUndefined();
  const date = BatchInput.from;
  const tickers = Items.map((item) => (typeof item === 'string' ? item : item.ticker));
  const results = tickers.map((ticker) => {
    const key = `raw/interval=1m/date=${date}/ticker=${ticker}/bars.csv`;
    return {
      ticker,
      provider: 'synthetic' as const,
      status: 'ok' as const,
      rows: 390,
      key,
      bytes: 10,
      sha256: sha256(key),
    };
  });
  const listed = results.map(({ ticker, key, rows }) => ({
    ticker,
    date,
    key,
    rows,
    sha256: sha256(key),
  }));
  await s3.put(`${BatchInput.objectsPrefix}${tickers[0]}.json`, JSON.stringify(listed));
  return { results, ok: results.length, empty: 0, failed: 0 } satisfies DownloadBatchResult;
};

let s3: S3Fixture;
beforeAll(async () => {
  s3 = await startS3('data');
  await s3.put('config/universe.csv', `ticker,name\n${universe.map((t) => `${t},x`).join('\n')}\n`);
});
afterAll(() => s3.close());

describe('collect-bars (distributed) on the engine with a local S3', () => {
  it('writes one object file per batch and a manifest that names them', async () => {
    const result = await run(
      distributedDefinition,
      {},
      {
        substitutions,
        lambdaHandlers: { 'download-ticker': downloadBatch },
        s3: s3.client,
      },
    );
    expect(result.status).toBe('SUCCEEDED');
    const manifest = JSON.parse(
      await s3.get('manifests/collect-bars/test-execution.json'),
    ) as DistributedCollectBarsManifest;
    expect(manifest).toMatchObject({
      mode: 'distributed',
      sessions: ['2024-05-01'],
      tickers: { requested: 30, ok: 30, empty: 0, failed: 0, file: 'config/universe.csv' },
      objectsPrefix: 'manifests/collect-bars/test-execution/objects/',
    });
    const listed = await s3.client.send(
      new ListObjectsV2Command({ Bucket: 'data', Prefix: manifest.objectsPrefix }),
    );
    const files = (listed.Contents ?? []).map((o) => o.Key ?? '').sort();
    // Batches of 25: T00.L..T24.L, then T25.L..T29.L.
    expect(distributedConfig.download.distributed.batchSize).toBe(25);
    expect(files).toStrictEqual([
      'manifests/collect-bars/test-execution/objects/T00.L.json',
      'manifests/collect-bars/test-execution/objects/T25.L.json',
    ]);
    const objects = (
      await Promise.all(files.map(async (f) => JSON.parse(await s3.get(f)) as ManifestObject[]))
    ).flat();
    expect(objects.map((o) => o.ticker)).toStrictEqual(universe);
    expect(objects[0]).toStrictEqual({
      ticker: 'T00.L',
      date: '2024-05-01',
      key: 'raw/interval=1m/date=2024-05-01/ticker=T00.L/bars.csv',
      rows: 390,
      sha256: sha256('raw/interval=1m/date=2024-05-01/ticker=T00.L/bars.csv'),
    });
  });
});
