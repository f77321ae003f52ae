/**
 * The optimized EMR integrations, per operation, on clusters tagged with this workflow only:
 * "IAM policies for Amazon EMR" https://docs.aws.amazon.com/step-functions/latest/dg/emr-iam.html
 * (PassRole conditions as in the AWS managed policy AmazonEMRFullAccessPolicy_v2).
 */
import { Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ClusterTag, EMR_MANAGED_POLICY_TAG } from '../../contracts/cluster-tags.ts';
import type { EmrOperation, Integration } from '../integrations.ts';
import type { Grants } from './grants.ts';

/** EventBridge managed rules Step Functions creates for the EMR `.sync` integrations. */
export const EMR_SYNC_RULES = [
  'StepFunctionsGetEventForEMRRunJobFlowRule',
  'StepFunctionsGetEventForEMRAddJobFlowStepsRule',
  'StepFunctionsGetEventForEMRTerminateJobFlowsRule',
] as const;

/** Per operation: the cluster actions it needs and, for `.sync`, more and the rule it polls. */
const EMR_ACTIONS: Record<
  EmrOperation,
  { actions: string[]; syncActions: string[]; rule?: (typeof EMR_SYNC_RULES)[number] }
> = {
  // RunJobFlow has no cluster ARN yet: it is granted apart, with request-tag conditions.
  createCluster: {
    actions: [],
    syncActions: ['elasticmapreduce:DescribeCluster', 'elasticmapreduce:TerminateJobFlows'],
    rule: 'StepFunctionsGetEventForEMRRunJobFlowRule',
  },
  addStep: {
    actions: [
      'elasticmapreduce:AddJobFlowSteps',
      'elasticmapreduce:DescribeStep',
      'elasticmapreduce:CancelSteps',
    ],
    syncActions: [],
    rule: 'StepFunctionsGetEventForEMRAddJobFlowStepsRule',
  },
  terminateCluster: {
    actions: ['elasticmapreduce:TerminateJobFlows'],
    syncActions: ['elasticmapreduce:DescribeCluster'],
    rule: 'StepFunctionsGetEventForEMRTerminateJobFlowsRule',
  },
  cancelStep: { actions: ['elasticmapreduce:CancelSteps'], syncActions: [] },
};

export const grantEmr = (
  scope: Construct,
  use: Extract<Integration, { kind: 'emr' }>,
  grants: Grants,
) => {
  const name = grants.props.stateMachineName;
  const { actions, syncActions, rule } = EMR_ACTIONS[use.operation];
  const clusterActions = [...actions, ...(use.sync ? syncActions : [])];
  const creates = use.operation === 'createCluster';
  if (creates) grantRunJobFlow(grants);
  if (clusterActions.length > 0) {
    const clusters = grants.arn('elasticmapreduce', 'cluster', '*');
    grants.add('ManageOwnClusters', clusterActions, [clusters], {
      StringEquals: { [`elasticmapreduce:ResourceTag/${ClusterTag.workflow}`]: name },
    });
    grants.wildcard(
      clusters,
      'Cluster ids are generated per run; an elasticmapreduce:ResourceTag condition limits every action to clusters tagged with this workflow',
    );
  }
  if (use.sync && rule !== undefined) {
    grants.add(
      'EmrSyncEventRules',
      ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
      [grants.arn('events', 'rule', rule)],
    );
  }
  if (creates) grantClusterRoles(scope, grants);
};

/** RunJobFlow has no cluster ARN yet: the request must carry this workflow's tags. */
const grantRunJobFlow = (grants: Grants) => {
  grants.add('CreateTaggedClusters', ['elasticmapreduce:RunJobFlow'], ['*'], {
    StringEquals: {
      [`aws:RequestTag/${EMR_MANAGED_POLICY_TAG}`]: 'true',
      [`aws:RequestTag/${ClusterTag.workflow}`]: grants.props.stateMachineName,
    },
  });
  const reason =
    'elasticmapreduce:RunJobFlow (limited instead by aws:RequestTag conditions to clusters tagged with this workflow)';
  if (!grants.starReasons.includes(reason)) grants.starReasons.push(reason);
};

/** A new cluster runs as the two EMR roles; EMR creates its cleanup role on an account's first. */
const grantClusterRoles = (scope: Construct, grants: Grants) => {
  const { props } = grants;
  grants.add('PassEmrServiceRole', ['iam:PassRole'], [props.serviceRoleArn], {
    StringLike: { 'iam:PassedToService': 'elasticmapreduce.amazonaws.com*' },
  });
  grants.add('PassEmrInstanceRole', ['iam:PassRole'], [props.instanceRoleArn], {
    StringLike: { 'iam:PassedToService': 'ec2.amazonaws.com*' },
  });
  // Created as the caller.
  grants.add(
    'EmrCleanupServiceLinkedRole',
    ['iam:CreateServiceLinkedRole'],
    [
      Stack.of(scope).formatArn({
        service: 'iam',
        region: '',
        resource: 'role',
        resourceName: 'aws-service-role/elasticmapreduce.amazonaws.com/AWSServiceRoleForEMRCleanup',
      }),
    ],
    { StringEquals: { 'iam:AWSServiceName': 'elasticmapreduce.amazonaws.com' } },
  );
};
