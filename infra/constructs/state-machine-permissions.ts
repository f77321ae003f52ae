/**
 * The state machine role's permissions, written out statement by statement (the definition is
 * generated JSON, so nothing is granted implicitly). Sources:
 * - Lambda, EMR and the `.sync` EventBridge rules: "IAM policies for Amazon EMR"
 *   https://docs.aws.amazon.com/step-functions/latest/dg/emr-iam.html
 * - PassRole conditions: AWS managed policy AmazonEMRFullAccessPolicy_v2.
 * - Distributed Map: https://docs.aws.amazon.com/step-functions/latest/dg/iam-policies-eg-dist-map.html
 *   and https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { ClusterTag, EMR_MANAGED_POLICY_TAG } from '../../contracts/cluster-tags.ts';
import { DataPrefix } from './storage.ts';

/** EventBridge managed rules Step Functions creates for the EMR `.sync` integrations. */
export const EMR_SYNC_RULES = [
  'StepFunctionsGetEventForEMRRunJobFlowRule',
  'StepFunctionsGetEventForEMRAddJobFlowStepsRule',
  'StepFunctionsGetEventForEMRTerminateJobFlowsRule',
] as const;

export type PermissionsProps = {
  stateMachineName: string;
  functionArns: string[];
  serviceRoleArn: string;
  instanceRoleArn: string;
  dataBucket: IBucket;
  /** Labels of the definition's DISTRIBUTED Map states; empty for an INLINE-only definition. */
  distributedMapLabels: string[];
};

/** A wildcard resource the statements use, and why (for its cdk-nag acknowledgement). */
export type WildcardResource = { resource: string; reason: string };

export type Permissions = { statements: PolicyStatement[]; wildcards: WildcardResource[] };

export const stateMachinePermissions = (scope: Construct, props: PermissionsProps): Permissions => {
  const stack = Stack.of(scope);
  const arn = (service: string, resource: string, resourceName: string, colon = false) =>
    stack.formatArn({
      service,
      resource,
      resourceName,
      ...(colon ? { arnFormat: ArnFormat.COLON_RESOURCE_NAME } : {}),
    });
  const name = props.stateMachineName;
  const clusters = arn('elasticmapreduce', 'cluster', '*');
  const ownClusters = {
    StringEquals: { [`elasticmapreduce:ResourceTag/${ClusterTag.workflow}`]: name },
  };

  const statements = [
    new PolicyStatement({
      sid: 'InvokeTaskFunctions',
      actions: ['lambda:InvokeFunction'],
      resources: props.functionArns,
    }),
    new PolicyStatement({
      sid: 'CreateTaggedClusters',
      // RunJobFlow has no cluster ARN yet; the request must carry this workflow's tags.
      actions: ['elasticmapreduce:RunJobFlow'],
      resources: ['*'],
      conditions: {
        StringEquals: {
          [`aws:RequestTag/${EMR_MANAGED_POLICY_TAG}`]: 'true',
          [`aws:RequestTag/${ClusterTag.workflow}`]: name,
        },
      },
    }),
    new PolicyStatement({
      sid: 'ManageOwnClusters',
      actions: [
        'elasticmapreduce:DescribeCluster',
        'elasticmapreduce:TerminateJobFlows',
        'elasticmapreduce:AddJobFlowSteps',
        'elasticmapreduce:DescribeStep',
        'elasticmapreduce:CancelSteps',
      ],
      resources: [clusters],
      conditions: ownClusters,
    }),
    new PolicyStatement({
      sid: 'EmrSyncEventRules',
      actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
      resources: EMR_SYNC_RULES.map((rule) => arn('events', 'rule', rule)),
    }),
    new PolicyStatement({
      sid: 'PassEmrServiceRole',
      actions: ['iam:PassRole'],
      resources: [props.serviceRoleArn],
      conditions: { StringLike: { 'iam:PassedToService': 'elasticmapreduce.amazonaws.com*' } },
    }),
    new PolicyStatement({
      sid: 'PassEmrInstanceRole',
      actions: ['iam:PassRole'],
      resources: [props.instanceRoleArn],
      conditions: { StringLike: { 'iam:PassedToService': 'ec2.amazonaws.com*' } },
    }),
    new PolicyStatement({
      sid: 'EmrCleanupServiceLinkedRole',
      // EMR creates this role on an account's first cluster, as the caller.
      actions: ['iam:CreateServiceLinkedRole'],
      resources: [
        stack.formatArn({
          service: 'iam',
          region: '',
          resource: 'role',
          resourceName:
            'aws-service-role/elasticmapreduce.amazonaws.com/AWSServiceRoleForEMRCleanup',
        }),
      ],
      conditions: { StringEquals: { 'iam:AWSServiceName': 'elasticmapreduce.amazonaws.com' } },
    }),
  ];

  const wildcards: WildcardResource[] = [
    {
      resource: clusters,
      reason:
        'Cluster ids are generated per run; an elasticmapreduce:ResourceTag condition limits every action to clusters tagged with this workflow',
    },
  ];
  if (props.distributedMapLabels.length === 0) return { statements, wildcards };

  const labelled = props.distributedMapLabels.map((label) =>
    arn('states', 'execution', `${name}/${label}:*`, true),
  );
  const ownExecutions = arn('states', 'execution', `${name}:*`, true);
  const manifests = props.dataBucket.arnForObjects(`${DataPrefix.manifests}*`);
  const config = props.dataBucket.arnForObjects(`${DataPrefix.config}*`);
  wildcards.push(
    { resource: ownExecutions, reason: "This state machine's own executions (names are per run)" },
    ...labelled.map((resource) => ({
      resource,
      reason: "The Distributed Map's child executions of this state machine (names are per batch)",
    })),
    {
      resource: manifests,
      reason:
        'The run manifest prefix: ticker list, ResultWriter result files and manifest, keyed by execution name',
    },
    { resource: config, reason: 'The ItemReader reads the universe file under config/' },
  );
  const distributed = [
    new PolicyStatement({
      sid: 'StartOwnChildExecutions',
      actions: ['states:StartExecution'],
      resources: [arn('states', 'stateMachine', name, true)],
    }),
    new PolicyStatement({
      sid: 'ManageOwnChildExecutions',
      actions: ['states:DescribeExecution', 'states:StopExecution'],
      resources: [ownExecutions, ...labelled],
    }),
    new PolicyStatement({
      sid: 'RedriveOwnMapRuns',
      actions: ['states:RedriveExecution'],
      resources: labelled,
    }),
    new PolicyStatement({
      sid: 'ReadTickerFiles',
      // ItemReader: the universe file under config/, or the run's ticker list under manifests/.
      actions: ['s3:GetObject'],
      resources: [config, manifests],
    }),
    new PolicyStatement({
      sid: 'WriteRunManifests',
      // The ticker list, the ResultWriter's result files and manifest, read back for the counts.
      actions: [
        's3:PutObject',
        's3:GetObject',
        's3:ListMultipartUploadParts',
        's3:AbortMultipartUpload',
      ],
      resources: [manifests],
    }),
  ];
  return { statements: [...statements, ...distributed], wildcards };
};
