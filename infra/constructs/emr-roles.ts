/**
 * EMR's identities and security configuration: the service role (AmazonEMRServicePolicy_v2), the
 * EC2 instance role and profile (only the data and log prefixes a run needs), a KMS key for
 * local-disk encryption, and a security configuration with at-rest encryption and IMDSv2.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CfnSecurityConfiguration } from 'aws-cdk-lib/aws-emr';
import {
  InstanceProfile,
  ManagedPolicy,
  PolicyDocument,
  PolicyStatement,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeManagedPolicy, acknowledgeWildcardResource } from '../nag.ts';
import { DataPrefix, LogsPrefix } from './storage.ts';

/** A KMS key user's actions, spelled out (no `GenerateDataKey*` / `ReEncrypt*` families). */
const KEY_USER_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:DescribeKey',
];

export type EmrRolesProps = {
  dataBucket: IBucket;
  logsBucket: IBucket;
  /** Name prefix for the security configuration (names are account-wide per region). */
  namePrefix: string;
};

export class EmrRoles extends Construct {
  readonly serviceRole: Role;
  readonly instanceRole: Role;
  readonly instanceProfile: InstanceProfile;
  readonly securityConfiguration: CfnSecurityConfiguration;
  readonly diskKey: Key;

  constructor(scope: Construct, id: string, props: EmrRolesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { dataBucket, logsBucket } = props;

    this.diskKey = new Key(this, 'LocalDiskKey', {
      description: 'EMR local-disk (LUKS) and EBS encryption for market-pipeline clusters',
      enableKeyRotation: true,
      // It protects only the disks of clusters that no longer exist once the stack is gone; a
      // retained key would keep costing $1 a month.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });

    this.instanceRole = new Role(this, 'InstanceRole', {
      assumedBy: new ServicePrincipal('ec2.amazonaws.com'),
      description: 'EC2 instance role of market-pipeline EMR clusters',
      inlinePolicies: {
        data: new PolicyDocument({
          statements: [
            new PolicyStatement({
              sid: 'ReadInputAndCode',
              actions: ['s3:GetObject'],
              resources: [
                dataBucket.arnForObjects(`${DataPrefix.raw}*`),
                dataBucket.arnForObjects(`${DataPrefix.code}*`),
              ],
            }),
            new PolicyStatement({
              sid: 'WriteModels',
              // Spark's committer writes, reads back and deletes temporary objects under the output.
              actions: [
                's3:GetObject',
                's3:PutObject',
                's3:DeleteObject',
                's3:AbortMultipartUpload',
              ],
              resources: [dataBucket.arnForObjects(`${DataPrefix.models}*`)],
            }),
            new PolicyStatement({
              sid: 'ListDataPrefixes',
              actions: ['s3:ListBucket', 's3:GetBucketLocation'],
              resources: [dataBucket.bucketArn],
              conditions: {
                StringLike: {
                  // Hadoop's S3 clients list a path's "directory" both as `models` and `models/...`.
                  's3:prefix': [DataPrefix.raw, DataPrefix.models, DataPrefix.code].flatMap((p) => [
                    p.slice(0, -1),
                    `${p}*`,
                  ]),
                },
              },
            }),
            new PolicyStatement({
              sid: 'WriteEmrLogs',
              actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
              resources: [logsBucket.arnForObjects(`${LogsPrefix.emr}*`)],
            }),
            new PolicyStatement({
              sid: 'ListEmrLogs',
              actions: ['s3:ListBucket', 's3:GetBucketLocation'],
              resources: [logsBucket.bucketArn],
              conditions: { StringLike: { 's3:prefix': ['emr', `${LogsPrefix.emr}*`] } },
            }),
            new PolicyStatement({
              sid: 'LocalDiskEncryption',
              actions: KEY_USER_ACTIONS,
              resources: [this.diskKey.keyArn],
            }),
          ],
        }),
      },
    });
    this.instanceProfile = new InstanceProfile(this, 'InstanceProfile', {
      role: this.instanceRole,
    });
    const perRun =
      'object keys are per run (execution name, session date, ticker), so access is granted by prefix';
    for (const [resource, what] of [
      [dataBucket.arnForObjects(`${DataPrefix.raw}*`), 'the bars the training step reads'],
      [dataBucket.arnForObjects(`${DataPrefix.code}*`), 'the training script and bootstrap action'],
      [dataBucket.arnForObjects(`${DataPrefix.models}*`), 'the model and metrics Spark writes'],
      [logsBucket.arnForObjects(`${LogsPrefix.emr}*`), 'the EMR LogUri'],
    ] as const) {
      acknowledgeWildcardResource(this.instanceRole, resource, `${what}: ${perRun}`);
    }

    this.serviceRole = new Role(this, 'ServiceRole', {
      assumedBy: new ServicePrincipal('elasticmapreduce.amazonaws.com', {
        // Confused-deputy guard recommended for EMR service roles.
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({ service: 'elasticmapreduce', resource: '*' }),
          },
        },
      }),
      description: 'EMR service role of market-pipeline clusters',
      // v2 acts only on resources tagged for-use-with-amazon-emr-managed-policies=true.
      managedPolicies: [
        ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEMRServicePolicy_v2'),
      ],
      inlinePolicies: {
        passInstanceRole: new PolicyDocument({
          statements: [
            // AmazonEMRServicePolicy_v2 only passes EMR_EC2_DefaultRole; ours needs its own grant.
            new PolicyStatement({
              actions: ['iam:PassRole'],
              resources: [this.instanceRole.roleArn],
              conditions: { StringLike: { 'iam:PassedToService': 'ec2.amazonaws.com*' } },
            }),
          ],
        }),
        ebsEncryption: new PolicyDocument({
          statements: [
            // EBS encryption with a customer key: EMR creates grants for the EBS volumes.
            new PolicyStatement({
              actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
              resources: [this.diskKey.keyArn],
              conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
            }),
            new PolicyStatement({
              actions: KEY_USER_ACTIONS,
              resources: [this.diskKey.keyArn],
            }),
          ],
        }),
      },
    });

    acknowledgeManagedPolicy(
      this.serviceRole,
      'service-role/AmazonEMRServicePolicy_v2',
      'The EMR service role policy AWS maintains; v2 acts only on resources tagged for-use-with-amazon-emr-managed-policies=true, which every pipeline cluster is',
    );

    this.securityConfiguration = new CfnSecurityConfiguration(this, 'SecurityConfiguration', {
      name: `${props.namePrefix}-emr`,
      // https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-create-security-configuration.html
      securityConfiguration: {
        EncryptionConfiguration: {
          EnableInTransitEncryption: false,
          EnableAtRestEncryption: true,
          AtRestEncryptionConfiguration: {
            S3EncryptionConfiguration: { EncryptionMode: 'SSE-S3' },
            LocalDiskEncryptionConfiguration: {
              EncryptionKeyProviderType: 'AwsKms',
              AwsKmsKey: this.diskKey.keyArn,
              EnableEbsEncryption: true,
            },
          },
        },
        // IMDSv2 only: instance credentials cannot be read through an SSRF-style GET.
        InstanceMetadataServiceConfiguration: {
          MinimumInstanceMetadataServiceVersion: 2,
          HttpPutResponseHopLimit: 1,
        },
      },
    });
  }
}
