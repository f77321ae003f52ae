/**
 * Alerts and the event half of the teardown safety net, for every state machine of the stack
 * (`watch` adds one): an execution that ends FAILED, TIMED_OUT or ABORTED is announced on one SNS
 * topic (optional email subscription) and, for a workflow that creates clusters, handed to its
 * reaper, which terminates the clusters tagged with that execution. CloudWatch alarms on each state
 * machine's ExecutionsFailed metric and on each reaper's errors publish to the same topic.
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
  alertEmail: string | undefined;
};

export type WatchProps = {
  /** Prefixes the ids of the rule and alarms (empty for the pipeline: its ids predate `watch`). */
  idPrefix: string;
  /** The workflow's registry name (the key of `watched`). */
  workflow: string;
  /** Starts descriptions and messages: `market-pipeline` (the pipeline), `market-pipeline <workflow>`. */
  label: string;
  stateMachineArn: string;
  /** The workflow's reaper; `undefined` for a workflow that creates no clusters. */
  reaper: IFunction | undefined;
};

/** What `watch` created for one state machine. */
export type Watched = {
  statusRule: Rule;
  executionsFailedAlarm: Alarm;
  reaperErrorsAlarm: Alarm | undefined;
};

export class Alerts extends Construct {
  readonly topic: Topic;
  /** By workflow name. */
  readonly watched = new Map<string, Watched>();
  private readonly alarmAction: SnsAction;

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

    this.alarmAction = new SnsAction(this.topic);
  }

  /** The status rule and the alarms of one state machine (and of its reaper, if it has one). */
  watch(props: WatchProps): Watched {
    const stack = Stack.of(this);
    const { idPrefix: prefix, workflow, label } = props;
    const status = EventField.fromPath('$.detail.status');
    const execution = EventField.fromPath('$.detail.executionArn');
    const reaperNote = props.reaper
      ? ' Clusters tagged with it are being terminated by the reaper.'
      : '';
    const statusRule = new Rule(this, `${prefix}ExecutionEnded`, {
      description: `${label}: an execution ended FAILED, TIMED_OUT or ABORTED`,
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { status: [...ALERT_STATUSES], stateMachineArn: [props.stateMachineArn] },
      },
      targets: [
        new SnsTopic(this.topic, {
          message: RuleTargetInput.fromText(
            `${label} execution ${execution} ended ${status}.${reaperNote} Console: https://console.aws.amazon.com/states/home?region=${stack.region}#/v2/executions/details/${execution}`,
          ),
        }),
        ...(props.reaper
          ? [new LambdaFunction(props.reaper, { retryAttempts: 4, maxEventAge: Duration.hours(1) })]
          : []),
      ],
    });

    const executionsFailedAlarm = new Alarm(this, `${prefix}ExecutionsFailed`, {
      alarmDescription: `${label}: at least one execution failed in the last 5 minutes`,
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
    executionsFailedAlarm.addAlarmAction(this.alarmAction);

    let reaperErrorsAlarm: Alarm | undefined;
    if (props.reaper) {
      reaperErrorsAlarm = new Alarm(this, `${prefix}ReaperErrors`, {
        alarmDescription: `${label}: the cluster reaper failed; clusters may still be running`,
        metric: props.reaper.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      reaperErrorsAlarm.addAlarmAction(this.alarmAction);
    }
    const watched = { statusRule, executionsFailedAlarm, reaperErrorsAlarm };
    this.watched.set(workflow, watched);
    return watched;
  }
}
