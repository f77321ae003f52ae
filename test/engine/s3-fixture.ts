/** A local S3 (s3rver on 127.0.0.1, random port) for engine integration tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { type LocalS3, startLocalS3 } from '../../runtime/s3-server.ts';

export type S3Fixture = LocalS3 & {
  put: (key: string, body: string) => Promise<void>;
  get: (key: string) => Promise<string>;
  close: () => Promise<void>;
};

export async function startS3(bucket: string): Promise<S3Fixture> {
  const directory = mkdtempSync(join(tmpdir(), 'engine-s3-'));
  const s3 = await startLocalS3({ directory, buckets: [bucket] });
  return {
    ...s3,
    put: async (key, body) => {
      await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    get: async (key) => {
      const got = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await got.Body?.transformToString()) ?? '';
    },
    close: async () => {
      await s3.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
