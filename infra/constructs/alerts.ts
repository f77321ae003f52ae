/**
 * Alerts and the event half of the teardown safety net, for every state machine of the stack
 * (`watch` adds one): an execution that ends FAILED, TIMED_OUT or ABORTED is announced on one SNS
 * topic (optional email subscription) and, for a workflow that creates clusters, handed to its
 * reaper, which terminates the clusters tagged with that execution. CloudWatch alarms on each state
 * machine's ExecutionsFailed metric, on each reaper's errors and on each schedule's dead-letter
 * queue publish to the same topic.
 */
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { EventField, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SnsTopic } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { powertoolsEnv } from '../../contracts/lambda-env.ts';
import { UNPROVEN_METRIC } from '../../contracts/reaper.ts';
import { acknowledgeWildcardAction, cfnChild } from '../nag.ts';

/** What the reaper's metrics are published under (its `service` dimension, its namespace). */
const reaperEnv = powertoolsEnv('reap-clusters');

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
  /** The reaper's WORKFLOW_NAME (its metrics' workflow dimension). */
  stateMachineName: string;
  /** The workflow's reaper; `undefined` for a workflow that creates no clusters. */
  reaper: IFunction | undefined;
};

export type ScheduleWatchProps = {
  /** As for {@link WatchProps.idPrefix}. */
  idPrefix: string;
  workflow: string;
  label: string;
  /** The schedule target's dead-letter queue. */
  deadLetterQueue: IQueue;
  /** The schedule group holding this schedule alone (its metrics are the schedule's). */
  scheduleGroup: IScheduleGroup;
};

/** The two alarms of one schedule. */
export type ScheduleAlarms = {
  /** A start landed in the dead-letter queue. */
  deadLetters: Alarm;
  /** A start could not even be put in the dead-letter queue: it is lost without a trace. */
  deadLetterDeliveryFailures: Alarm;
};

/** What `watch` created for one state machine. */
export type Watched = {
  statusRule: Rule;
  executionsFailedAlarm: Alarm;
  reaperErrorsAlarm: Alarm | undefined;
  /** Tagged clusters the reaper would not terminate (failed ownership proof). */
  unprovenClustersAlarm: Alarm | undefined;
};

export class Alerts extends Construct {
  readonly topic: Topic;
  /** The role EventBridge assumes to publish to `topic` (no service-principal grant needed). */
  readonly publisherRole: Role;
  /** By workflow name. */
  readonly watched = new Map<string, Watched>();
  /** The dead-letter alarms of each scheduled workflow, by workflow name. */
  readonly scheduleAlarms = new Map<string, ScheduleAlarms>();
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
    // EventBridge publishes with a role of its own (below), so only CloudWatch is a key principal.
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );

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

    // The status rules publish as this role. Without it, aws-events-targets' SnsTopic grants
    // events.amazonaws.com sns:Publish on the topic and kms:Decrypt/GenerateDataKey* on the key
    // with no condition at all: any rule of any account could then post to the alert topic.
    // Naming a role as a target takes iam:PassRole on it, which only this stack's rules have.
    this.publisherRole = new Role(this, 'EventsPublisher', {
      description: 'EventBridge status rules: publish to the market-pipeline alert topic',
      assumedBy: new ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    });
    this.topic.grantPublish(this.publisherRole);
    acknowledgeWildcardAction(
      cfnChild(this.publisherRole, 'DefaultPolicy', 'Resource'),
      'kms:GenerateDataKey*',
      'sns:Publish to an encrypted topic needs a data key from the topic key (this one key only)',
    );
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
          role: this.publisherRole,
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
    let unprovenClustersAlarm: Alarm | undefined;
    if (props.reaper) {
      unprovenClustersAlarm = new Alarm(this, `${prefix}ReaperUnprovenClusters`, {
        alarmDescription: `${label}: an EMR cluster carries this workflow's tags but is not this stack's (another EMR role or instance profile, or an unknown execution); the reaper left it running. Its log names it: 'cluster failed the ownership proof'`,
        metric: new Metric({
          namespace: reaperEnv.POWERTOOLS_METRICS_NAMESPACE,
          metricName: UNPROVEN_METRIC.name,
          dimensionsMap: {
            service: reaperEnv.POWERTOOLS_SERVICE_NAME,
            [UNPROVEN_METRIC.workflowDimension]: props.stateMachineName,
          },
          statistic: 'Maximum',
          period: Duration.hours(1),
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      unprovenClustersAlarm.addAlarmAction(this.alarmAction);
    }
    const watched = { statusRule, executionsFailedAlarm, reaperErrorsAlarm, unprovenClustersAlarm };
    this.watched.set(workflow, watched);
    return watched;
  }

  /**
   * Two alarms per schedule. One on its dead-letter queue: a start EventBridge Scheduler gave up
   * on (after its retries) lands there, and a missed scheduled run must not go unnoticed until
   * someone looks. A queue holding a message stays "active", so SQS keeps reporting the metric for
   * as long as the message waits; an empty idle queue reports nothing, which is not a miss. The
   * other on Scheduler's `InvocationsFailedToBeSentToDeadLetterCount` for the schedule's group: a
   * start that could not be delivered to the queue either (queue deleted, its policy or key
   * refusing Scheduler) leaves no message for the first alarm to see.
   */
  watchSchedule(props: ScheduleWatchProps): ScheduleAlarms {
    const deadLetters = new Alarm(this, `${props.idPrefix}ScheduleDeadLetters`, {
      alarmDescription: `${props.label}: a scheduled start failed after its retries and is in the schedule's dead-letter queue (the run did not happen)`,
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    deadLetters.addAlarmAction(this.alarmAction);
    const deadLetterDeliveryFailures = new Alarm(
      this,
      `${props.idPrefix}ScheduleDeadLetterDeliveryFailures`,
      {
        alarmDescription: `${props.label}: a scheduled start failed and could not be put in the schedule's dead-letter queue either (the run did not happen and left no message)`,
        metric: props.scheduleGroup.metricFailedToBeSentToDLQ(undefined, {
          period: Duration.minutes(5),
          statistic: 'Sum',
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      },
    );
    deadLetterDeliveryFailures.addAlarmAction(this.alarmAction);
    const alarms = { deadLetters, deadLetterDeliveryFailures };
    this.scheduleAlarms.set(props.workflow, alarms);
    return alarms;
  }
}
