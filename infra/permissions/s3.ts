/**
 * S3 calls (aws-sdk:s3 Tasks, a Distributed Map's ItemReader and ResultWriter) on the keys the
 * definition can reach (infra/s3-keys.ts). Collected over the whole definition, then written as
 * one statement per object action and one listing statement per bucket.
 * ResultWriter: https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
 */
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { expressionText } from '../../asl/expression.ts';
import type { FieldValue, Integration } from '../integrations.ts';
import { ANY_KEY, isRunTimeKey, keyPatterns } from '../s3-keys.ts';
import { type Grants, resolvePlaceholder } from './grants.ts';

/** IAM actions per S3 call, and whether they act on objects or on the bucket. */
const S3_ACTIONS: Record<string, { actions: string[]; on: 'objects' | 'bucket' }> = {
  getObject: { actions: ['s3:GetObject'], on: 'objects' },
  headObject: { actions: ['s3:GetObject'], on: 'objects' },
  putObject: { actions: ['s3:PutObject'], on: 'objects' },
  deleteObject: { actions: ['s3:DeleteObject'], on: 'objects' },
  listObjectsV2: { actions: ['s3:ListBucket'], on: 'bucket' },
};

/** A ResultWriter writes multipart result files and reads them back. */
const RESULT_WRITER = {
  actions: [
    's3:PutObject',
    's3:GetObject',
    's3:ListMultipartUploadParts',
    's3:AbortMultipartUpload',
  ],
  on: 'objects' as const,
};

type S3Use = Extract<Integration, { kind: 's3' }>;

export class S3Grants {
  /** S3 action -> object ARNs. */
  private readonly objects = new Map<string, Set<string>>();
  /** Object ARN with a wildcard -> its pattern and what needs it. */
  private readonly wildcards = new Map<string, { pattern: string; uses: string[] }>();
  /** Bucket ARN -> listed prefixes. */
  private readonly listings = new Map<string, Set<string>>();

  constructor(private readonly grants: Grants) {}

  add(use: S3Use) {
    const { props } = this.grants;
    const mapping = use.source === 'ResultWriter' ? RESULT_WRITER : S3_ACTIONS[use.action];
    if (mapping === undefined) {
      throw new Error(
        `State '${use.state}': aws-sdk:s3:${use.action} has no IAM mapping in infra/permissions/s3.ts (mapped: ${Object.keys(S3_ACTIONS).join(', ')})`,
      );
    }
    const bucket = bucketOf(use.state, use.bucket, props.buckets, props.dataBucket);
    const prefix = use.keyField === 'Prefix';
    const patterns = keyPatterns(props.definition, use.key, prefix);
    if (mapping.on === 'bucket') {
      const listed = this.listings.get(bucket.bucketArn) ?? new Set<string>();
      for (const p of patterns) listed.add(p);
      this.listings.set(bucket.bucketArn, listed);
      return;
    }
    const caller = use.source === 'Task' ? `aws-sdk:s3:${use.action}` : use.source;
    const learned = isRunTimeKey(props.definition, use.key, prefix) ? ', learned at run time' : '';
    const what = `${caller} in state '${use.state}' (${use.keyField} ${describe(use.key)}${learned})`;
    for (const pattern of patterns) {
      const resource = bucket.arnForObjects(pattern);
      for (const action of mapping.actions) {
        this.objects.set(action, (this.objects.get(action) ?? new Set<string>()).add(resource));
      }
      if (!pattern.includes('*')) continue;
      const entry = this.wildcards.get(resource) ?? { pattern, uses: [] };
      entry.uses.push(what);
      this.wildcards.set(resource, entry);
    }
  }

  /** Writes the collected statements and wildcard reasons into the role's grants. */
  flush() {
    for (const [action, resources] of this.objects) {
      this.grants.add(action.replace(/^s3:/, 'S3'), [action], [...resources]);
    }
    for (const [resource, { pattern, uses }] of this.wildcards) {
      this.grants.wildcard(
        resource,
        pattern === ANY_KEY
          ? `Object keys only known at run time, so no narrower key can be derived (this stack's bucket only): ${uses.join('; ')}`
          : `Keys under ${pattern.slice(0, -1)}, the rest per run (run-time keys: the definition's ResultWriter or listing prefixes): ${uses.join('; ')}`,
      );
    }
    const buckets = [...this.listings.keys()];
    for (const [bucketArn, prefixes] of this.listings) {
      const conditions = prefixes.has(ANY_KEY)
        ? undefined
        : { StringLike: { 's3:prefix': [...prefixes] } };
      const sid = `S3ListBucket${buckets.length > 1 ? buckets.indexOf(bucketArn) : ''}`;
      this.grants.add(sid, ['s3:ListBucket'], [bucketArn], conditions);
    }
  }
}

/** `${DataBucket}` -> that bucket; a run-time value -> the data bucket; a literal name fails. */
const bucketOf = (
  state: string,
  value: FieldValue,
  buckets: Readonly<Record<string, IBucket>>,
  dataBucket: IBucket,
): IBucket => {
  const runTime =
    (typeof value === 'string' && expressionText(value) !== undefined) ||
    (typeof value === 'object' && value !== null);
  if (runTime) return dataBucket;
  return resolvePlaceholder(state, 'Bucket', value, buckets, 'a bucket of this stack');
};

const describe = (value: FieldValue): string =>
  typeof value === 'string' ? value : JSON.stringify(value);
