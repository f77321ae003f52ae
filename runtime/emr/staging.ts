/**
 * Copies a step's s3:// inputs from local S3 into its work folder before it runs, and its outputs
 * back afterwards, so the job sees local files where EMRFS would have read and written S3.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { StagedPath } from './spark-submit.ts';

const concurrency = 16;

async function eachLimited<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

async function download(s3: S3Client, bucket: string, key: string, file: string): Promise<void> {
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!got.Body) throw new Error(`s3://${bucket}/${key} has no body`);
  await mkdir(dirname(file), { recursive: true });
  await pipeline(got.Body as Readable, createWriteStream(file));
}

async function objectExists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404 || (err as Error).name === 'NotFound') return false;
    throw err;
  }
}

async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2(
    { client: s3 },
    { Bucket: bucket, Prefix: prefix },
  )) {
    for (const obj of page.Contents ?? []) if (obj.Key) keys.push(obj.Key);
  }
  return keys;
}

/**
 * Copies each input: an object to its local path, a prefix (a key ending in `/`, or a key with
 * no object but objects beneath it) to a folder. An input that matches nothing is left absent,
 * so the job fails as it would on EMR ("Path does not exist"). Returns the number of files.
 */
export async function stageInputs(s3: S3Client, inputs: StagedPath[]): Promise<number> {
  const copies: Array<{ bucket: string; key: string; file: string }> = [];
  for (const input of inputs) {
    if (input.key !== '' && !input.key.endsWith('/')) {
      if (await objectExists(s3, input.bucket, input.key)) {
        copies.push({ bucket: input.bucket, key: input.key, file: input.local });
        continue;
      }
    }
    const prefix = input.key === '' || input.key.endsWith('/') ? input.key : `${input.key}/`;
    const base = input.local.endsWith('/') ? input.local : `${input.local}/`;
    for (const key of await listKeys(s3, input.bucket, prefix)) {
      if (key.endsWith('/')) continue; // folder marker objects
      copies.push({ bucket: input.bucket, key, file: join(base, key.slice(prefix.length)) });
    }
  }
  await eachLimited(copies, (c) => download(s3, c.bucket, c.key, c.file));
  return copies.length;
}

/**
 * Hadoop's local file system writes `.<name>.crc` checksum files and commits through
 * `_temporary/`; EMRFS on S3 leaves neither, so neither is published.
 */
function publishable(relativePath: string): boolean {
  const parts = relativePath.split(sep);
  const name = parts[parts.length - 1] ?? '';
  return !parts.includes('_temporary') && !(name.startsWith('.') && name.endsWith('.crc'));
}

async function walk(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

async function upload(s3: S3Client, bucket: string, key: string, file: string): Promise<void> {
  const { size } = await stat(file);
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: createReadStream(file) as Readable,
      ContentLength: size,
    }),
  );
}

/** Publishes what the job wrote at each output's local path to its s3:// location. */
export async function publishOutputs(s3: S3Client, outputs: StagedPath[]): Promise<string[]> {
  const uploads: Array<{ bucket: string; key: string; file: string }> = [];
  for (const output of outputs) {
    const info = await stat(output.local).catch(() => undefined);
    if (!info) continue;
    if (info.isFile()) {
      uploads.push({ bucket: output.bucket, key: output.key, file: output.local });
      continue;
    }
    const prefix = output.key === '' || output.key.endsWith('/') ? output.key : `${output.key}/`;
    for (const file of await walk(output.local)) {
      const rel = relative(output.local, file);
      if (!publishable(rel)) continue;
      uploads.push({ bucket: output.bucket, key: prefix + rel.split(sep).join('/'), file });
    }
  }
  await eachLimited(uploads, (u) => upload(s3, u.bucket, u.key, u.file));
  return uploads.map((u) => `s3://${u.bucket}/${u.key}`);
}
