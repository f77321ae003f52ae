/**
 * An EventBridge Scheduler schedule that starts one workflow's state machine with `{}` (its
 * expression and time zone: the registry's `schedule`, or context), with retries and a dead-letter
 * queue for starts that still fail.
 */
import { Duration, TimeZone } from 'aws-cdk-lib';
import {
  ScheduleExpression,
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
    this.schedule = new Scheduler(this, 'Schedule', {
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
