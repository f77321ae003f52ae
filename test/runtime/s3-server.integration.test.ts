import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
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

  it('keeps the previous version of an object when an upload breaks off midway', async () => {
    const key = 'atomic/bars.csv';
    const before = 'ts,open,high,low,close,volume\n1,1,1,1,1,1\n';
    await s3.client.send(new PutObjectCommand({ Bucket: 'data', Key: key, Body: before }));
    // An unsigned PUT (s3rver serves anonymous requests) announcing 1 MiB, cut off after 64 KiB.
    await new Promise<void>((resolve) => {
      const put = request(`${s3.endpoint}/data/${key}`, {
        method: 'PUT',
        headers: { 'content-length': String(1 << 20) },
      });
      put.on('error', () => resolve());
      put.write(Buffer.alloc(64 * 1024, 'x'), () => setImmediate(() => put.destroy()));
    });
    // The server has seen the connection drop once a new request is answered after it.
    await s3.client.send(new ListObjectsV2Command({ Bucket: 'data', Prefix: 'atomic/' }));
    const got = await s3.client.send(new GetObjectCommand({ Bucket: 'data', Key: key }));
    expect(await got.Body?.transformToString()).toBe(before);
    // No temporary is left looking like an object.
    const listed = await s3.client.send(
      new ListObjectsV2Command({ Bucket: 'data', Prefix: 'atomic/' }),
    );
    expect(listed.Contents?.map((o) => o.Key)).toStrictEqual([key]);
  });

  it('serves an object whose metadata file a crash left torn, instead of InternalError forever', async () => {
    const key = 'torn/bars.csv';
    await s3.client.send(new PutObjectCommand({ Bucket: 'data', Key: key, Body: 'a,b\n' }));
    // What a process killed inside s3rver's in-place metadata write leaves.
    writeFileSync(join(dir, 'data', 'torn', 'bars.csv._S3rver_metadata.json'), '{"content-ty');
    const got = await s3.client.send(new GetObjectCommand({ Bucket: 'data', Key: key }));
    expect(await got.Body?.transformToString()).toBe('a,b\n');
    const listed = await s3.client.send(
      new ListObjectsV2Command({ Bucket: 'data', Prefix: 'torn/' }),
    );
    expect(listed.Contents?.map((o) => o.Key)).toStrictEqual([key]);
  });
});
