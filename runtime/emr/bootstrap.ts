/**
 * Bootstrap actions: EMR downloads each script from S3 onto every node before the cluster is
 * ready, and fails the cluster (BOOTSTRAP_FAILURE) when one cannot be fetched. Locally the
 * download is checked against local S3 but the script is not run: it would install packages on
 * EMR nodes, and the project venv plays that role here.
 */

import type { BootstrapActionConfig } from '@aws-sdk/client-emr';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parseS3Uri } from './spark-submit.ts';

/** The BOOTSTRAP_FAILURE message for the first action whose script is missing, if any. */
export async function bootstrapFailure(
  s3: S3Client,
  actions: BootstrapActionConfig[],
): Promise<string | undefined> {
  for (const [i, action] of actions.entries()) {
    const path = action.ScriptBootstrapAction?.Path;
    const loc = path ? parseS3Uri(path) : undefined;
    if (!loc) continue; // file:/ paths live on the node image
    try {
      await s3.send(new HeadObjectCommand({ Bucket: loc.bucket, Key: loc.key }));
    } catch {
      return `On the master instance (local), bootstrap action ${i + 1} failed: unable to download ${path}`;
    }
  }
  return undefined;
}
