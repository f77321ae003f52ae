/**
 * storeBars against a real local S3 (s3rver): what is stored is exactly what was built, reruns
 * with the same bars send no PutObject, and an empty download keeps stored bars.
 */
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Bar, normaliseBars, toCsv } from '../../../tasks/download-ticker/normalise.ts';
import { syntheticBars } from '../../../tasks/download-ticker/providers/synthetic.ts';
import { type StoreRequest, sha256, storeBars } from '../../../tasks/download-ticker/store.ts';
import { BUCKET, recordingClient, startTestS3, type TestS3 } from '../support/local-s3.ts';

let s3: TestS3;
/** A client of its own, recording the name of every command it sends. */
let client: S3Client;
let sent: string[];

beforeAll(async () => {
  s3 = await startTestS3();
  ({ client, sent } = recordingClient(s3));
});
afterAll(async () => {
  client.destroy();
  await s3.dispose();
});
beforeEach(async () => {
  await s3.clear();
  sent.length = 0;
});

function request(bars: Bar[], patch: Partial<StoreRequest> = {}): StoreRequest {
  return {
    bucket: BUCKET,
    ticker: 'AAPL',
    date: '2026-11-27',
    interval: '1m',
    provider: 'synthetic',
    synthetic: true,
    bars,
    counts: normaliseBars(bars).counts,
    ...patch,
  };
}

const session = normaliseBars(syntheticBars('AAPL', '2026-11-27', '1m')).bars;
const daily = normaliseBars(syntheticBars('AAPL', '2026-11-27', '1d')).bars;

async function body(key: string): Promise<Buffer> {
  const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from((await got.Body?.transformToByteArray()) ?? []);
}

describe('storeBars on local S3', () => {
  it('stores a full session gzipped, byte for byte, decompressing to the CSV', async () => {
    const outcome = await storeBars(client, request(session));
    expect(outcome.key).toBe('raw/interval=1m/date=2026-11-27/ticker=AAPL/bars.csv.gz');
    const stored = await body(outcome.key);
    expect(stored.length).toBe(outcome.bytes);
    expect(sha256(stored)).toBe(outcome.sha256);
    expect(gunzipSync(stored).toString('utf8')).toBe(toCsv(session));
  });

  it('stores a small body as plain CSV, byte for byte', async () => {
    const outcome = await storeBars(client, request(daily, { interval: '1d' }));
    expect(outcome.key).toBe('raw/interval=1d/date=2026-11-27/ticker=AAPL/bars.csv');
    expect((await body(outcome.key)).toString('utf8')).toBe(toCsv(daily));
  });

  it('records provider, rows, first and last ts, sha256 and the synthetic label', async () => {
    const outcome = await storeBars(client, request(session));
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: outcome.key }));
    expect(head.Metadata).toStrictEqual({
      provider: 'synthetic',
      rows: '390',
      'first-ts': '2026-11-27T14:30:00Z',
      'last-ts': '2026-11-27T20:59:00Z',
      sha256: outcome.sha256,
      dropped: '0',
      repaired: '0',
      synthetic: 'true',
    });
    expect(head.ContentType).toBe('application/gzip');
  });

  it('does not rewrite an identical object on a rerun: no PutObject, same ETag and LastModified', async () => {
    const first = await storeBars(client, request(session));
    const before = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: first.key }));
    sent.length = 0;
    const second = await storeBars(client, request(session));
    expect(second).toStrictEqual({ ...first, unchanged: true });
    expect(sent).not.toContain('PutObjectCommand');
    const after = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: first.key }));
    expect(after.ETag).toBe(before.ETag);
    expect(after.LastModified).toStrictEqual(before.LastModified);
  });

  it('rewrites the object when the bars changed', async () => {
    await storeBars(client, request(session));
    sent.length = 0;
    const changed = session.map((b, i) => (i === 0 ? { ...b, volume: b.volume + 1 } : b));
    const outcome = await storeBars(client, request(changed));
    expect(sent).toContain('PutObjectCommand');
    expect(outcome.unchanged).toBeUndefined();
    expect(gunzipSync(await body(outcome.key)).toString('utf8')).toBe(toCsv(changed));
  });

  it('keeps stored bars when a download comes back empty, and reports them', async () => {
    const stored = await storeBars(client, request(session));
    sent.length = 0;
    const outcome = await storeBars(client, request([]));
    expect(outcome).toStrictEqual({
      status: 'empty',
      rows: 0,
      key: stored.key,
      bytes: stored.bytes,
      sha256: stored.sha256,
      unchanged: true,
    });
    expect(
      sent.filter((c) => c === 'PutObjectCommand' || c === 'DeleteObjectCommand'),
    ).toStrictEqual([]);
    expect(sha256(await body(stored.key))).toBe(stored.sha256);
  });

  it('sends one PutObject, then one HeadObject of the other encoding, for a new object when the partition was listed beforehand', async () => {
    const outcome = await storeBars(client, request(session), new Map());
    // The listing may be stale: the other encoding is read after the write (a concurrent writer).
    expect(sent).toStrictEqual(['PutObjectCommand', 'HeadObjectCommand']);
    expect(await s3.keys()).toStrictEqual([outcome.key]);
  });

  it('writes nothing for an empty download when nothing is stored', async () => {
    const outcome = await storeBars(client, request([]));
    expect(outcome.status).toBe('empty');
    expect(await s3.keys()).toStrictEqual([]);
  });

  it('deletes the plain object when the session now gzips, so Spark reads it once', async () => {
    const few = session.slice(0, 3);
    await storeBars(client, request(few));
    expect(await s3.keys()).toStrictEqual(['raw/interval=1m/date=2026-11-27/ticker=AAPL/bars.csv']);
    await storeBars(client, request(session));
    expect(await s3.keys()).toStrictEqual([
      'raw/interval=1m/date=2026-11-27/ticker=AAPL/bars.csv.gz',
    ]);
  });

  it('keeps a stored 390-row session when a download has 3 rows, and reports it kept (issue 14)', async () => {
    const stored = await storeBars(client, request(session));
    sent.length = 0;
    const outcome = await storeBars(client, request(session.slice(0, 3)));
    expect(outcome).toStrictEqual({
      status: 'ok',
      rows: 390,
      key: stored.key,
      bytes: stored.bytes,
      sha256: stored.sha256,
      unchanged: true,
      keptRows: { offered: 3 },
    });
    expect(
      sent.filter((c) => c === 'PutObjectCommand' || c === 'DeleteObjectCommand'),
    ).toStrictEqual([]);
    expect(await s3.keys()).toStrictEqual([stored.key]);
    expect(sha256(await body(stored.key))).toBe(stored.sha256);
  });

  it('replaces stored bars with fewer rows when the request says replaceWithFewerRows', async () => {
    await storeBars(client, request(session));
    const few = session.slice(0, 3);
    const outcome = await storeBars(client, request(few, { replaceWithFewerRows: true }));
    expect(outcome.rows).toBe(3);
    expect(outcome.keptRows).toBeUndefined();
    expect(await s3.keys()).toStrictEqual([outcome.key]);
    expect((await body(outcome.key)).toString('utf8')).toBe(toCsv(few));
  });

  it('stores keys for index and futures symbols verbatim', async () => {
    const gspc = await storeBars(client, request(daily, { ticker: '^GSPC', interval: '1d' }));
    const es = await storeBars(client, request(daily, { ticker: 'ES=F', interval: '1d' }));
    expect(await s3.keys()).toStrictEqual([es.key, gspc.key].sort());
    expect(gspc.key).toBe('raw/interval=1d/date=2026-11-27/ticker=^GSPC/bars.csv');
  });
});
