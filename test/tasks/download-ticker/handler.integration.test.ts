/**
 * The deployed entry point: handler.ts reads its environment once at import, talks to the S3
 * named by AWS_ENDPOINT_URL_S3, logs structured JSON with ticker and execution name, and flushes
 * metrics as CloudWatch EMF on stdout, which works with no AWS account.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DownloadResult } from '../../../contracts/download.ts';
import { type FakeProvider, json, startFakeProvider } from '../support/fake-provider.ts';
import { BUCKET, startTestS3, type TestS3 } from '../support/local-s3.ts';

type Handler = typeof import('../../../tasks/download-ticker/handler.ts').handler;

const saved = { ...process.env };
let s3: TestS3;
let yahoo: FakeProvider;
let handler: Handler;
let out: string[];

beforeAll(async () => {
  [s3, yahoo] = await Promise.all([startTestS3(), startFakeProvider()]);
  yahoo.route((_req, res) => json(res, 502, '{}'));
  process.env = {
    ...saved,
    DATA_BUCKET: BUCKET,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    YAHOO_BASE_URL: yahoo.baseUrl,
  };
  delete process.env.POWERTOOLS_DEV;
  delete process.env.POWERTOOLS_METRICS_DISABLED;
  vi.resetModules();
  ({ handler } = await import('../../../tasks/download-ticker/handler.ts'));
});
afterAll(async () => {
  process.env = saved;
  await Promise.all([s3.dispose(), yahoo.close()]);
});
beforeEach(() => {
  out = [];
  // Powertools writes INFO and metrics to stdout, WARN and ERROR to stderr.
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
  }
  return () => vi.restoreAllMocks();
});

const jsonLines = (): Array<Record<string, unknown>> =>
  out
    .join('')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** The handler runs on the real clock: use a recent weekday, never a future one. */
const date = lastWeekday(new Date());
const event = {
  ticker: 'AAPL',
  date,
  interval: '1m' as const,
  provider: 'synthetic' as const,
  executionName: 'exec-42',
};

describe('download-ticker handler', () => {
  it('stores a synthetic session in the S3 named by AWS_ENDPOINT_URL_S3', async () => {
    const result = (await handler(event)) as DownloadResult;
    expect(result).toMatchObject({
      ticker: 'AAPL',
      status: 'ok',
      rows: 390,
      provider: 'synthetic',
    });
    expect(await s3.keys()).toContain(result.key);
  });

  it('flushes metrics as EMF on stdout: namespace MarketPipeline, rows written', async () => {
    await s3.clear();
    await handler(event);
    const emf = jsonLines().find((l) => '_aws' in l && 'RowsWritten' in l);
    expect(emf).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Namespace: 'MarketPipeline' }] },
      service: 'download-ticker',
      provider: 'synthetic',
      RowsWritten: 390,
      ObjectsWritten: 1,
    });
  });

  it('logs structured JSON carrying the ticker and the execution name', async () => {
    await handler(event);
    const line = jsonLines().find((l) => l.message === 'download finished');
    expect(line).toMatchObject({ level: 'INFO', ticker: 'AAPL', executionName: 'exec-42' });
  });

  it('counts a provider error by kind in the ProviderErrors metric', async () => {
    await expect(handler({ ...event, provider: 'yahoo' })).rejects.toMatchObject({
      name: 'ProviderUnavailableError',
    });
    const emf = jsonLines().find((l) => 'ProviderErrors' in l);
    expect(emf).toMatchObject({ errorKind: 'ProviderUnavailableError', ProviderErrors: 1 });
  });

  it('logs each failed ticker of a batch with its ticker and the execution name', async () => {
    const { ticker: _t, ...rest } = event;
    await expect(
      handler({ Items: ['AAPL', 'MSFT'], BatchInput: { ...rest, provider: 'yahoo' } }),
    ).rejects.toMatchObject({ name: 'ProviderUnavailableError' });
    const failed = jsonLines().filter((l) => l.message === 'ticker failed');
    expect(failed.map((l) => [l.ticker, l.executionName]).sort()).toStrictEqual([
      ['AAPL', 'exec-42'],
      ['MSFT', 'exec-42'],
    ]);
  });

  it('throws InvalidInputError for a bad event and logs it', async () => {
    await expect(handler({ ...event, ticker: '../etc' })).rejects.toMatchObject({
      name: 'InvalidInputError',
    });
    expect(jsonLines().some((l) => l.level === 'ERROR')).toBe(true);
  });
});

describe('download-ticker configuration', () => {
  it('refuses to load without DATA_BUCKET', async () => {
    const env = process.env;
    process.env = { ...env };
    delete process.env.DATA_BUCKET;
    vi.resetModules();
    await expect(import('../../../tasks/download-ticker/handler.ts')).rejects.toThrow(
      'DATA_BUCKET environment variable is not set',
    );
    process.env = env;
  });
});

function lastWeekday(now: Date): string {
  const d = new Date(now.getTime() - 86_400_000);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setTime(d.getTime() - 86_400_000);
  return d.toISOString().slice(0, 10);
}
