/**
 * EMR pushes step logs to the cluster's LogUri as `<LogUri><cluster>/steps/<step>/stderr.gz`
 * (docs/architecture.md). Locally the plain-text logs stay under `<stateDir>/emr/logs/`, and a
 * gzipped copy is put at that LogUri key in local S3, so tools that read logs from S3 (the CLI's
 * AWS path) can be tried offline. A failed upload is reported, never fatal, as on EMR.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parseS3Uri } from './spark-submit.ts';
import type { ClusterRecord } from './types.ts';

export async function uploadStepLogs(
  s3: S3Client,
  cluster: ClusterRecord,
  stepId: string,
  logDir: string,
  log: (line: string) => void,
): Promise<string | undefined> {
  const base = cluster.LogUri ? parseS3Uri(cluster.LogUri) : undefined;
  if (!base) return undefined;
  const prefix = `${base.key && !base.key.endsWith('/') ? `${base.key}/` : base.key}${cluster.Id}/steps/${stepId}/`;
  try {
    for (const name of ['controller', 'stdout', 'stderr']) {
      const body = await readFile(join(logDir, name)).catch(() => undefined);
      if (body === undefined) continue;
      await s3.send(
        new PutObjectCommand({
          Bucket: base.bucket,
          Key: `${prefix}${name}.gz`,
          Body: gzipSync(body),
        }),
      );
    }
    return `s3://${base.bucket}/${prefix}`;
  } catch (err) {
    log(
      `EMR ${cluster.Id}: could not push step logs to ${cluster.LogUri}: ${(err as Error).message}`,
    );
    return undefined;
  }
}
