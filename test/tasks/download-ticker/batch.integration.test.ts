/**
 * Batch events (Distributed Map ItemBatcher): bounded concurrency inside one invocation,
 * failures reported per ticker, a throw only when every ticker failed.
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DownloadBatchResult } from '../../../contracts/download.ts';
import { downloadBatch, handleEvent } from '../../../tasks/download-ticker/download.ts';
import { MAX_BATCH_ITEMS, parseBatchEvent } from '../../../tasks/download-ticker/validate.ts';
import { NOW, testDeps } from '../support/deps.ts';
import { type FakeProvider, json, startFakeProvider } from '../support/fake-provider.ts';
import { BUCKET, recordingClient, startTestS3, type TestS3 } from '../support/local-s3.ts';
import { minuteBars, yahooChart, yahooNotFound } from './fixtures.ts';

const yahooInput = { date: '2026-11-27', interval: '1m', provider: 'yahoo' };

let s3: TestS3;
let yahoo: FakeProvider;
let inFlight = 0;
let maxInFlight = 0;
beforeAll(async () => {
  [s3, yahoo] = await Promise.all([startTestS3(), startFakeProvider()]);
});
afterAll(async () => {
  await Promise.all([s3.dispose(), yahoo.close()]);
});
beforeEach(async () => {
  await s3.clear();
  yahoo.requests.length = 0;
  inFlight = 0;
  maxInFlight = 0;
  // Unknown symbols start with X; the others answer after a short delay, so requests overlap.
  yahoo.route((_req, res, url) => {
    const symbol = decodeURIComponent(url.pathname.split('/').at(-1) ?? '');
    if (symbol.startsWith('X')) return json(res, 404, yahooNotFound);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      json(res, 200, yahooChart(symbol, minuteBars('2026-11-27T14:30:00Z', 10)));
    }, 20);
  });
});

/** Base64 SHA-256 of the bytes stored under `key`. */
async function storedSha256(key: string): Promise<string> {
  const res = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  const body = await res.Body?.transformToByteArray();
  return createHash('sha256')
    .update(body ?? new Uint8Array())
    .digest('base64');
}

