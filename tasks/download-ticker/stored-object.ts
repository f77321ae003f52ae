/**
 * A stored session object as the store reads it (HeadObject), and the conditional requests that
 * keep one object per session when writers race (store.ts): which of two encodings stays
 * (`winner`), and a delete that removes only the version judged.
 * Conditional deletes: https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-deletes.html
 */
import { DeleteObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export type Existing = {
  key: string;
  sha256: string | undefined;
  rows: number;
  bytes: number;
  /** The ETag, without quotes: what a conditional request names. */
  etag: string | undefined;
  /** Metadata `replaces`: the ETag of the other encoding's object its writer replaced. */
  replaces: string | undefined;
};

/**
 * Which of the two encodings of a session stays, decided from the objects alone so that every
 * writer that looks decides the same: the one whose writer saw and replaced the other (it already
 * applied the fewer-rows rule); else, when neither writer saw the other (stale listings), the one
 * with more rows; on a tie, the `.gz` one.
 */
export function winner<T extends Pick<Existing, 'key' | 'rows' | 'etag' | 'replaces'>>(
  a: T,
  b: T,
): T {
  const aReplacedB = a.replaces !== undefined && a.replaces === b.etag;
  const bReplacedA = b.replaces !== undefined && b.replaces === a.etag;
  if (aReplacedB !== bReplacedA) return aReplacedB ? a : b;
  if (a.rows !== b.rows) return a.rows > b.rows ? a : b;
  return a.key.endsWith('.gz') ? a : b;
}

/** Deletes `object` only if it is still the version judged; gone already is as good. */
export async function deleteIfUnchanged(
  s3: S3Client,
  bucket: string,
  object: Existing,
): Promise<void> {
  try {
    await s3.send(
      new DeleteObjectCommand({
        Bucket: bucket,
        Key: object.key,
        ...(object.etag ? { IfMatch: `"${object.etag}"` } : {}),
      }),
    );
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
}

const statusOf = (error: unknown): number | undefined =>
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/**
 * Someone else wrote first: 412 (the precondition failed), 409 (a concurrent conditional request,
 * ConditionalRequestConflict), or 404 (the object an `If-Match` named is gone).
 */
export const isConflict = (error: unknown): boolean =>
  [404, 409, 412].includes(statusOf(error) ?? 0);

export const bare = (etag: string | undefined): string | undefined => etag?.replaceAll('"', '');

/** The object at `key`, or undefined when there is none. */
export async function head(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<Existing | undefined> {
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
      etag: bare(res.ETag),
      replaces: res.Metadata?.replaces,
    };
  } catch (error) {
    // HeadObject has no body, so a missing key is a bare 404 (NotFound). Without
    // s3:ListBucket S3 answers 403 instead; that is a permissions error and is thrown.
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}
