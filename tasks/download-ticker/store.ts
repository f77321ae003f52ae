/**
 * Writes one session's bars to the data bucket, losslessly and idempotently.
 *
 * Layout: `raw/interval=<i>/date=<YYYY-MM-DD>/ticker=<T>/bars.csv`, or `bars.csv.gz` when gzip
 * makes the body at least 10% smaller (never for a body under 1 KiB). A `.gz` name rather than
 * `Content-Encoding: gzip`, because Spark (Hadoop's codec factory) picks the decompressor from the
 * file name and ignores Content-Encoding. Hive-style `key=value` folders become Spark partition
 * columns (`interval`, `date`, `ticker`).
 *
 * Rules: the whole body is built first and sent in one PutObject (never a partial object), with a
 * SHA-256 checksum S3 verifies. An existing object with the same SHA-256 is left alone. No bars
 * never replaces stored bars, and fewer bars never replace more unless the request says
 * `replaceWithFewerRows` (a provider that returns a partial session must not erase a full one). When the encoding flips (.csv <-> .csv.gz) the other object is
 * deleted after the new one is written, so Spark never reads a session twice for long.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import {
  DeleteObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Interval, ObjectResult, ProviderName } from '../../contracts/download.ts';
import { type Bar, formatTs, type NormaliseCounts, toCsv } from './normalise.ts';

const GZIP_MIN_BYTES = 1024;
const GZIP_MAX_RATIO = 0.9;

export type StoreRequest = {
  bucket: string;
  ticker: string;
  date: string;
  interval: Interval;
  provider: ProviderName;
  synthetic: boolean;
  bars: readonly Bar[];
  counts: NormaliseCounts;
  /** @default false */
  replaceWithFewerRows?: boolean;
};

export function objectKey(interval: Interval, date: string, ticker: string): string {
  return `raw/interval=${interval}/date=${date}/ticker=${ticker}/bars.csv`;
}

export type Encoded = { key: string; body: Buffer; contentType: string; sha256: string };

/** The stored form of a CSV body: gzip only when it pays (see the module comment). */
export function encodeBody(csvKey: string, csv: string): Encoded {
  const plain = Buffer.from(csv, 'utf8');
  if (plain.length >= GZIP_MIN_BYTES) {
    const gz = gzipSync(plain);
    if (gz.length <= plain.length * GZIP_MAX_RATIO) {
      return { key: `${csvKey}.gz`, body: gz, contentType: 'application/gzip', sha256: sha256(gz) };
    }
  }
  return {
    key: csvKey,
    body: plain,
    contentType: 'text/csv; charset=utf-8',
    sha256: sha256(plain),
  };
}

/** Base64 SHA-256, the form S3's ChecksumSHA256 uses. */
export function sha256(body: Buffer): string {
  return createHash('sha256').update(body).digest('base64');
}

type Existing = { key: string; sha256: string | undefined; rows: number; bytes: number };

/** Keys present under a prefix, with their sizes. */
export type Listing = Map<string, number>;

/**
 * Lists the keys under `prefix`. A batch lists each date partition once, up front, instead of
 * asking about every ticker's objects one by one: a first run then costs one PutObject per
 * object and nothing else.
 */
export async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<Listing> {
  const listing: Listing = new Map();
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) if (o.Key) listing.set(o.Key, o.Size ?? 0);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return listing;
}

export type StoreOutcome = Omit<ObjectResult, 'date'>;

/**
 * Stores one session. `listing` (keys under the object's date partition, taken before this
 * invocation wrote anything) saves a request per object; without it the object's own prefix is
 * listed.
 */
