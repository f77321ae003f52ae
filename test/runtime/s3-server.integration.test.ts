import { mkdtempSync, rmSync } from 'node:fs';
import { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalS3, startLocalS3 } from '../../runtime/s3-server.ts';

describe('local S3 server', () => {
  let s3: LocalS3;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'local-s3-'));
    s3 = await startLocalS3({ directory: dir, buckets: ['data'] });
  });
  afterAll(async () => {
    await s3.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 with a random port', () => {
    expect(s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s3.port).toBeGreaterThan(0);
  });

  it('round-trips a streamed upload byte for byte', async () => {
    // 101 bytes, streamed: the case that SDK default checksums corrupt on s3rver.
    const body = Buffer.from(Array.from({ length: 101 }, (_, i) => (i * 37) % 256));
    await s3.client.send(
      new PutObjectCommand({
        Bucket: 'data',
        Key: 'roundtrip/bytes.bin',
        Body: Readable.from([body]),
        ContentLength: body.length,
      }),
    );
    const got = await s3.client.send(
      new GetObjectCommand({ Bucket: 'data', Key: 'roundtrip/bytes.bin' }),
    );
    if (!got.Body) throw new Error('no body');
    const stored = Buffer.from(await got.Body.transformToByteArray());
    expect(stored.length).toBe(101);
    expect(stored.equals(body)).toBe(true);
  });

  it('keeps user metadata', async () => {
    await s3.client.send(
      new PutObjectCommand({
        Bucket: 'data',
        Key: 'meta.txt',
        Body: 'x',
        Metadata: { provider: 'synthetic' },
      }),
    );
    const got = await s3.client.send(new GetObjectCommand({ Bucket: 'data', Key: 'meta.txt' }));
    expect(got.Metadata).toStrictEqual({ provider: 'synthetic' });
  });

  it('stops without an error when its HTTP server already stopped (the server died mid-run)', async () => {
    const listen = vi.spyOn(Server.prototype, 'listen');
    const other = await startLocalS3({ directory: mkdtempSync(join(tmpdir(), 'local-s3-')) });
    const http = listen.mock.contexts.at(-1) as Server;
    listen.mockRestore();
    expect(http.listening).toBe(true);
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await expect(other.stop()).resolves.toBeUndefined();
    rmSync(other.directory, { recursive: true, force: true });
  });
});
