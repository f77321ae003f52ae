/**
 * The Yahoo provider end to end against a fake chart API on 127.0.0.1 and a real local S3: the
 * fixtures and every fault the issue lists, each mapped to its named error or status, and none
 * leaving an object behind.
 */
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DownloadResult } from '../../../contracts/download.ts';
import { handleEvent } from '../../../tasks/download-ticker/download.ts';
import { testDeps } from '../support/deps.ts';
import { type FakeProvider, json, startFakeProvider } from '../support/fake-provider.ts';
import { BUCKET, startTestS3, type TestS3 } from '../support/local-s3.ts';
import { htmlErrorPage, minuteBars, yahooChart, yahooNotFound } from './fixtures.ts';

const event = { ticker: 'AAPL', date: '2026-11-27', interval: '1m', provider: 'yahoo' };

let s3: TestS3;
let yahoo: FakeProvider;
beforeAll(async () => {
  [s3, yahoo] = await Promise.all([startTestS3(), startFakeProvider()]);
});
afterAll(async () => {
  await Promise.all([s3.dispose(), yahoo.close()]);
});
beforeEach(async () => {
  yahoo.requests.length = 0;
  await s3.clear();
});

const deps = (timeoutMs = 2000) => testDeps({ s3: s3.client, baseUrl: yahoo.baseUrl, timeoutMs });