describe('download batch', () => {
  it('stores every ticker of a synthetic batch and counts them', async () => {
    const result = (await handleEvent(
      {
        Items: [{ ticker: 'AAPL' }, { ticker: 'VOD.L' }, 'MSFT'],
        BatchInput: { date: '2026-11-27', interval: '5m', provider: 'synthetic' },
      },
      testDeps({ s3: s3.client }),
    )) as DownloadBatchResult;
    expect(result).toMatchObject({ ok: 3, empty: 0, failed: 0 });
    expect(result.results.map((r) => [r.ticker, r.rows])).toStrictEqual([
      ['AAPL', 78],
      ['VOD.L', 102],
      ['MSFT', 78],
    ]);
    expect(await s3.keys()).toHaveLength(3);
  });

  it('leaves per-date objects out of a ranged batch unless keepObjects asks for them', async () => {
    const event = (keepObjects: boolean) => ({
      Items: ['AAPL'],
      BatchInput: {
        from: '2026-11-26',
        to: '2026-11-27',
        interval: '5m',
        provider: 'synthetic',
        keepObjects,
      },
    });
    const deps = testDeps({ s3: s3.client });
    const without = (await handleEvent(event(false), deps)) as DownloadBatchResult;
    const kept = (await handleEvent(event(true), deps)) as DownloadBatchResult;
    expect(without.results[0]?.objects).toBeUndefined();
    const objects = kept.results[0]?.objects ?? [];
    expect(objects.map((o) => [o.date, o.status, o.rows])).toStrictEqual([
      ['2026-11-26', 'ok', 78],
      ['2026-11-27', 'ok', 78],
    ]);
    // The checksum is that of the stored bytes, as S3 verified it on PutObject.
    expect(objects.map((o) => o.sha256)).toStrictEqual(
      await Promise.all(objects.map((o) => storedSha256(o.key))),
    );
  });

  it("writes the batch's stored objects to <objectsPrefix><first ticker>.json, failed tickers left out", async () => {
    const prefix = 'manifests/collect-bars/run-1/objects/';
    const result = (await handleEvent(
      {
        Items: ['msft', 'XBAD', 'AAPL', 'bad one'],
        BatchInput: {
          from: '2026-11-26',
          to: '2026-11-27',
          interval: '1m',
          provider: 'yahoo',
          objectsPrefix: prefix,
        },
      },
      testDeps({ s3: s3.client, baseUrl: yahoo.baseUrl }),
    )) as DownloadBatchResult;
    expect(result).toMatchObject({ ok: 2, failed: 2 });
    expect(result.results[0]?.objects).toBeUndefined();
    const got = await s3.client.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: `${prefix}MSFT.json` }),
    );
    const listed = JSON.parse((await got.Body?.transformToString()) ?? '') as Array<{
      ticker: string;
      date: string;
      sha256: string;
      key: string;
    }>;
    // Bars only on 2026-11-27 (the fixture), so one object per stored ticker.
    expect(listed.map((o) => [o.ticker, o.date])).toStrictEqual([
      ['MSFT', '2026-11-27'],
      ['AAPL', '2026-11-27'],
    ]);
    expect(listed[0]?.sha256).toBe(await storedSha256(listed[0]?.key ?? ''));
    expect((await s3.keys()).filter((k) => k.startsWith('manifests/'))).toStrictEqual([
      `${prefix}MSFT.json`,
    ]);
  });

  it('rewrites nothing when the same batch runs again', async () => {
    const batch = {
      Items: ['AAPL', 'MSFT', 'VOD.L'],
      BatchInput: { date: '2026-11-27', interval: '1m', provider: 'synthetic' },
    };
    await handleEvent(batch, testDeps({ s3: s3.client }));
    const { client, sent } = recordingClient(s3);
    const d = testDeps({ s3: client });
    const again = (await handleEvent(batch, d)) as DownloadBatchResult;
    client.destroy();
    expect(again.ok).toBe(3);
    expect(d.stats.objectsUnchanged).toBe(3);
    expect(
      sent.filter((c) => c !== 'ListObjectsV2Command' && c !== 'HeadObjectCommand'),
    ).toStrictEqual([]);
  });

  it('reports a failed ticker in its result and stores the others', async () => {
    const result = (await handleEvent(
      { Items: ['AAPL', 'XNOPE', 'MSFT'], BatchInput: yahooInput },
      testDeps({ s3: s3.client, baseUrl: yahoo.baseUrl }),
    )) as DownloadBatchResult;
    expect(result).toMatchObject({ ok: 2, empty: 0, failed: 1 });
    expect(result.results[1]).toStrictEqual({
      ticker: 'XNOPE',
      status: 'failed',
      rows: 0,
      key: 'raw/interval=1m/date=2026-11-27/ticker=XNOPE/bars.csv',
      bytes: 0,
      sha256: '',
      provider: 'yahoo',
      error:
        'UnknownTickerError: yahoo does not know ticker XNOPE: "No data found, symbol may be delisted"',
    });
    expect(await s3.keys()).toHaveLength(2);
  });

  it('throws the shared error name when every ticker failed alike', async () => {
    await expect(
      handleEvent(
        { Items: ['XA', 'XB'], BatchInput: yahooInput },
        testDeps({ s3: s3.client, baseUrl: yahoo.baseUrl }),
      ),
    ).rejects.toMatchObject({
      name: 'UnknownTickerError',
      message: expect.stringContaining('(2)'),
    });
  });

  it('throws BatchFailedError with counts when every ticker failed differently', async () => {
    const d = testDeps({ s3: s3.client, baseUrl: yahoo.baseUrl });
    // MSFT goes to a dead provider: Unavailable; XA is unknown.
    d.providers.yahoo = {
      ...d.providers.yahoo,
      fetch: async (request) => {
        if (request.ticker === 'MSFT')
          throw Object.assign(new Error('down'), { name: 'ProviderUnavailableError' });
        return testDeps({ s3: s3.client, baseUrl: yahoo.baseUrl }).providers.yahoo.fetch(request);
      },
    };
    await expect(
      handleEvent({ Items: ['XA', 'MSFT'], BatchInput: yahooInput }, d),
    ).rejects.toMatchObject({
      name: 'BatchFailedError',
      message:
        'every ticker of the batch failed: ProviderUnavailableError x1, UnknownTickerError x1',
    });
  });

  it('keeps at most `concurrency` provider requests in flight', async () => {
    const Items = Array.from({ length: 12 }, (_, i) => `T${i}`);
    await handleEvent(
      { Items, BatchInput: yahooInput },
      testDeps({ s3: s3.client, baseUrl: yahoo.baseUrl, concurrency: 3 }),
    );
    expect(yahoo.requests).toHaveLength(12);
    expect(maxInFlight).toBe(3);
  });

  it(`fits a result of ${MAX_BATCH_ITEMS} failed tickers in a 256 KiB state payload`, async () => {
    const Items = Array.from(
      { length: MAX_BATCH_ITEMS },
      (_, i) => `T${String(i).padStart(4, '0')}.L`,
    );
    const d = testDeps({ s3: s3.client, baseUrl: yahoo.baseUrl });
    d.providers.synthetic = {
      ...d.providers.synthetic,
      fetch: async (request) => {
        if (request.ticker === 'T0000.L') return new Map();
        throw new Error(`a long provider failure message ${'x'.repeat(1000)}`);
      },
    };
    const request = parseBatchEvent(
      {
        Items,
        BatchInput: { from: '2026-11-19', to: '2026-11-27', interval: '1m', provider: 'synthetic' },
      },
      NOW,
    );
    const result = await downloadBatch(request, d);
    expect(result.failed).toBe(MAX_BATCH_ITEMS - 1);
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThan(256 * 1024);
  });
});
