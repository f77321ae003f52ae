/**
 * The deployed entry point reads DATA_BUCKET and AWS_ENDPOINT_URL_S3 once, at import.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BUCKET, startTestS3, type TestS3 } from '../support/local-s3.ts';

const saved = { ...process.env };
let s3: TestS3;

beforeAll(async () => {
  s3 = await startTestS3();
  await s3.client.send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: 'config/universe.csv',
      Body: 'ticker,name\nSPY,SPDR\n',
    }),
  );
});
afterAll(async () => {
  process.env = saved;
  await s3.dispose();
});

describe('prepare-input handler', () => {
  it('resolves the universe from the S3 named by AWS_ENDPOINT_URL_S3', async () => {
    process.env = {
      ...saved,
      DATA_BUCKET: BUCKET,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      POWERTOOLS_LOG_LEVEL: 'WARN',
    };
    vi.resetModules();
    const { handler } = await import('../../../tasks/prepare-input/handler.ts');
    expect(
      await handler({ bucket: BUCKET, universeKey: 'config/universe.csv', maxTickers: 5 }),
    ).toStrictEqual({ tickers: ['SPY'], count: 1, source: 'universe', duplicatesRemoved: 0 });
  });

  it('refuses to load without DATA_BUCKET', async () => {
    process.env = { ...saved };
    delete process.env.DATA_BUCKET;
    vi.resetModules();
    await expect(import('../../../tasks/prepare-input/handler.ts')).rejects.toThrow(
      'DATA_BUCKET environment variable is not set',
    );
  });
});
