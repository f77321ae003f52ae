/**
 * prepare-input against a real local S3 holding the universe file.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareInput } from '../../../tasks/prepare-input/prepare.ts';
import { HOSTILE_TICKERS } from '../hostile-inputs.ts';
import { BUCKET, startTestS3, type TestS3 } from '../support/local-s3.ts';

let s3: TestS3;
beforeAll(async () => {
  s3 = await startTestS3();
  const put = (Key: string, Body: string) =>
    s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
  await Promise.all([
    put(
      'config/universe.csv',
      'ticker,name\nAAPL,Apple Inc.\nmsft,Microsoft\nAAPL,Apple again\nVOD.L,"Vodafone Group, plc"\n',
    ),
    put('config/bad.csv', 'ticker,name\nAAPL,Apple\n../etc,Traversal\n'),
    put('config/empty.csv', 'ticker,name\n'),
  ]);
});
afterAll(async () => {
  await s3.dispose();
});

const deps = () => ({ s3: s3.client, dataBucket: BUCKET });
const event = { bucket: BUCKET, universeKey: 'config/universe.csv', maxTickers: 100 };

describe('prepare-input', () => {
  it('reads, normalises and de-duplicates the universe when the input names no tickers', async () => {
    expect(await prepareInput(event, deps())).toStrictEqual({
      tickers: ['AAPL', 'MSFT', 'VOD.L'],
      count: 3,
      source: 'universe',
      duplicatesRemoved: 1,
    });
  });

  it('uses the tickers from the input and does not need the universe', async () => {
    expect(
      await prepareInput(
        { ...event, universeKey: 'config/absent.csv', tickers: ['spy', '^GSPC'] },
        deps(),
      ),
    ).toStrictEqual({ tickers: ['SPY', '^GSPC'], count: 2, source: 'input', duplicatesRemoved: 0 });
  });

  it('throws UniverseNotFoundError naming the missing file', async () => {
    await expect(
      prepareInput({ ...event, universeKey: 'config/absent.csv' }, deps()),
    ).rejects.toMatchObject({
      name: 'UniverseNotFoundError',
      message: 'universe file s3://data/config/absent.csv does not exist',
    });
  });

  it('names the line of a bad universe row', async () => {
    await expect(
      prepareInput({ ...event, universeKey: 'config/bad.csv' }, deps()),
    ).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringContaining('config/bad.csv line 3: ticker "../etc"'),
    });
  });

  it('rejects a universe with no tickers', async () => {
    await expect(
      prepareInput({ ...event, universeKey: 'config/empty.csv' }, deps()),
    ).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringContaining('lists no tickers'),
    });
  });

  it('caps the universe at maxTickers, naming the limit and the count', async () => {
    await expect(prepareInput({ ...event, maxTickers: 2 }, deps())).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringContaining(
        'config/universe.csv has 3 distinct tickers, more than maxTickers 2',
      ),
    });
  });

  it.each(HOSTILE_TICKERS)('refuses the input ticker: %s', async (_label, ticker) => {
    await expect(
      prepareInput({ ...event, tickers: ['AAPL', ticker] }, deps()),
    ).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringContaining('tickers[1]'),
    });
  });
});
