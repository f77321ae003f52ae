/**
 * The local S3: an s3rver instance on 127.0.0.1 with a random port, keeping its objects under a
 * directory between runs. Used by the embedded runtime and by integration tests.
 */
import { mkdirSync } from 'node:fs';
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
