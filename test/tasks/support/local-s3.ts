/**
 * A fresh s3rver (runtime/s3-server.ts) per test file, with helpers listing what is stored and
 * recording which commands a client sends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { type LocalS3, localS3ClientConfig, startLocalS3 } from '../../../runtime/s3-server.ts';

export const BUCKET = 'data';

export type TestS3 = LocalS3 & {
  /** Every key in the data bucket, sorted. */
  keys: () => Promise<string[]>;
  /** Deletes every object in the data bucket. */
  clear: () => Promise<void>;
  dispose: () => Promise<void>;
};

export async function startTestS3(): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'download-s3-'));
  const s3 = await startLocalS3({ directory, buckets: [BUCKET] });
  const keys = async (): Promise<string[]> => {
    const out: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.client.send(
        new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) if (o.Key) out.push(o.Key);
      token = page.NextContinuationToken;
    } while (token);
    return out.sort();
  };
  const clear = async (): Promise<void> => {
    const all = await keys();
    if (all.length === 0) return;
    await s3.client.send(
      new DeleteObjectsCommand({
        Bucket: BUCKET,
        Delete: { Objects: all.map((Key) => ({ Key })) },
      }),
    );
  };
  return {
    ...s3,
    keys,
    clear,
    dispose: async () => {
      await s3.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A client of its own for `s3`, recording the name of every command it sends (`PutObjectCommand`). */
export function recordingClient(s3: LocalS3): { client: S3Client; sent: string[] } {
  const client = new S3Client(localS3ClientConfig(s3.endpoint));
  const sent: string[] = [];
  client.middlewareStack.add(
    (next, context) => (args) => {
      sent.push(context.commandName ?? '?');
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  return { client, sent };
}
