/**
 * The local S3: an s3rver instance on 127.0.0.1 with a random port, keeping its objects under a
 * directory between runs. Used by the embedded runtime and by integration tests.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { s3ClientConfig } from '../tasks/shared/s3-client.ts';

export type LocalS3 = {
  /** e.g. http://127.0.0.1:40123 */
  endpoint: string;
  port: number;
  directory: string;
  /** A client configured for this server (see {@link localS3ClientConfig}). */
  client: S3Client;
  stop: () => Promise<void>;
};

/**
 * S3 client settings for this server: the task Lambdas' own endpoint-override settings
 * (path style; checksums `WHEN_REQUIRED`, because with the SDK defaults s3rver stores a streamed
 * PutObject with its aws-chunked framing: 101 bytes in, 143 stored), plus s3rver's credentials.
 */
export function localS3ClientConfig(endpoint: string): S3ClientConfig {
  return {
    ...s3ClientConfig({ endpoint }),
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  };
}

/** Starts s3rver on 127.0.0.1 (port 0 = random) and creates `buckets` if they do not exist. */
export async function startLocalS3(options: {
  directory: string;
  buckets?: string[];
  port?: number;
}): Promise<LocalS3> {
  mkdirSync(options.directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    directory: options.directory,
    silent: true,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name, configs: [] })),
  });
  makeWritesAtomic(server);
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client(localS3ClientConfig(endpoint));
  return {
    endpoint,
    port,
    directory: options.directory,
    client,
    stop: async () => {
      client.destroy();
      const http = server.httpServer;
      // Keep-alive sockets would hold close() open until they time out.
      http?.closeAllConnections();
      // A server that already stopped listening (it died mid-run) has nothing left to close;
      // close() would reject with ERR_SERVER_NOT_RUNNING and hide the run's own outcome.
      if (http && !http.listening) return;
      await server.close();
    },
  };
}

/** The part of s3rver's filesystem store (s3rver/lib/stores/filesystem.js) replaced here. */
type FilesystemStore = {
  getResourcePath: (bucket: string, key: string, resource: string) => string;
  getMetadata: (bucket: string, key: string) => Promise<unknown>;
  putObject: (object: {
    bucket: string;
    key: string;
    content: Buffer | NodeJS.ReadableStream;
    metadata: Record<string, string>;
  }) => Promise<{ size: number; md5: string }>;
  putMetadata: (
    bucket: string,
    key: string,
    metadata: Record<string, string>,
    md5?: string,
  ) => Promise<void>;
};

const { ALLOWED_METADATA } = createRequire(import.meta.url)('s3rver/lib/models/object') as {
  ALLOWED_METADATA: string[];
};
let temporaries = 0;
const temporaryOf = (file: string) => `${file}.tmp-${process.pid}-${++temporaries}`;

/**
 * s3rver writes an object in place (truncating the file, then streaming into it) and then its
 * metadata files the same way, so a process killed mid-write (the CLI on SIGKILL: s3rver runs in
 * it) or an upload broken off leaves a truncated object, or a metadata file s3rver then fails to
 * parse on every GET and listing of the object (InternalError) until someone deletes it. Here
 * each file is written under a temporary name beside it (s3rver lists only `._S3rver_object`
 * names) and renamed over the old one once complete: the object's content and metadata go in
 * together (within a few renames) or not at all, and the previous version survives a failed
 * write. A metadata file torn by a crash before this was in place is moved aside (`.unreadable-*`)
 * and the object served with default metadata.
 */
function makeWritesAtomic(server: S3rver): void {
  const store = (server as unknown as { store: FilesystemStore }).store;
  const metadataJson = (metadata: Record<string, string>) =>
    JSON.stringify(
      Object.fromEntries(
        Object.entries(metadata).filter(
          ([k]) => ALLOWED_METADATA.includes(k) || k.startsWith('x-amz-meta-'),
        ),
      ),
      null,
      2,
    );
  /** Writes the files' temporaries, then renames them all into place. */
  const commit = async (files: Array<{ path: string; temporary?: string; text?: string }>) => {
    const staged: Array<{ path: string; temporary: string }> = [];
    try {
      for (const f of files) {
        const temporary = f.temporary ?? temporaryOf(f.path);
        if (f.text !== undefined) await writeFile(temporary, f.text);
        staged.push({ path: f.path, temporary });
      }
      for (const f of staged) await rename(f.temporary, f.path);
    } catch (error) {
      await Promise.all(staged.map((f) => rm(f.temporary, { force: true })));
      throw error;
    }
  };
  const metadataFiles = (
    bucket: string,
    key: string,
    metadata: Record<string, string>,
    md5: string | undefined,
  ) => [
    ...(md5 ? [{ path: store.getResourcePath(bucket, key, 'object.md5'), text: md5 }] : []),
    { path: store.getResourcePath(bucket, key, 'metadata.json'), text: metadataJson(metadata) },
  ];

  store.putMetadata = async (bucket, key, metadata, md5) => {
    await commit(metadataFiles(bucket, key, metadata, md5));
  };
  store.putObject = async (object) => {
    const path = store.getResourcePath(object.bucket, object.key, 'object');
    await mkdir(dirname(path), { recursive: true });
    const temporary = temporaryOf(path);
    const hash = createHash('md5');
    let size = 0;
    const source = Buffer.isBuffer(object.content)
      ? Readable.from([object.content])
      : object.content;
    try {
      await pipeline(
        source,
        new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            hash.update(chunk);
            size += chunk.length;
            callback(null, chunk);
          },
        }),
        createWriteStream(temporary),
      );
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    const md5 = hash.digest('hex');
    // The metadata first, the object last: a reader never sees the new object with no metadata.
    await commit([
      ...metadataFiles(object.bucket, object.key, object.metadata, md5),
      { path, temporary },
    ]);
    return { size, md5 };
  };
  const getMetadata = store.getMetadata.bind(store);
  store.getMetadata = async (bucket, key) => {
    try {
      return await getMetadata(bucket, key);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      const file = store.getResourcePath(bucket, key, 'metadata.json');
      await rename(file, `${file}.unreadable-${Date.now()}`);
      return await getMetadata(bucket, key);
    }
  };
}
