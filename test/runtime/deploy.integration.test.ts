import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployToLocalS3 } from '../../runtime/deploy.ts';
import { type LocalS3, startLocalS3 } from '../../runtime/s3-server.ts';

let dir: string;
let root: string;
let s3: LocalS3;

async function keys(): Promise<string[]> {
  const out = await s3.client.send(new ListObjectsV2Command({ Bucket: 'data' }));
  return (out.Contents ?? []).map((o) => o.Key as string).sort();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deploy-'));
  root = join(dir, 'project');
  for (const d of [
    'config',
    'tasks/train/tests',
    'tasks/train/__pycache__',
    'tasks/train/spark-warehouse',
  ]) {
    mkdirSync(join(root, d), { recursive: true });
  }
  writeFileSync(join(root, 'config/universe.csv'), 'ticker,name\nAAA,A plc\n');
  writeFileSync(join(root, 'tasks/train/train_model.py'), 'print(1)\n');
  writeFileSync(join(root, 'tasks/train/bootstrap.sh'), '#!/bin/bash\n');
  writeFileSync(join(root, 'tasks/train/tests/test_x.py'), '');
  writeFileSync(join(root, 'tasks/train/__pycache__/x.cpython-311.pyc'), '');
  // Left by a local Spark run in tasks/train/; the stack's asset excludes it (infra/training-code.ts).
  writeFileSync(join(root, 'tasks/train/spark-warehouse/part-0'), '');
  s3 = await startLocalS3({ directory: join(dir, 's3'), buckets: ['data'] });
});
afterAll(async () => {
  await s3.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('deployToLocalS3', () => {
  it('uploads the universe and the training code as the CDK deployment lays them out, without the files its asset excludes', async () => {
    const result = await deployToLocalS3(s3.client, { dataBucket: 'data', projectRoot: root });
    expect(await keys()).toStrictEqual([
      'code/train/bootstrap.sh',
      'code/train/train_model.py',
      'config/universe.csv',
    ]);
    expect(result.uploaded).toHaveLength(3);
    const got = await s3.client.send(
      new GetObjectCommand({ Bucket: 'data', Key: 'config/universe.csv' }),
    );
    expect(await got.Body?.transformToString()).toBe('ticker,name\nAAA,A plc\n');
  });

  it('rewrites nothing when nothing changed', async () => {
    const result = await deployToLocalS3(s3.client, { dataBucket: 'data', projectRoot: root });
    expect(result.uploaded).toStrictEqual([]);
    expect(result.unchanged).toHaveLength(3);
  });

  it('prunes code/train/ of files the repo no longer has, and leaves other prefixes alone', async () => {
    await s3.client.send(
      new PutObjectCommand({ Bucket: 'data', Key: 'code/train/old.py', Body: 'x' }),
    );
    await s3.client.send(new PutObjectCommand({ Bucket: 'data', Key: 'raw/keep.csv', Body: 'x' }));
    const result = await deployToLocalS3(s3.client, { dataBucket: 'data', projectRoot: root });
    expect(result.removed).toStrictEqual(['s3://data/code/train/old.py']);
    expect(await keys()).toContain('raw/keep.csv');
    expect(await keys()).not.toContain('code/train/old.py');
  });

  it('fails naming the universe file when the repo has none', async () => {
    await expect(
      deployToLocalS3(s3.client, { dataBucket: 'data', projectRoot: join(dir, 'nowhere') }),
    ).rejects.toThrow(
      `universe file ${join(dir, 'nowhere', 'config', 'universe.csv')} does not exist`,
    );
  });
});
