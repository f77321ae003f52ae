/**
 * Alerts and the event half of the teardown safety net: an execution that ends FAILED, TIMED_OUT
 * or ABORTED is announced on an SNS topic (optional email subscription) and handed to the reaper,
 * which terminates the clusters tagged with that execution. CloudWatch alarms on the state
 * machine's ExecutionsFailed metric and on reaper errors publish to the same topic.
 */
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { EventField, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SnsTopic } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Terminal statuses after which a cluster may be left running (a `Catch` never ran or failed). */
export const ALERT_STATUSES = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;

export type AlertsProps = {
  stateMachineArn: string;
  alertEmail: string | undefined;
  reaper: IFunction;
};

export class Alerts extends Construct {
  readonly topic: Topic;
  readonly statusRule: Rule;
  readonly executionsFailedAlarm: Alarm;
  readonly reaperErrorsAlarm: Alarm;

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // SNS encryption with a customer key: the AWS-managed aws/sns key cannot be used by
    // EventBridge or CloudWatch, which publish here.
    const key = new Key(this, 'TopicKey', {
      description: 'market-pipeline alert topic encryption',
      enableKeyRotation: true,
      // Messages are not stored: nothing to decrypt once the topic is gone.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    for (const [sid, service] of [
      ['EventBridgePublishes', 'events.amazonaws.com'],
      ['CloudWatchAlarmsPublish', 'cloudwatch.amazonaws.com'],
    ] as const) {
      key.addToResourcePolicy(
        new PolicyStatement({
          sid,
          principals: [new ServicePrincipal(service)],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
        }),
      );
    }

    this.topic = new Topic(this, 'Topic', {
      displayName: 'market-pipeline alerts',
      masterKey: key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarms',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    if (props.alertEmail !== undefined) {
      this.topic.addSubscription(new EmailSubscription(props.alertEmail));
    }

    const status = EventField.fromPath('$.detail.status');
    const execution = EventField.fromPath('$.detail.executionArn');
    this.statusRule = new Rule(this, 'ExecutionEnded', {
      description: 'market-pipeline: an execution ended FAILED, TIMED_OUT or ABORTED',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { status: [...ALERT_STATUSES], stateMachineArn: [props.stateMachineArn] },
      },
      targets: [
        new SnsTopic(this.topic, {
          message: RuleTargetInput.fromText(
            `market-pipeline execution ${execution} ended ${status}. Clusters tagged with it are being terminated by the reaper. Console: https://console.aws.amazon.com/states/home?region=${stack.region}#/v2/executions/details/${execution}`,
          ),
        }),
        new LambdaFunction(props.reaper, { retryAttempts: 4, maxEventAge: Duration.hours(1) }),
      ],
    });

    const alarmAction = new SnsAction(this.topic);
    this.executionsFailedAlarm = new Alarm(this, 'ExecutionsFailed', {
      alarmDescription: 'market-pipeline: at least one execution failed in the last 5 minutes',
      metric: new Metric({
        namespace: 'AWS/States',
        metricName: 'ExecutionsFailed',
        dimensionsMap: { StateMachineArn: props.stateMachineArn },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No executions means no data, which is not a failure.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.executionsFailedAlarm.addAlarmAction(alarmAction);

    this.reaperErrorsAlarm = new Alarm(this, 'ReaperErrors', {
      alarmDescription: 'market-pipeline: the cluster reaper failed; clusters may still be running',
      metric: props.reaper.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.reaperErrorsAlarm.addAlarmAction(alarmAction);
  }
}
