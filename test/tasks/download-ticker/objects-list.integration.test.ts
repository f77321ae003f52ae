/**
 * `objectsKey` (collect-bars, inline): the Lambda writes the ticker's stored objects to the run
 * manifest's objects file and returns its result without them, so the Map result stays small.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DownloadResult } from '../../../contracts/download.ts';
import type { ManifestObject } from '../../../contracts/manifest.ts';
import { handleEvent } from '../../../tasks/download-ticker/download.ts';
import { testDeps } from '../support/deps.ts';
import { BUCKET, startTestS3, type TestS3 } from '../support/local-s3.ts';

const objectsKey = 'manifests/collect-bars/run-1/objects/AZN.L.json';
// Friday to Monday before the fixed clock (2026-11-29): two sessions, a weekend in between.
const event = {
  ticker: 'azn.l',
  from: '2026-11-20',
  to: '2026-11-23',
  interval: '1m',
  provider: 'synthetic',
  objectsKey,
};

let s3: TestS3;
beforeAll(async () => {
  s3 = await startTestS3();
});
afterAll(() => s3.dispose());
beforeEach(() => s3.clear());

const readList = async (key: string): Promise<ManifestObject[]> => {
  const res = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return JSON.parse((await res.Body?.transformToString()) ?? '') as ManifestObject[];
};

describe('download-ticker with objectsKey', () => {
  it("writes the ticker's stored objects there, as the run manifest lists them", async () => {
    await handleEvent(event, testDeps({ s3: s3.client }));
    const list = await readList(objectsKey);
    expect(list.map((o) => [o.ticker, o.date])).toStrictEqual([
      ['AZN.L', '2026-11-20'],
      ['AZN.L', '2026-11-23'],
    ]);
    expect(Object.keys(list[0] ?? {})).toStrictEqual(['ticker', 'date', 'key', 'rows', 'sha256']);
    expect(await s3.keys()).toContain(list[0]?.key);
  });

  it('returns its result without the objects, with how many the file lists', async () => {
    const result = (await handleEvent(event, testDeps({ s3: s3.client }))) as DownloadResult;
    expect(result.objects).toBeUndefined();
    expect(result).toMatchObject({ ticker: 'AZN.L', status: 'ok', objectsListed: 2 });
  });

  it('lists the objects of a single-date event too', async () => {
    const { from: _f, to: _t, ...rest } = event;
    const result = (await handleEvent(
      { ...rest, date: '2026-11-23' },
      testDeps({ s3: s3.client }),
    )) as DownloadResult;
    expect((await readList(objectsKey)).map((o) => o.date)).toStrictEqual(['2026-11-23']);
    expect([result.objects, result.objectsListed]).toStrictEqual([undefined, 1]);
  });

  it('writes nothing under manifests/ without objectsKey, and keeps the objects in the result', async () => {
    const { objectsKey: _k, ...plain } = event;
    const result = (await handleEvent(plain, testDeps({ s3: s3.client }))) as DownloadResult;
    expect(result.objects).toHaveLength(4);
    expect(result.objectsListed).toBeUndefined();
    expect((await s3.keys()).filter((k) => k.startsWith('manifests/'))).toStrictEqual([]);
  });

  it('refuses a key outside the run manifest objects of this ticker, writing nothing', async () => {
    await expect(
      handleEvent(
        { ...event, objectsKey: 'raw/interval=1m/date=2026-11-20/ticker=AZN.L/bars.csv' },
        testDeps({ s3: s3.client }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidInputError' });
    expect(await s3.keys()).toStrictEqual([]);
  });
});
