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
 * `replaceWithFewerRows` (a provider that returns a partial session must not erase a full one).
 * When the encoding flips (.csv <-> .csv.gz) the other object is deleted after the new one is
 * written, so Spark never reads a session twice for long; concurrent writers with stale listings
 * settle on one object (storeBars, stored-object.ts).
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Interval, ObjectResult, ProviderName } from '../../contracts/download.ts';
import { type Bar, formatTs, type NormaliseCounts, toCsv } from './normalise.ts';
import {
  bare,
  deleteIfUnchanged,
  type Existing,
  head,
  isConflict,
  winner,
} from './stored-object.ts';

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

/** Rounds of read, decide and conditional write before a conflict is given up on (thrown). */
const MAX_ATTEMPTS = 4;

/**
 * Stores one session. `listing` (keys under the object's date partition, taken before this
 * invocation wrote anything) saves a request per object; without it the object's own prefix is
 * listed.
 *
 * A listing can be stale: another writer (a concurrent run, a redrive) may have written the same
 * session since. So every write is conditional (`If-None-Match: *` for a key believed absent,
 * `If-Match: <ETag>` for the object it replaces) and, after writing, the other encoding's key is
 * read again: if both `bars.csv` and `bars.csv.gz` exist, `winner` picks one and the other is
 * deleted with `If-Match` on the ETag judged, so two writers never delete each other's pick. A
 * failed precondition means someone else wrote first: the session is read again (the listing no
 * longer trusted) and decided anew.
 * Conditional writes: https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
 * Conditional deletes: https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-deletes.html
 */
export async function storeBars(
  s3: S3Client,
  request: StoreRequest,
  listing?: Listing,
): Promise<StoreOutcome> {
  const csvKey = objectKey(request.interval, request.date, request.ticker);
  const present = listing ?? (await listKeys(s3, request.bucket, csvKey));
  const keys = [`${csvKey}.gz`, csvKey];
  if (request.bars.length === 0) {
    return keepStored(
      s3,
      request.bucket,
      csvKey,
      keys.filter((k) => present.has(k)),
    );
  }
  const encoded = encodeBody(csvKey, toCsv(request.bars));
  let trusted = true;
  for (let attempt = 1; ; attempt++) {
    try {
      return await storeOnce(
        s3,
        request,
        encoded,
        trusted ? keys.filter((k) => present.has(k)) : keys,
      );
    } catch (error) {
      if (!isConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
      trusted = false;
    }
  }
}

/** No bars: nothing to write. Stored bars, if any, stay: they are reported, not replaced. */
async function keepStored(
  s3: S3Client,
  bucket: string,
  csvKey: string,
  storedKeys: string[],
): Promise<StoreOutcome> {
  for (const key of storedKeys) {
    const kept = await head(s3, bucket, key);
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

/** The other encoding's key of a session: `bars.csv` for `bars.csv.gz` and back. */
const twinKey = (key: string): string => (key.endsWith('.gz') ? key.slice(0, -3) : `${key}.gz`);

/** One round: read what `storedKeys` hold, decide, write conditionally, settle the other key. */
async function storeOnce(
  s3: S3Client,
  request: StoreRequest,
  encoded: Encoded,
  storedKeys: string[],
): Promise<StoreOutcome> {
  const { bucket } = request;
  const stored = (await Promise.all(storedKeys.map((k) => head(s3, bucket, k)))).filter(
    (e): e is Existing => e !== undefined,
  );
  const fuller = stored.reduce<Existing | undefined>(
    (best, e) => (e.rows > request.bars.length && (!best || e.rows > best.rows) ? e : best),
    undefined,
  );
  if (fuller && request.replaceWithFewerRows !== true) return kept(fuller, request.bars.length);
  const existing = stored.find((e) => e.key === encoded.key);
  const seenTwin = stored.find((e) => e.key !== encoded.key);
  const same = existing?.sha256 === encoded.sha256;
  let ours: Existing;
  if (same) {
    ours = existing as Existing;
  } else {
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: encoded.key,
        Body: encoded.body,
        ContentLength: encoded.body.length,
        ContentType: encoded.contentType,
        ChecksumSHA256: encoded.sha256,
        Metadata: metadata(request, encoded.sha256, seenTwin?.etag),
        // Replace exactly the object judged above, or create only if there is none.
        ...(existing?.etag ? { IfMatch: `"${existing.etag}"` } : { IfNoneMatch: '*' }),
      }),
    );
    ours = {
      key: encoded.key,
      sha256: encoded.sha256,
      rows: request.bars.length,
      bytes: encoded.body.length,
      etag: bare(put.ETag),
      replaces: seenTwin?.etag,
    };
  }
  // Unwritten, only a twin already seen is settled here: a writer that creates one later reads
  // this object after its own write and settles the pair itself.
  const twin = same ? seenTwin : await head(s3, bucket, twinKey(encoded.key));
  const outcome: StoreOutcome = {
    status: 'ok',
    rows: request.bars.length,
    key: encoded.key,
    bytes: encoded.body.length,
    sha256: encoded.sha256,
  };
  if (same) outcome.unchanged = true;
  if (!twin) return outcome;
  const keep = winner(ours, twin);
  const drop = keep === ours ? twin : ours;
  await deleteIfUnchanged(s3, bucket, drop);
  return keep === ours ? outcome : kept(twin, request.bars.length);
}

/** The stored object, kept instead of the download: what a stored fuller or winning twin reports. */
function kept(stored: Existing, offered: number): StoreOutcome {
  const outcome: StoreOutcome = {
    status: 'ok',
    rows: stored.rows,
    key: stored.key,
    bytes: stored.bytes,
    sha256: stored.sha256 ?? '',
    unchanged: true,
  };
  if (stored.rows > offered) outcome.keptRows = { offered };
  return outcome;
}

/**
 * User metadata (S3 lower-cases the names). `sha256` repeats the checksum because s3rver does not
 * return ChecksumSHA256 on HeadObject; real S3 does, and either serves the idempotency check.
 */
function metadata(
  request: StoreRequest,
  digest: string,
  replaces: string | undefined,
): Record<string, string> {
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
  if (replaces !== undefined) meta.replaces = replaces;
  return meta;
}
