/**
 * A failed EMR step's stderr on AWS: `<LogUri>/<cluster-id>/steps/<step-id>/stderr.gz`, the LogUri
 * from DescribeCluster. EMR copies step logs to S3 about every five minutes, so right after a
 * failure the object may not be there yet: that is said, not hidden.
 */
import { DescribeClusterCommand, type EMRClient } from '@aws-sdk/client-emr';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { EmrStepLog } from '../result.ts';
import { tailLines } from '../stderr-tail.ts';
import { describeAwsError } from './errors.ts';

export function stderrUri(logUri: string, clusterId: string, stepId: string): string {
  const base = logUri.replace(/^s3n:\/\//, 's3://').replace(/\/+$/, '');
  return `${base}/${clusterId}/steps/${stepId}/stderr.gz`;
}

export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  return match ? { bucket: match[1] as string, key: match[2] as string } : undefined;
}

export async function fetchStepStderr(
  clients: { emr: EMRClient; s3: S3Client },
  step: { clusterId?: string; stepId?: string; logFile?: string },
): Promise<EmrStepLog> {
  const ids = {
    ...(step.clusterId ? { clusterId: step.clusterId } : {}),
    ...(step.stepId ? { stepId: step.stepId } : {}),
  };
  if (!step.clusterId || !step.stepId) {
    return { ...ids, lines: [], note: 'cluster or step id not found in the history' };
  }
  let location: string;
  try {
    location = await locate(clients.emr, step.clusterId, step.stepId, step.logFile);
  } catch (error) {
    return {
      ...ids,
      lines: [],
      note: describeAwsError(`DescribeCluster ${step.clusterId}`, error),
    };
  }
  const object = parseS3Uri(location);
  if (!object) return { ...ids, location, lines: [], note: `not an s3:// location: ${location}` };
  try {
    const response = await clients.s3.send(
      new GetObjectCommand({ Bucket: object.bucket, Key: object.key }),
    );
    const body = await response.Body?.transformToByteArray();
    return { ...ids, location, lines: body ? tailLines(body) : [] };
  } catch (error) {
    const name = (error as Error).name;
    const note =
      name === 'NoSuchKey' || name === 'NotFound'
        ? `stderr not in S3 yet (EMR uploads step logs about every 5 minutes): ${location}`
        : describeAwsError(`reading ${location}`, error);
    return { ...ids, location, lines: [], note };
  }
}

async function locate(
  emr: EMRClient,
  clusterId: string,
  stepId: string,
  logFile: string | undefined,
): Promise<string> {
  // FailureDetails.LogFile names the step's log folder or file when EMR found a root cause.
  if (logFile && /^s3n?:\/\//.test(logFile)) {
    const uri = logFile.replace(/^s3n:\/\//, 's3://');
    return /stderr(\.gz)?$/.test(uri) ? uri : `${uri.replace(/\/+$/, '')}/stderr.gz`;
  }
  const { Cluster } = await emr.send(new DescribeClusterCommand({ ClusterId: clusterId }));
  if (!Cluster?.LogUri) throw new Error(`cluster ${clusterId} has no LogUri`);
  return stderrUri(Cluster.LogUri, clusterId, stepId);
}
