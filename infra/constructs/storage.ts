/**
 * The data bucket (raw/, models/, config/, manifests/, code/) and the logs bucket (EMR LogUri
 * under emr/, S3 server access logs under s3-access/, VPC flow logs under vpc-flow-logs/), plus
 * the deployments that upload the training code and the default universe.
 */
import { resolve } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { TRAINING_CODE_EXCLUDE } from '../../contracts/training-code.ts';
import {
  acknowledge,
  acknowledgeAuthoredElsewhere,
  acknowledgeManagedPolicy,
  cfnChild,
} from '../nag.ts';

/** Key prefixes (docs/architecture.md "Data layout"). Every IAM grant is written against these. */
export const DataPrefix = {
  raw: 'raw/',
  models: 'models/',
  config: 'config/',
  manifests: 'manifests/',
  code: 'code/train/',
} as const;

export const LogsPrefix = {
  emr: 'emr/',
  s3Access: 's3-access/',
  vpcFlow: 'vpc-flow-logs/',
} as const;

export type StorageProps = {
  /** Absolute path of the repository root (asset paths resolve against it). */
  projectRoot: string;
  /** Contents of the universe CSV, already checked. */
  universeCsv: string;
  /** Where the definition reads it, e.g. config/universe.csv. */
  universeKey: string;
  /** Noncurrent object versions in the data bucket are kept this long. @default 30 */
  noncurrentVersionDays?: number;
  /** Objects in the logs bucket expire after this many days. @default 90 */
  logExpirationDays?: number;
};

export class Storage extends Construct {
  readonly dataBucket: IBucket;
  readonly logsBucket: IBucket;
  /** The training-code deployment; clusters must not start before it has run. */
  readonly codeDeployment: BucketDeployment;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);

    const logsBucket = new Bucket(this, 'LogsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // S3 server access logging can only deliver to SSE-S3 buckets.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        { expiration: Duration.days(props.logExpirationDays ?? 90) },
        { abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
      // Logs outlive the stack: `cdk destroy` keeps them for the post-mortem.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.logsBucket = asIBucket(logsBucket);

    const dataBucket = new Bucket(this, 'DataBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: LogsPrefix.s3Access,
      lifecycleRules: [
        // Versioning protects against overwrites; old versions are kept only this long.
        { noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays ?? 30) },
        { abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
      // Market data and models are the product: never deleted with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.dataBucket = asIBucket(dataBucket);

    this.codeDeployment = new BucketDeployment(this, 'TrainingCode', {
      sources: [
        Source.asset(resolve(props.projectRoot, 'tasks/train'), {
          exclude: [...TRAINING_CODE_EXCLUDE],
        }),
      ],
      destinationBucket: this.dataBucket,
      destinationKeyPrefix: DataPrefix.code,
      // Stale scripts under code/train/ are removed: the cluster runs exactly what is in the repo.
      prune: true,
    });

    const slash = props.universeKey.lastIndexOf('/');
    new BucketDeployment(this, 'Universe', {
      sources: [Source.data(props.universeKey.slice(slash + 1), props.universeCsv)],
      destinationBucket: this.dataBucket,
      destinationKeyPrefix: props.universeKey.slice(0, slash + 1),
      // Other files a user uploads under config/ are left alone.
      prune: false,
    });
    acknowledgeDeploymentHandler(this);
  }
}

/**
 * BucketDeployment runs one aws-cdk-lib handler per stack (a singleton at the stack root). Its
 * runtime and role are authored by aws-cdk-lib, not here.
 */
const acknowledgeDeploymentHandler = (scope: Construct): void => {
  const handler = Stack.of(scope).node.children.find((c) =>
    c.node.id.startsWith('Custom::CDKBucketDeployment'),
  );
  if (!handler) throw new Error('cdk-nag acknowledgement: BucketDeployment handler not found');
  acknowledgeManagedPolicy(
    cfnChild(handler, 'ServiceRole', 'Resource'),
    'service-role/AWSLambdaBasicExecutionRole',
    'aws-cdk-lib BucketDeployment handler: logging policy attached by aws-cdk-lib; the handler runs only during deployments',
  );
  acknowledgeAuthoredElsewhere(
    cfnChild(handler, 'ServiceRole', 'DefaultPolicy', 'Resource'),
    'aws-cdk-lib BucketDeployment handler: reads the CDK asset bucket and syncs into the data bucket prefixes it deploys (code/train/, config/); grants written by aws-cdk-lib',
  );
  acknowledge(
    cfnChild(handler, 'Resource'),
    'L1',
    'aws-cdk-lib BucketDeployment handler: its Python runtime is pinned by aws-cdk-lib 2.276',
  );
};

/**
 * The same object, typed as the interface. Under `exactOptionalPropertyTypes` the `Bucket` class
 * (isWebsite: `boolean | undefined`) is not assignable to `IBucket` (isWebsite?: boolean), though
 * aws-cdk-lib passes one for the other everywhere.
 */
const asIBucket = (bucket: Bucket): IBucket => bucket as IBucket;
