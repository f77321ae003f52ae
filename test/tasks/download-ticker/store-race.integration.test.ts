/**
 * Two writers of the same session with stale listings (issue 14): each write is conditional and
 * each writer reads the other encoding's key after its write, so exactly one object remains, the
 * one with more rows. Against moto's S3 (127.0.0.1): s3rver 3.7.1 ignores If-Match and
 * If-None-Match on PutObject and DeleteObject (every conditional request succeeds there), moto
 * answers 412 as S3 does.
 */
import {
  CreateBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Bar, normaliseBars } from '../../../tasks/download-ticker/normalise.ts';
import { syntheticBars } from '../../../tasks/download-ticker/providers/synthetic.ts';
import { type StoreRequest, storeBars } from '../../../tasks/download-ticker/store.ts';
import { s3ClientConfig } from '../../../tasks/shared/s3-client.ts';
import { type Moto, startMoto } from '../../support/moto.ts';

const session = normaliseBars(syntheticBars('AAPL', '2026-11-27', '1m')).bars;
const csvKey = 'raw/interval=1m/date=2026-11-27/ticker=AAPL/bars.csv';
const gzKey = `${csvKey}.gz`;

let moto: Moto;
let bucketNumber = 0;
let bucket: string;

const clientOf = (): S3Client =>
  new S3Client({
    ...s3ClientConfig({ endpoint: moto.endpoint }),
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });

/**
 * Clients that hold every HeadObject until `puts` PutObject requests (of any outcome) are done:
 * both writers write before either reads the other encoding, the worst interleaving.
 */
function racingClients(puts: number): [S3Client, S3Client] {
  let done = 0;
  let release: () => void = () => {};
  const allPut = new Promise<void>((resolve) => {
    release = resolve;
  });
  const clients: [S3Client, S3Client] = [clientOf(), clientOf()];
  for (const client of clients) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'HeadObjectCommand') await allPut;
        if (context.commandName !== 'PutObjectCommand') return next(args);
        try {
          return await next(args);
        } finally {
          if (++done >= puts) release();
        }
      },
      { step: 'initialize', name: 'holdReadsUntilBothWrote' },
    );
  }
  return clients;
}

function request(bars: Bar[]): StoreRequest {
  return {
    bucket,
    ticker: 'AAPL',
    date: '2026-11-27',
    interval: '1m',
    provider: 'synthetic',
    synthetic: true,
    bars,
    counts: normaliseBars(bars).counts,
  };
}

/** A listing taken before either writer wrote: nothing under the partition. */
const stale = () => new Map<string, number>();

async function stored(): Promise<Array<{ key: string; rows: string | undefined }>> {
  const client = clientOf();
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  return Promise.all(
    (listed.Contents ?? []).map(async ({ Key }) => {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key }));
      return { key: Key ?? '', rows: head.Metadata?.rows };
    }),
  );
}

beforeAll(async () => {
  moto = await startMoto();
}, 60_000);
afterAll(() => moto.stop());
beforeEach(async () => {
  bucket = `race-${++bucketNumber}`;
  await clientOf().send(new CreateBucketCommand({ Bucket: bucket }));
});

/** A client whose HeadObject requests wait for `gate`. */
function heldReads(gate: Promise<void>): S3Client {
  const client = clientOf();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'HeadObjectCommand') await gate;
      return next(args);
    },
    { step: 'initialize', name: 'holdReads' },
  );
  return client;
}

describe('storeBars with two writers and stale listings (moto S3)', () => {
  it('leaves one object, the fuller one, when both write before either reads: csv (3 rows) and gz (390)', async () => {
    const [a, b] = racingClients(2);
    const [few, full] = await Promise.all([
      storeBars(a, request(session.slice(0, 3)), stale()),
      storeBars(b, request(session), stale()),
    ]);
    expect(await stored()).toStrictEqual([{ key: gzKey, rows: '390' }]);
    expect(full).toMatchObject({ key: gzKey, rows: 390 });
    expect(few).toMatchObject({ key: gzKey, rows: 390, keptRows: { offered: 3 } });
  });

  it('leaves the fuller object when the fewer-rows writer comes second with a stale listing', async () => {
    await storeBars(clientOf(), request(session), stale());
    const late = await storeBars(clientOf(), request(session.slice(0, 3)), stale());
    expect(await stored()).toStrictEqual([{ key: gzKey, rows: '390' }]);
    expect(late).toMatchObject({ key: gzKey, rows: 390, keptRows: { offered: 3 } });
  });

  it('leaves the fuller object when the fuller writer comes second with a stale listing', async () => {
    await storeBars(clientOf(), request(session.slice(0, 3)), stale());
    const late = await storeBars(clientOf(), request(session), stale());
    expect(await stored()).toStrictEqual([{ key: gzKey, rows: '390' }]);
    expect(late).toMatchObject({ key: gzKey, rows: 390 });
  });

  it('keeps the fuller object of the same key when a stale writer with fewer rows comes second: its If-None-Match fails, it re-reads', async () => {
    await storeBars(clientOf(), request(session.slice(0, 3)), stale());
    const late = await storeBars(clientOf(), request(session.slice(0, 2)), stale());
    expect(await stored()).toStrictEqual([{ key: csvKey, rows: '3' }]);
    expect(late).toMatchObject({ key: csvKey, rows: 3, keptRows: { offered: 2 } });
  });

  it('keeps a deliberate replacement with fewer rows when the writer it replaced reads after it', async () => {
    // B writes the full session (stale listing), then waits; A, asked to replace with fewer rows,
    // sees B's object, writes bars.csv naming it as replaced, and deletes it; then B reads.
    let aDone: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      aDone = resolve;
    });
    const b = storeBars(heldReads(gate), request(session), stale());
    await new Promise<void>((resolve) => {
      const poll = async () => ((await stored()).length > 0 ? resolve() : setImmediate(poll));
      void poll();
    });
    const a = await storeBars(clientOf(), {
      ...request(session.slice(0, 3)),
      replaceWithFewerRows: true,
    });
    aDone();
    expect(await b).toMatchObject({ key: csvKey, rows: 3 });
    expect(a).toMatchObject({ key: csvKey, rows: 3 });
    expect(await stored()).toStrictEqual([{ key: csvKey, rows: '3' }]);
  });
});
