/**
 * The keyed provider end to end: the API key lives in a SecureString parameter of a real local
 * SSM (moto's server on 127.0.0.1), read through Powertools Parameters at call time; the data
 * comes from a fake Alpha Vantage on 127.0.0.1; bars land in a local S3.
 */
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DownloadResult } from '../../../contracts/download.ts';
import { readApiKey } from '../../../tasks/download-ticker/api-key.ts';
import { loadConfig } from '../../../tasks/download-ticker/config.ts';
import { handleEvent } from '../../../tasks/download-ticker/download.ts';
import { type Moto, startMoto } from '../../support/moto.ts';
import { testDeps } from '../support/deps.ts';
import { type FakeProvider, json, startFakeProvider } from '../support/fake-provider.ts';
import { startTestS3, type TestS3 } from '../support/local-s3.ts';
import {
  alphaVantageIntraday,
  alphaVantageInvalidCall,
  alphaVantageRateLimit,
} from './fixtures.ts';

const PARAMETER = '/market-pipeline/alphavantage/api-key';
const event = { ticker: 'IBM', date: '2026-11-27', interval: '1m', provider: 'alphavantage' };

let moto: Moto;
let s3: TestS3;
let av: FakeProvider;
let ssm: SSMClient;
let ssmEndpoint: string | undefined;
const saved = { ...process.env };

beforeAll(async () => {
  [moto, s3, av] = await Promise.all([startMoto(), startTestS3(), startFakeProvider()]);
  // The SSM client inside Powertools takes region and credentials from the environment, as in
  // Lambda; moto accepts any.
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_ENDPOINT_URL_SSM: moto.endpoint,
  });
  ssmEndpoint = loadConfig({ ...process.env, DATA_BUCKET: 'data' }).ssmEndpoint;
  ssm = new SSMClient({ endpoint: moto.endpoint, region: 'us-east-1' });
  await ssm.send(
    new PutParameterCommand({ Name: PARAMETER, Value: 'KEY-FROM-SSM', Type: 'SecureString' }),
  );
});
afterAll(async () => {
  ssm.destroy();
  await Promise.all([moto.stop(), s3.dispose(), av.close()]);
  process.env = saved;
});
beforeEach(async () => {
  av.requests.length = 0;
  await s3.clear();
});

const deps = () =>
  testDeps({
    s3: s3.client,
    baseUrl: av.baseUrl,
    getApiKey: () => readApiKey(PARAMETER, ssmEndpoint),
  });

describe('alphavantage provider with its key in SSM', () => {
  it('sends the key read from SSM and the documented query, and stores the session', async () => {
    av.route((_req, res) =>
      json(
        res,
        200,
        alphaVantageIntraday('IBM', '1min', [
          {
            local: '2026-11-27 09:30:00',
            o: '222.1',
            h: '222.5',
            l: '221.9',
            c: '222.3',
            v: '5100',
          },
          {
            local: '2026-11-27 09:31:00',
            o: '222.3',
            h: '222.4',
            l: '222.0',
            c: '222.2',
            v: '3900',
          },
        ]),
      ),
    );
    const result = (await handleEvent(event, deps())) as DownloadResult;
    expect(Object.fromEntries(av.requests[0]?.searchParams ?? [])).toStrictEqual({
      function: 'TIME_SERIES_INTRADAY',
      symbol: 'IBM',
      interval: '1min',
      month: '2026-11',
      outputsize: 'full',
      extended_hours: 'false',
      adjusted: 'false',
      datatype: 'json',
      apikey: 'KEY-FROM-SSM',
    });
    expect(result).toMatchObject({ status: 'ok', rows: 2, provider: 'alphavantage' });
    expect(await s3.keys()).toStrictEqual(['raw/interval=1m/date=2026-11-27/ticker=IBM/bars.csv']);
  });

  it('reuses the cached key instead of asking SSM on every call', async () => {
    await readApiKey(PARAMETER, ssmEndpoint);
    await ssm.send(
      new PutParameterCommand({
        Name: PARAMETER,
        Value: 'ROTATED',
        Type: 'SecureString',
        Overwrite: true,
      }),
    );
    expect(await readApiKey(PARAMETER, ssmEndpoint)).toBe('KEY-FROM-SSM');
  });

  it('fails with ConfigurationError naming a missing parameter, before any provider request', async () => {
    const d = testDeps({
      s3: s3.client,
      baseUrl: av.baseUrl,
      getApiKey: () => readApiKey('/market-pipeline/missing', ssmEndpoint),
    });
    await expect(handleEvent(event, d)).rejects.toMatchObject({
      name: 'ConfigurationError',
      message: 'API key parameter /market-pipeline/missing could not be read: ParameterNotFound',
    });
    expect(av.requests).toHaveLength(0);
  });

  it('maps "Invalid API call" to UnknownTickerError and writes nothing', async () => {
    av.route((_req, res) => json(res, 200, alphaVantageInvalidCall));
    await expect(handleEvent({ ...event, ticker: 'NOPE' }, deps())).rejects.toMatchObject({
      name: 'UnknownTickerError',
    });
    expect(await s3.keys()).toStrictEqual([]);
  });

  it('maps the rate-limit notice to ProviderThrottledError and writes nothing', async () => {
    av.route((_req, res) => json(res, 200, alphaVantageRateLimit));
    await expect(handleEvent(event, deps())).rejects.toMatchObject({
      name: 'ProviderThrottledError',
      retryAfterSeconds: 60,
    });
    expect(await s3.keys()).toStrictEqual([]);
  });

  it('never puts the API key in an error message', async () => {
    av.route((_req, res) => json(res, 503, 'KEY-FROM-SSM'));
    const error = (await handleEvent(event, deps()).catch((e: unknown) => e)) as Error;
    expect(error.name).toBe('ProviderUnavailableError');
    expect(error.message).not.toContain('KEY-FROM-SSM');
  });

  it('rejects daily bars before asking SSM or the provider', async () => {
    await expect(handleEvent({ ...event, interval: '1d' }, deps())).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringContaining('interval 1d is not served by provider alphavantage'),
    });
    expect(av.requests).toHaveLength(0);
  });
});
