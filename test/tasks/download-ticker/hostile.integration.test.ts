/**
 * Hostile tickers and events go to a download Lambda wired to a fake Yahoo (which would answer
 * anything) and a real local S3: each is refused with InvalidInputError, and afterwards the
 * server has seen no request and the bucket holds no object.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DownloadBatchResult } from '../../../contracts/download.ts';
import { handleEvent } from '../../../tasks/download-ticker/download.ts';
import { HOSTILE_TICKERS } from '../hostile-inputs.ts';
import { testDeps } from '../support/deps.ts';
import { type FakeProvider, json, startFakeProvider } from '../support/fake-provider.ts';
import { startTestS3, type TestS3 } from '../support/local-s3.ts';
import { minuteBars, yahooChart } from './fixtures.ts';

const valid = { ticker: 'AAPL', date: '2026-11-27', interval: '1m', provider: 'yahoo' };
const batchInput = { date: '2026-11-27', interval: '1m', provider: 'yahoo' };

const HOSTILE_EVENTS: Array<[label: string, event: unknown]> = [
  ['null event', null],
  ['array event', [valid]],
  ['string event', 'AAPL'],
  ['number event', 7],
  ['traversal in date', { ...valid, date: '../../2026-11-27' }],
  ['path after date', { ...valid, date: '2026-11-27/../../x' }],
  ['date as number', { ...valid, date: 20261127 }],
  ['future date', { ...valid, date: '2099-01-01' }],
  ['traversal in interval', { ...valid, interval: '1m/../../x' }],
  ['interval object', { ...valid, interval: { $ne: null } }],
  ['prototype provider', { ...valid, provider: '__proto__' }],
  ['constructor provider', { ...valid, provider: 'constructor' }],
  [
    'own __proto__ field',
    JSON.parse(
      '{"__proto__":{"admin":true},"ticker":"AAPL","date":"2026-11-27","interval":"1m","provider":"yahoo"}',
    ),
  ],
  ['extra field', { ...valid, key: 'raw/../../etc' }],
  ['log injection in executionName', { ...valid, executionName: 'x\n{"level":"ERROR"}' }],
  ['range of 10 years', { ...valid, date: undefined, from: '2016-01-01', to: '2026-01-01' }],
  ['batch of traversal items only', { Items: ['../etc', 'AAPL/../x'], BatchInput: batchInput }],
  ['batch Items not an array', { Items: { 0: 'AAPL' }, BatchInput: batchInput }],
  ['batch without BatchInput', { Items: ['AAPL'] }],
  [
    'batch with hostile BatchInput date',
    { Items: ['AAPL'], BatchInput: { ...batchInput, date: '2026-11-27\u0000' } },
  ],
];

let s3: TestS3;
let yahoo: FakeProvider;
beforeAll(async () => {
  [s3, yahoo] = await Promise.all([startTestS3(), startFakeProvider()]);
  yahoo.route((_req, res) =>
    json(res, 200, yahooChart('X', minuteBars('2026-11-27T14:30:00Z', 5))),
  );
});
afterAll(async () => {
  await Promise.all([s3.dispose(), yahoo.close()]);
});

describe('hostile input to the download task', () => {
  it('has at least 30 hostile tickers and 20 hostile events to try', () => {
    expect(HOSTILE_TICKERS.length).toBeGreaterThanOrEqual(30);
    expect(HOSTILE_EVENTS.length).toBeGreaterThanOrEqual(20);
  });

  it.each(HOSTILE_TICKERS)('refuses the ticker: %s', async (_label, ticker) => {
    await expect(
      handleEvent({ ...valid, ticker }, testDeps({ s3: s3.client, baseUrl: yahoo.baseUrl })),
    ).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringContaining('ticker'),
    });
  });

  it.each(HOSTILE_TICKERS)('refuses a batch of the item: %s', async (_label, ticker) => {
    await expect(
      handleEvent(
        { Items: [{ ticker }], BatchInput: batchInput },
        testDeps({ s3: s3.client, baseUrl: yahoo.baseUrl }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringContaining('Items[0].ticker'),
    });
  });

  it.each(HOSTILE_EVENTS)('refuses the event: %s', async (_label, event) => {
    await expect(
      handleEvent(event, testDeps({ s3: s3.client, baseUrl: yahoo.baseUrl })),
    ).rejects.toMatchObject({
      name: 'InvalidInputError',
    });
  });

  it('made no provider request and wrote no object for any of them', async () => {
    expect(yahoo.requests).toStrictEqual([]);
    expect(await s3.keys()).toStrictEqual([]);
  });

  it('downloads the valid items of a batch and reports every hostile one failed, unrequested', async () => {
    const Items = [{ ticker: 'MSFT' }, ...HOSTILE_TICKERS.map(([, ticker]) => ({ ticker }))];
    const result = (await handleEvent(
      { Items, BatchInput: batchInput },
      testDeps({ s3: s3.client, baseUrl: yahoo.baseUrl }),
    )) as DownloadBatchResult;
    expect(result).toMatchObject({ ok: 1, failed: HOSTILE_TICKERS.length });
    for (const r of result.results.slice(1)) {
      expect(r).toMatchObject({
        status: 'failed',
        key: '',
        error: expect.stringMatching(/^InvalidInputError: Items\[\d+\]\.ticker /),
      });
    }
    expect(yahoo.requests.map((u) => u.pathname)).toStrictEqual(['/v8/finance/chart/MSFT']);
    expect(await s3.keys()).toStrictEqual(['raw/interval=1m/date=2026-11-27/ticker=MSFT/bars.csv']);
    await s3.clear();
    yahoo.requests.length = 0;
  });

  it('does request and write for the valid event (the harness can see both)', async () => {
    await handleEvent(valid, testDeps({ s3: s3.client, baseUrl: yahoo.baseUrl }));
    expect(yahoo.requests).toHaveLength(1);
    expect(await s3.keys()).toHaveLength(1);
  });
});
