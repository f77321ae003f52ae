/**
 * The teardown safety net's Lambda (tasks/reap-clusters/) and its hourly sweep, for one state
 * machine that creates clusters: the handler knows one state machine (WORKFLOW_NAME and
 * STATE_MACHINE_ARN, contracts/reaper.ts), so the stack adds one Reaper per such workflow. The
 * alerts construct also routes that machine's FAILED/TIMED_OUT/ABORTED execution events to it, and
 * alarms on its errors and on its UnprovenClusters metric (tagged clusters it would not terminate).
 */
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ClusterTag } from '../../contracts/cluster-tags.ts';
import { powertoolsEnv } from '../../contracts/lambda-env.ts';
import type { SweepEvent } from '../../contracts/reaper.ts';
import { acknowledgeWildcardResource, cfnChild } from '../nag.ts';
import { TaskFunction } from './task-function.ts';

export type ReaperProps = {
  /** Starts the descriptions: `market-pipeline` (the pipeline), `market-pipeline <workflow>`. */
  label: string;
  projectRoot: string;
  stateMachineName: string;
  stateMachineArn: string;
  maxClusterAgeMinutes: number;
  /** The stack's EMR service role and instance profile names: the reaper's ownership proof. */
  emrServiceRole: string;
  emrInstanceProfile: string;
  logRetention: RetentionDays;
};

export class Reaper extends Construct {
  readonly task: TaskFunction<'reap-clusters'>;
  readonly sweepRule: Rule;

  constructor(scope: Construct, id: string, props: ReaperProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.task = new TaskFunction(this, 'ReapClusters', {
      task: 'reap-clusters',
      projectRoot: props.projectRoot,
      environment: {
        ...powertoolsEnv('reap-clusters'),
        WORKFLOW_NAME: props.stateMachineName,
        STATE_MACHINE_ARN: props.stateMachineArn,
        MAX_CLUSTER_AGE_MINUTES: String(props.maxClusterAgeMinutes),
        EMR_SERVICE_ROLE: props.emrServiceRole,
        EMR_INSTANCE_PROFILE: props.emrInstanceProfile,
      },
      // Retries with backoff on throttling can take a while; a sweep is never urgent.
      timeout: Duration.minutes(5),
      logRetention: props.logRetention,
      description: `${props.label}: terminate EMR clusters left by ended executions`,
      starResourceReason:
        'elasticmapreduce:ListClusters has no resource-level permissions; X-Ray tracing (PutTraceSegments, PutTelemetryRecords) neither',
    });

    const clusters = stack.formatArn({
      service: 'elasticmapreduce',
      resource: 'cluster',
      resourceName: '*',
    });
    const role = this.task.role;
    const ownExecutions = stack.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${props.stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    role.addToPolicy(
      new PolicyStatement({
        sid: 'ListClusters',
        // ListClusters has no resource-level permissions.
        actions: ['elasticmapreduce:ListClusters'],
        resources: ['*'],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        sid: 'ReadClusterTags',
        // Any cluster may need describing to learn whether it carries this workflow's tag; the
        // same call reports its service role and instance profile (the ownership proof).
        actions: ['elasticmapreduce:DescribeCluster'],
        resources: [clusters],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        sid: 'TerminateOwnClustersOnly',
        actions: ['elasticmapreduce:TerminateJobFlows'],
        resources: [clusters],
        // IAM enforces the tag half of what the code checks: only clusters tagged with this
        // workflow. No EMR condition key names a cluster's roles, so the rest of the ownership
        // proof (roles, execution) is the code's; docs/deploy.md shows how to keep other
        // principals from setting the tag.
        conditions: {
          StringEquals: {
            [`elasticmapreduce:ResourceTag/${ClusterTag.workflow}`]: props.stateMachineName,
          },
        },
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        sid: 'ReadOwnExecutions',
        // The sweep's lookups and the ownership proof: only this state machine's executions.
        actions: ['states:DescribeExecution'],
        resources: [ownExecutions],
      }),
    );

    const policy = cfnChild(role, 'DefaultPolicy', 'Resource');
    acknowledgeWildcardResource(
      policy,
      clusters,
      'DescribeCluster must read any cluster to learn its tags; TerminateJobFlows is limited by an elasticmapreduce:ResourceTag condition to this workflow',
    );
    acknowledgeWildcardResource(
      policy,
      ownExecutions,
      "DescribeExecution on this state machine's executions only; their names are generated per run",
    );

    const sweep: SweepEvent = { action: 'sweep' };
    this.sweepRule = new Rule(this, 'HourlySweep', {
      description: `${props.label}: hourly sweep for orphaned or over-age EMR clusters`,
      schedule: Schedule.rate(Duration.hours(1)),
      targets: [
        new LambdaFunction(this.task.fn, {
          event: RuleTargetInput.fromObject(sweep),
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
        }),
      ],
    });
  }
}
