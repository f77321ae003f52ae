/**
 * Puts into local S3 what the CDK deployment puts into the data bucket (docs/architecture.md,
 * "Data layout"): `config/universe.csv` from the repo, and `tasks/train/` under `code/train/`
 * (the files the stack's asset holds, infra/training-code.ts; pruned like a BucketDeployment: a
 * file removed from the repo is removed from the prefix).
 * An object whose content is unchanged is not rewritten.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import {
  DeleteObjectsCommand,
  HeadObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { isExcludedTrainingFile } from '../contracts/training-code.ts';
import { UNIVERSE_PATH } from '../contracts/universe.ts';
import { defaultPipelineConfig } from '../workflows/market-data-pipeline.ts';

/** Where the default definition's PrepareInput reads the universe (the stack deploys it there too). */
const universeKey = defaultPipelineConfig.universe.key;
const trainCodePrefix = 'code/train/';

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

async function putIfChanged(
  s3: S3Client,
  bucket: string,
  key: string,
  body: Buffer,
): Promise<boolean> {
  const md5 = createHash('md5').update(body).digest('hex');
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    if (head.ETag?.replaceAll('"', '') === md5) return false;
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status !== 404) throw err;
  }
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  return true;
}

export type DeployResult = { uploaded: string[]; unchanged: string[]; removed: string[] };

export async function deployToLocalS3(
  s3: S3Client,
  options: { dataBucket: string; projectRoot: string },
): Promise<DeployResult> {
  const result: DeployResult = { uploaded: [], unchanged: [], removed: [] };
  const universe = join(options.projectRoot, UNIVERSE_PATH);
  const trainDir = join(options.projectRoot, 'tasks', 'train');
  if (!existsSync(universe)) throw new Error(`universe file ${universe} does not exist`);
  const sources: Array<{ key: string; file: string }> = [{ key: universeKey, file: universe }];
  for (const file of await filesUnder(trainDir)) {
    const rel = relative(trainDir, file);
    if (!isExcludedTrainingFile(rel))
      sources.push({ key: trainCodePrefix + rel.split(sep).join('/'), file });
  }
  for (const { key, file } of sources) {
    const changed = await putIfChanged(s3, options.dataBucket, key, await readFile(file));
    (changed ? result.uploaded : result.unchanged).push(`s3://${options.dataBucket}/${key}`);
  }
  const wanted = new Set(sources.map((s) => s.key));
  const stale: string[] = [];
  for await (const page of paginateListObjectsV2(
    { client: s3 },
    { Bucket: options.dataBucket, Prefix: trainCodePrefix },
  )) {
    for (const obj of page.Contents ?? []) if (obj.Key && !wanted.has(obj.Key)) stale.push(obj.Key);
  }
  if (stale.length > 0) {
    await s3.send(
      new DeleteObjectsCommand({
        Bucket: options.dataBucket,
        Delete: { Objects: stale.map((Key) => ({ Key })) },
      }),
    );
    result.removed.push(...stale.map((k) => `s3://${options.dataBucket}/${k}`));
  }
  return result;
}