describe('yahoo provider: faults', () => {
  it('maps 429 with a long Retry-After to ProviderThrottledError carrying it, without waiting', async () => {
    yahoo.route((_req, res) => json(res, 429, '{}', { 'retry-after': '120' }));
    const d = deps();
    const error = await handleEvent(event, d).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ProviderThrottledError', retryAfterSeconds: 120 });
    expect(d.sleeps).toStrictEqual([]);
    expect(yahoo.requests).toHaveLength(1);
    expect(await s3.keys()).toStrictEqual([]);
  });

  it('waits out a short Retry-After twice, then gives up with ProviderThrottledError', async () => {
    yahoo.route((_req, res) => json(res, 429, '{}', { 'retry-after': '2' }));
    const d = deps();
    await expect(handleEvent(event, d)).rejects.toMatchObject({ name: 'ProviderThrottledError' });
    expect(d.sleeps).toStrictEqual([2000, 2000]);
    expect(yahoo.requests).toHaveLength(3);
    expect(await s3.keys()).toStrictEqual([]);
  });

  it('succeeds after honouring a short Retry-After once', async () => {
    let calls = 0;
    yahoo.route((_req, res) =>
      calls++ === 0
        ? json(res, 429, '{}', { 'retry-after': '1' })
        : json(res, 200, yahooChart('AAPL', minuteBars('2026-11-27T14:30:00Z', 3))),
    );
    const d = deps();
    const result = (await handleEvent({ ...event, ticker: 'RETRY' }, d)) as DownloadResult;
    expect(d.sleeps).toStrictEqual([1000]);
    expect(result).toMatchObject({ status: 'ok', rows: 3 });
  });

  it('maps HTTP 500 to ProviderUnavailableError', async () => {
    yahoo.route((_req, res) => json(res, 500, '{"error":"internal"}'));
    await expect(handleEvent(event, deps())).rejects.toMatchObject({
      name: 'ProviderUnavailableError',
      message: 'yahoo request for AAPL failed with HTTP 500',
    });
    expect(await s3.keys()).toStrictEqual([]);
  });

  it('maps a hung connection to ProviderUnavailableError after the client timeout', async () => {
    yahoo.route(() => {
      /* never answers */
    });
    const started = Date.now();
    await expect(handleEvent(event, deps(150))).rejects.toMatchObject({
      name: 'ProviderUnavailableError',
      message: 'yahoo request for AAPL timed out after 150 ms',
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await s3.keys()).toStrictEqual([]);
  });

  it('maps a body that stops mid-way to ProviderUnavailableError after the client timeout', async () => {
    yahoo.route((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
      res.write('{"chart":{"result":[');
    });
    await expect(handleEvent(event, deps(150))).rejects.toMatchObject({
      name: 'ProviderUnavailableError',
      message: 'yahoo request for AAPL timed out after 150 ms',
    });
    expect(await s3.keys()).toStrictEqual([]);
  });

  it('maps a connection dropped mid-body to ProviderUnavailableError', async () => {
    yahoo.route((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
      res.write('{"chart":{"result":[', () => res.destroy());
    });
    await expect(handleEvent(event, deps())).rejects.toMatchObject({
      name: 'ProviderUnavailableError',
    });
    expect(await s3.keys()).toStrictEqual([]);
  });

  it('maps complete-but-truncated JSON to ProviderResponseError', async () => {
    const body = yahooChart('AAPL', minuteBars('2026-11-27T14:30:00Z', 50));
    yahoo.route((_req, res) => json(res, 200, body.slice(0, body.length / 2)));
    await expect(handleEvent(event, deps())).rejects.toMatchObject({
      name: 'ProviderResponseError',
    });
    expect(await s3.keys()).toStrictEqual([]);
  });

  it('maps an HTML error page to ProviderResponseError', async () => {
    yahoo.route((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(htmlErrorPage);
    });
    await expect(handleEvent(event, deps())).rejects.toMatchObject({
      name: 'ProviderResponseError',
      message: 'yahoo response for AAPL (HTTP 200) is an HTML page, not JSON',
    });
    expect(await s3.keys()).toStrictEqual([]);
  });

  it('maps an unknown symbol to UnknownTickerError', async () => {
    yahoo.route((_req, res) => json(res, 404, yahooNotFound));
    await expect(handleEvent({ ...event, ticker: 'NOPE' }, deps())).rejects.toMatchObject({
      name: 'UnknownTickerError',
    });
    expect(await s3.keys()).toStrictEqual([]);
  });

  it('reports an empty result as status empty and writes nothing', async () => {
    yahoo.route((_req, res) => json(res, 200, yahooChart('AAPL', [])));
    const result = await handleEvent(event, deps());
    expect(result).toStrictEqual({
      ticker: 'AAPL',
      status: 'empty',
      rows: 0,
      key: 'raw/interval=1m/date=2026-11-27/ticker=AAPL/bars.csv',
      bytes: 0,
      sha256: '',
      provider: 'yahoo',
    });
    expect(await s3.keys()).toStrictEqual([]);
  });

  it('maps a refused connection to ProviderUnavailableError', async () => {
    const closed = await startFakeProvider();
    await closed.close();
    const d = testDeps({ s3: s3.client, baseUrl: closed.baseUrl });
    await expect(handleEvent(event, d)).rejects.toMatchObject({
      name: 'ProviderUnavailableError',
      message: 'yahoo request for AAPL failed: ECONNREFUSED',
    });
  });
});

describe('yahoo provider: data', () => {
  it('asks the chart API for the session with the documented parameters', async () => {
    yahoo.route((_req, res) => json(res, 200, yahooChart('MSFT', [])));
    await handleEvent({ ...event, ticker: 'MSFT' }, deps());
    const [url] = yahoo.requests;
    expect(url?.pathname).toBe('/v8/finance/chart/MSFT');
    expect(Object.fromEntries(url?.searchParams ?? [])).toStrictEqual({
      period1: String(Date.parse('2026-11-26T12:00:00Z') / 1000),
      period2: String(Date.parse('2026-11-28T12:00:00Z') / 1000),
      interval: '1m',
      includePrePost: 'false',
    });
  });

  it('percent-encodes an index symbol in the path', async () => {
    yahoo.route((_req, res) => json(res, 200, yahooChart('^GSPC', [])));
    await handleEvent({ ...event, ticker: '^GSPC' }, deps());
    expect(yahoo.requests[0]?.pathname).toBe('/v8/finance/chart/%5EGSPC');
  });

  it('stores the session normalised, with provider metadata and repair counts', async () => {
    const bars = minuteBars('2026-11-27T14:30:00Z', 4);
    // A minute without trades (nulls) and a duplicate of the last bar.
    const withGaps = [
      ...bars.slice(0, 2),
      { ...bars[2], t: bars[2]?.t ?? 0, o: null, h: null, l: null, c: null, v: null },
      bars[3],
      bars[3],
    ].filter((b): b is NonNullable<typeof b> => b !== undefined);
    yahoo.route((_req, res) => json(res, 200, yahooChart('GAPS', withGaps)));
    const result = (await handleEvent({ ...event, ticker: 'GAPS' }, deps())) as DownloadResult;
    expect(result).toMatchObject({ status: 'ok', rows: 3, provider: 'yahoo' });
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: result.key }));
    expect(head.Metadata).toStrictEqual({
      provider: 'yahoo',
      rows: '3',
      'first-ts': '2026-11-27T14:30:00Z',
      'last-ts': '2026-11-27T14:33:00Z',
      sha256: result.sha256,
      dropped: '2',
      repaired: '0',
    });
    const got = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: result.key }));
    const lines = (await got.Body?.transformToString())?.trimEnd().split('\n');
    expect(lines?.map((l) => l.split(',')[0])).toStrictEqual([
      'ts',
      '2026-11-27T14:30:00Z',
      '2026-11-27T14:31:00Z',
      '2026-11-27T14:33:00Z',
    ]);
  });

  it('splits a range into one object per exchange-local session date, in 7-day requests', async () => {
    yahoo.route((_req, res, url) => {
      const p1 = Number(url.searchParams.get('period1'));
      const p2 = Number(url.searchParams.get('period2'));
      // Every weekday session in the window, 2 bars each; the late bar (20:59 New York time on
      // the 27th = 01:59 UTC on the 28th) must land on the 27th.
      const bars = [];
      for (let t = p1 - (p1 % 86_400); t < p2; t += 86_400) {
        const day = new Date(t * 1000).getUTCDay();
        if (day === 0 || day === 6) continue;
        bars.push(...minuteBars(new Date((t + 14.5 * 3600) * 1000).toISOString(), 2));
      }
      json(
        res,
        200,
        yahooChart(
          'RANGE',
          bars.filter((b) => b.t >= p1 && b.t < p2),
        ),
      );
    });
    const { date: _d, ...rest } = event;
    const result = (await handleEvent(
      { ...rest, ticker: 'RANGE', from: '2026-11-16', to: '2026-11-27' },
      deps(),
    )) as DownloadResult;
    expect(yahoo.requests).toHaveLength(2);
    expect(result.objects?.map((o) => [o.date, o.status, o.rows])).toStrictEqual([
      ['2026-11-16', 'ok', 2],
      ['2026-11-17', 'ok', 2],
      ['2026-11-18', 'ok', 2],
      ['2026-11-19', 'ok', 2],
      ['2026-11-20', 'ok', 2],
      ['2026-11-21', 'empty', 0],
      ['2026-11-22', 'empty', 0],
      ['2026-11-23', 'ok', 2],
      ['2026-11-24', 'ok', 2],
      ['2026-11-25', 'ok', 2],
      ['2026-11-26', 'ok', 2],
      ['2026-11-27', 'ok', 2],
    ]);
    expect(result).toMatchObject({ status: 'ok', rows: 20 });
  });

  it('rejects a 1-minute date older than 30 days before any request', async () => {
    await expect(handleEvent({ ...event, date: '2026-10-01' }, deps())).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringContaining('older than Yahoo keeps 1m bars'),
    });
    expect(yahoo.requests).toHaveLength(0);
  });
});
