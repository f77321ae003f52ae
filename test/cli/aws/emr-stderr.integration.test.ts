/**
 * EMR step stderr from the cluster's LogUri, against moto's EMR and S3 on 127.0.0.1. The clients
 * are the CLI's own (createAwsClients), pointed at moto by AWS_ENDPOINT_URL alone.
 */
import { gzipSync } from 'node:zlib';
import { RunJobFlowCommand } from '@aws-sdk/client-emr';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsClients, createAwsClients } from '../../../cli/aws/clients.ts';
import { fetchStepStderr, stderrUri } from '../../../cli/aws/emr-stderr.ts';
import { type Moto, startMoto } from './moto.ts';

let moto: Moto;
let clients: AwsClients;
let clusterId: string;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  moto = await startMoto();
  for (const [key, value] of Object.entries(moto.env)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
  clients = createAwsClients();
  await clients.s3.send(new CreateBucketCommand({ Bucket: 'market-pipeline-logs' }));
  const cluster = await clients.emr.send(
    new RunJobFlowCommand({
      Name: 'market-pipeline-train',
      ReleaseLabel: 'emr-7.5.0',
      LogUri: 's3://market-pipeline-logs/emr/',
      Instances: {
        InstanceCount: 1,
        MasterInstanceType: 'm5.xlarge',
        KeepJobFlowAliveWhenNoSteps: true,
      },
      JobFlowRole: 'EMR_EC2_DefaultRole',
      ServiceRole: 'EMR_DefaultRole',
    }),
  );
  clusterId = cluster.JobFlowId as string;
});

afterAll(async () => {
  clients?.destroy();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await moto?.stop();
});

describe('fetchStepStderr', () => {
  it('reads the last 20 lines of <LogUri>/<cluster>/steps/<step>/stderr.gz', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    lines.push('ValueError: no rows after the train/test split');
    await clients.s3.send(
      new PutObjectCommand({
        Bucket: 'market-pipeline-logs',
        Key: `emr/${clusterId}/steps/s-2ABCDEF12345/stderr.gz`,
        Body: gzipSync(`${lines.join('\n')}\n`),
      }),
    );
    const log = await fetchStepStderr(clients, { clusterId, stepId: 's-2ABCDEF12345' });
    expect(log.location).toBe(
      `s3://market-pipeline-logs/emr/${clusterId}/steps/s-2ABCDEF12345/stderr.gz`,
    );
    expect(log.lines).toHaveLength(20);
    expect(log.lines.at(-1)).toBe('ValueError: no rows after the train/test split');
    expect(log.lines[0]).toBe('line 12');
  });

  it('says the log is not uploaded yet when the object is missing', async () => {
    const log = await fetchStepStderr(clients, { clusterId, stepId: 's-NOTUPLOADED1' });
    expect(log.lines).toStrictEqual([]);
    expect(log.note).toMatch(
      /^stderr not in S3 yet \(EMR uploads step logs about every 5 minutes\): s3:\/\//,
    );
  });

  it('reports an unknown cluster as one line instead of throwing', async () => {
    const log = await fetchStepStderr(clients, { clusterId: 'j-DOESNOTEXIST', stepId: 's-1' });
    expect(log.lines).toStrictEqual([]);
    expect(log.note).toMatch(/^DescribeCluster j-DOESNOTEXIST: /);
  });
});

describe('stderrUri', () => {
  it('joins LogUri, cluster and step with single slashes and maps s3n:// to s3://', () => {
    expect(stderrUri('s3n://logs/emr//', 'j-1', 's-2')).toBe(
      's3://logs/emr/j-1/steps/s-2/stderr.gz',
    );
  });
});
