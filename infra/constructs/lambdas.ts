/**
 * The two task Lambdas the definition invokes: prepare-input (resolves the ticker list) and
 * download-ticker (one ticker, or a Distributed Map batch; it also writes a collect-bars run's
 * objects files). Each gets only the S3 prefixes and the one SSM parameter it uses.
 */
import { type Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { powertoolsEnv } from '../../contracts/lambda-env.ts';
import { COLLECT_BARS_MANIFEST_PREFIX } from '../../contracts/manifest.ts';
import { acknowledgeWildcardResource, cfnChild } from '../nag.ts';
import { DataPrefix } from './storage.ts';
import { TaskFunction } from './task-function.ts';

export type LambdasProps = {
  projectRoot: string;
  dataBucket: IBucket;
  /** SSM parameter name (SecureString) of the keyed provider's API key. */
  apiKeyParameter: string;
  logRetention: RetentionDays;
  /** Kept below the definition's Task TimeoutSeconds, so the function fails first and says why. */
  prepareTimeout: Duration;
  downloadTimeout: Duration;
  /** Downloads running at once across all executions (stack.ts derives the default). */
  downloadReservedConcurrency: number;
};

export class Lambdas extends Construct {
  readonly prepareInput: TaskFunction<'prepare-input'>;
  readonly downloadTicker: TaskFunction<'download-ticker'>;

  constructor(scope: Construct, id: string, props: LambdasProps) {
    super(scope, id);
    const { dataBucket } = props;

    this.prepareInput = new TaskFunction(this, 'PrepareInput', {
      task: 'prepare-input',
      projectRoot: props.projectRoot,
      environment: { ...powertoolsEnv('prepare-input'), DATA_BUCKET: dataBucket.bucketName },
      timeout: props.prepareTimeout,
      logRetention: props.logRetention,
      description: 'market-pipeline: resolve the run ticker list (input or universe file)',
    });
    this.prepareInput.role.addToPolicy(
      new PolicyStatement({
        sid: 'ReadUniverse',
        actions: ['s3:GetObject'],
        resources: [dataBucket.arnForObjects(`${DataPrefix.config}*`)],
      }),
    );
    this.prepareInput.role.addToPolicy(
      new PolicyStatement({
        sid: 'ListUniverses',
        // Without ListBucket a missing universe answers 403, not the 404 behind UniverseNotFoundError.
        actions: ['s3:ListBucket'],
        resources: [dataBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${DataPrefix.config}*`] } },
      }),
    );

    this.downloadTicker = new TaskFunction(this, 'DownloadTicker', {
      task: 'download-ticker',
      projectRoot: props.projectRoot,
      environment: {
        ...powertoolsEnv('download-ticker'),
        DATA_BUCKET: dataBucket.bucketName,
        ALPHAVANTAGE_API_KEY_PARAMETER: props.apiKeyParameter,
      },
      timeout: props.downloadTimeout,
      reservedConcurrentExecutions: props.downloadReservedConcurrency,
      logRetention: props.logRetention,
      description: 'market-pipeline: download one ticker (or a batch) of bars into raw/',
    });
    this.downloadTicker.role.addToPolicy(
      new PolicyStatement({
        sid: 'ReadWriteRawBars',
        // GetObject backs HeadObject (an unchanged object is not rewritten) and the If-Match
        // conditions of writes and deletes (store.ts); DeleteObject removes
        // the stale twin when a partition switches between bars.csv and bars.csv.gz.
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [dataBucket.arnForObjects(`${DataPrefix.raw}*`)],
      }),
    );
    this.downloadTicker.role.addToPolicy(
      new PolicyStatement({
        sid: 'WriteRunObjectLists',
        // A collect-bars event's objectsKey: the ticker's objects file of the run manifest
        // (manifests/collect-bars/<execution>/objects/<TICKER>.json). Write only, there only.
        actions: ['s3:PutObject'],
        resources: [dataBucket.arnForObjects(`${COLLECT_BARS_MANIFEST_PREFIX}*`)],
      }),
    );
    this.downloadTicker.role.addToPolicy(
      new PolicyStatement({
        sid: 'ListRawBars',
        // Without ListBucket, HeadObject on a missing key answers 403 instead of 404.
        actions: ['s3:ListBucket'],
        resources: [dataBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${DataPrefix.raw}*`] } },
      }),
    );
    this.downloadTicker.role.addToPolicy(
      new PolicyStatement({
        sid: 'ReadApiKeyParameter',
        // The AWS-managed aws/ssm key decrypts SecureStrings for callers allowed GetParameter.
        actions: ['ssm:GetParameter'],
        resources: [
          Stack.of(this).formatArn({
            service: 'ssm',
            resource: 'parameter',
            resourceName: props.apiKeyParameter.replace(/^\//, ''),
          }),
        ],
      }),
    );
    acknowledgeWildcardResource(
      cfnChild(this.prepareInput.role, 'DefaultPolicy', 'Resource'),
      dataBucket.arnForObjects(`${DataPrefix.config}*`),
      'Reads the universe file the run names; universe files live under config/ only',
    );
    acknowledgeWildcardResource(
      cfnChild(this.downloadTicker.role, 'DefaultPolicy', 'Resource'),
      dataBucket.arnForObjects(`${DataPrefix.raw}*`),
      'One object per interval, session date and ticker (raw/interval=/date=/ticker=/bars.csv): keys are data-dependent, so access is granted by prefix',
    );
    acknowledgeWildcardResource(
      cfnChild(this.downloadTicker.role, 'DefaultPolicy', 'Resource'),
      dataBucket.arnForObjects(`${COLLECT_BARS_MANIFEST_PREFIX}*`),
      'One objects file per collect-bars execution and ticker (manifests/collect-bars/<execution>/objects/<TICKER>.json): keys are per run, so write access is granted by prefix',
    );
  }
}
