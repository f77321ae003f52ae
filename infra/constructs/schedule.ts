/**
 * An EventBridge Scheduler schedule that starts one workflow's state machine with `{}` (its
 * expression and time zone: the registry's `schedule`, or context), with retries and a dead-letter
 * queue for starts that still fail. Each schedule is alone in its own schedule group: Scheduler
 * publishes its metrics per group (or for the whole account), so a group of one is what gives a
 * schedule metrics of its own, e.g. the dead-letter delivery failures `Alerts` alarms on.
 */
import { Duration, RemovalPolicy, TimeZone } from 'aws-cdk-lib';
import {
  ScheduleExpression,
  ScheduleGroup,
  Schedule as Scheduler,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';

export type ScheduleProps = {
  /** Starts the description: `market-pipeline` (the pipeline), `market-pipeline <workflow>`. */
  label: string;
  stateMachine: IStateMachine;
  /** cron(...), rate(...) or at(...), as EventBridge Scheduler accepts it. */
  expression: string;
  timeZone: string;
  enabled: boolean;
};

export class WorkflowSchedule extends Construct {
  readonly schedule: Scheduler;
  /** Holds this schedule only: its metrics are the schedule's. */
  readonly group: ScheduleGroup;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ScheduleProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Long enough to notice and investigate a missed weekly run.
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.deadLetterQueue,
      'SQS3',
      "This queue is the schedule target's dead-letter queue; a DLQ of a DLQ would only move the problem",
    );
    // Deleting a group deletes its schedules: the stack owns both, so nothing is kept.
    this.group = new ScheduleGroup(this, 'Group', { removalPolicy: RemovalPolicy.DESTROY });
    this.schedule = new Scheduler(this, 'Schedule', {
      scheduleGroup: this.group,
      description: `${props.label}: scheduled run with default input {}`,
      schedule: ScheduleExpression.expression(props.expression, TimeZone.of(props.timeZone)),
      enabled: props.enabled,
      target: new StepFunctionsStartExecution(props.stateMachine, {
        // The console and the schedule both send {}: the definition fills every default.
        input: ScheduleTargetInput.fromObject({}),
        retryAttempts: 5,
        maxEventAge: Duration.hours(2),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });
  }
}
