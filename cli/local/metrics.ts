/**
 * The metrics headline of a local run: metrics.json is in local S3, whose server stops with the
 * run, so a server is started on the same folder for the one read (as the runtime's own tests
 * read a run's data) rather than depending on s3rver's file layout.
 */
import { existsSync } from 'node:fs';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { startLocalS3 } from '../../runtime/s3-server.ts';
import { parseS3Uri } from '../aws/emr-stderr.ts';
import { parseMetrics } from '../summary.ts';

export async function readLocalMetrics(
  s3Directory: string,
  uri: string,
): Promise<Record<string, number> | undefined> {
  const object = parseS3Uri(uri);
  if (!object || !existsSync(s3Directory)) return undefined;
  const s3 = await startLocalS3({ directory: s3Directory });
  try {
    const response = await s3.client.send(
      new GetObjectCommand({ Bucket: object.bucket, Key: object.key }),
    );
    return parseMetrics(await response.Body?.transformToString());
  } catch {
    // The headline is a convenience; the model prefix is printed either way.
    return undefined;
  } finally {
    await s3.stop();
  }
}