export async function storeBars(
  s3: S3Client,
  request: StoreRequest,
  listing?: Listing,
): Promise<StoreOutcome> {
  const csvKey = objectKey(request.interval, request.date, request.ticker);
  const present = listing ?? (await listKeys(s3, request.bucket, csvKey));
  // Both forms exist only when a rerun that flipped the encoding stopped between its PutObject
  // and its DeleteObject; the next run removes the stale one.
  const storedKeys = [`${csvKey}.gz`, csvKey].filter((k) => present.has(k));

  if (request.bars.length === 0) {
    // Nothing to write. Stored bars, if any, stay: they are reported, not replaced.
    for (const key of storedKeys) {
      const kept = await head(s3, request.bucket, key);
      if (kept && kept.rows > 0) {
        return {
          status: 'empty',
          rows: 0,
          key: kept.key,
          bytes: kept.bytes,
          sha256: kept.sha256 ?? '',
          unchanged: true,
        };
      }
    }
    return { status: 'empty', rows: 0, key: csvKey, bytes: 0, sha256: '' };
  }

  const encoded = encodeBody(csvKey, toCsv(request.bars));
  const stored = (await Promise.all(storedKeys.map((k) => head(s3, request.bucket, k)))).filter(
    (e): e is Existing => e !== undefined,
  );
  const fuller = stored.reduce<Existing | undefined>(
    (best, e) => (e.rows > request.bars.length && (!best || e.rows > best.rows) ? e : best),
    undefined,
  );
  if (fuller && request.replaceWithFewerRows !== true) {
    return {
      status: 'ok',
      rows: fuller.rows,
      key: fuller.key,
      bytes: fuller.bytes,
      sha256: fuller.sha256 ?? '',
      unchanged: true,
      keptRows: { offered: request.bars.length },
    };
  }
  const existing = stored.find((e) => e.key === encoded.key);
  const same = existing?.sha256 === encoded.sha256;
  if (!same) {
    await s3.send(
      new PutObjectCommand({
        Bucket: request.bucket,
        Key: encoded.key,
        Body: encoded.body,
        ContentLength: encoded.body.length,
        ContentType: encoded.contentType,
        ChecksumSHA256: encoded.sha256,
        Metadata: metadata(request, encoded.sha256),
      }),
    );
  }
  for (const stale of storedKeys.filter((k) => k !== encoded.key)) {
    await s3.send(new DeleteObjectCommand({ Bucket: request.bucket, Key: stale }));
  }
  const outcome: StoreOutcome = {
    status: 'ok',
    rows: request.bars.length,
    key: encoded.key,
    bytes: encoded.body.length,
    sha256: encoded.sha256,
  };
  if (same) outcome.unchanged = true;
  return outcome;
}

/**
 * User metadata (S3 lower-cases the names). `sha256` repeats the checksum because s3rver does not
 * return ChecksumSHA256 on HeadObject; real S3 does, and either serves the idempotency check.
 */
function metadata(request: StoreRequest, digest: string): Record<string, string> {
  const first = request.bars[0] as Bar;
  const last = request.bars.at(-1) as Bar;
  const { counts } = request;
  const meta: Record<string, string> = {
    provider: request.provider,
    rows: String(request.bars.length),
    'first-ts': formatTs(first.ts),
    'last-ts': formatTs(last.ts),
    sha256: digest,
    dropped: String(counts.input - counts.output),
    repaired: String(counts.reordered + counts.lowRepaired + counts.highRepaired),
  };
  if (request.synthetic) meta.synthetic = 'true';
  return meta;
}

async function head(s3: S3Client, bucket: string, key: string): Promise<Existing | undefined> {
  try {
    const res = await s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }),
    );
    const rows = Number(res.Metadata?.rows);
    return {
      key,
      sha256: res.ChecksumSHA256 ?? res.Metadata?.sha256,
      // An object without our metadata is someone else's: count it as holding data.
      rows: Number.isFinite(rows) ? rows : 1,
      bytes: res.ContentLength ?? 0,
    };
  } catch (error) {
    // HeadObject has no body, so a missing key is a bare 404 (NotFound). Without
    // s3:ListBucket S3 answers 403 instead; that is a permissions error and is thrown.
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) {
      return undefined;
    }
    throw error;
  }
}
