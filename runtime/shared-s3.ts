/**
 * One local S3 server per state directory in a process, shared by the runs using it (e.g. a
 * backfill's concurrent executions) and stopped when the last of them releases it. Two s3rver
 * instances writing one directory would race on its files.
 */
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { type LocalS3, startLocalS3 } from './s3-server.ts';

export type SharedLocalS3 = {
  endpoint: string;
  directory: string;
  client: S3Client;
  release: () => Promise<void>;
};

type Entry = { server: Promise<LocalS3>; users: number; buckets: Set<string> };
const servers = new Map<string, Entry>();

export async function acquireLocalS3(directory: string, buckets: string[]): Promise<SharedLocalS3> {
  let entry = servers.get(directory);
  if (!entry) {
    entry = { server: startLocalS3({ directory, buckets }), users: 0, buckets: new Set(buckets) };
    servers.set(directory, entry);
    entry.server.catch(() => servers.delete(directory));
  }
  entry.users += 1;
  let server: LocalS3;
  try {
    server = await entry.server;
  } catch (err) {
    entry.users -= 1;
    throw err;
  }
  const missing = buckets.filter((b) => !entry.buckets.has(b));
  if (missing.length > 0) {
    for (const Bucket of missing) {
      // BucketAlreadyOwnedByYou is fine: another run created it first.
      await server.client.send(new CreateBucketCommand({ Bucket })).catch(() => undefined);
      entry.buckets.add(Bucket);
    }
  }
  let released = false;
  return {
    endpoint: server.endpoint,
    directory: server.directory,
    client: server.client,
    release: async () => {
      if (released) return;
      released = true;
      entry.users -= 1;
      if (entry.users === 0) {
        servers.delete(directory);
        await server.stop();
      }
    },
  };
}
