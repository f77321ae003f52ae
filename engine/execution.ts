/**
 * Runtime context: the execution (one per top-level run and one per Distributed Map child) and the
 * frame each running branch carries (its scope, its abort signal, and the last event of its own
 * chain, which every event it appends points back to).
 */

import type { S3Client } from '@aws-sdk/client-s3';
import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';
import type {
  ChildExecutionResult,
  EmrBackend,
  IntegrationHandler,
  JsonValue,
  LambdaHandler,
  MapRunChildResult,
} from './api.ts';
import type { Cancel } from './cancel.ts';
import type { EngineClock } from './clock.ts';
import type { DetailsKey, History } from './history.ts';
import type { MachineModel } from './model.ts';
import type { Scope } from './scope.ts';
import type { TaskTokens } from './task-tokens.ts';

/** Options every execution of a run shares (the caller's handlers and identities). */
export type RunContext = {
  readonly clock: EngineClock;
  readonly random: () => number;
  readonly lambdaHandlers: Readonly<Record<string, LambdaHandler>>;
  readonly integrations: Readonly<Record<string, IntegrationHandler>>;
  /** State name -> handler replacing that Task state's integration (`RunOptions`). */
  readonly stateIntegrations: Readonly<Record<string, IntegrationHandler>>;
  readonly emr: EmrBackend | undefined;
  readonly s3: S3Client | undefined;
  readonly region: string;
  readonly account: string;
  readonly roleArn: string;
  readonly stateMachineName: string;
  readonly stateMachineArn: string;
  readonly machine: MachineModel;
  readonly uuid: () => string;
  /** StartExecution for `states:startExecution*` tasks; shared by every execution of the run. */
  readonly children: ChildExecutions;
  /** The run's SendTaskSuccess / SendTaskFailure channel. */
  readonly taskTokens: TaskTokens;
  /** Where Distributed Map children's histories go (`RunOptions.keepMapRunChildren`). */
  readonly mapRunChildren?: MapRunChildResult[];
};

/** StartExecution's parameters, as a `states:startExecution*` task passes them. */
export type StartRequest = {
  readonly stateMachineArn: string;
  readonly name: string | undefined;
  /** The input as the API takes it: JSON text. */
  readonly inputText: string;
};

/** A child execution as the task that started it sees it. */
export type StartedExecution = {
  readonly arn: string;
  readonly name: string;
  readonly stateMachineArn: string;
  /** Workflow epoch milliseconds. */
  readonly startMs: number;
  readonly inputText: string;
  /** Resolves when the execution has ended; never rejects. */
  readonly done: Promise<ChildExecutionResult>;
};

export type ChildExecutions = {
  /**
   * StartExecution: starts an execution of a state machine the run was given, as a child of
   * `parent`, or, when one of that name is running with the same input, returns it (the API is
   * idempotent then). Throws an SfnApiError where the API answers an error. With `link`, the
   * child is stopped when that token aborts (its `.sync` task was stopped or timed out).
   */
  start(
    request: StartRequest,
    parent: Pick<Execution, 'arn' | 'run'>,
    link?: Cancel,
  ): StartedExecution;
};

export type Execution = {
  readonly run: RunContext;
  readonly history: History;
  readonly arn: string;
  readonly name: string;
  readonly input: JsonValue;
  /** Start time, workflow epoch milliseconds. */
  readonly startMs: number;
  /** The state machine this execution runs (a Map Run child runs `<machine>/<label>`). */
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  /**
   * The billable-transition counter this execution adds to: the run's, shared with STANDARD Map
   * Run children; EXPRESS children are billed per request, so theirs is not counted.
   */
  readonly billing: { transitions: number };
};

export class Frame {
  constructor(
    readonly exec: Execution,
    readonly scope: Scope,
    readonly cancel: Cancel,
    public lastEventId: number,
  ) {}

  /** Appends an event to this branch's chain and returns its id. */
  emit<K extends DetailsKey>(
    type: HistoryEventType,
    detailsKey?: K,
    details?: NonNullable<HistoryEvent[K]>,
  ): number {
    this.lastEventId = this.exec.history.append(type, this.lastEventId, detailsKey, details);
    return this.lastEventId;
  }

  /** Whether events are kept or streamed; when not, callers may skip building their details. */
  get recording(): boolean {
    return this.exec.history.recording;
  }

  /** Appends an event whose details nobody will read (`recording` is false). */
  emitBare(type: HistoryEventType): number {
    this.lastEventId = this.exec.history.append(type, this.lastEventId);
    return this.lastEventId;
  }

  /** A frame for a nested branch: its own scope and token, chained from this frame's last event. */
  branch(scope: Scope, cancel: Cancel): Frame {
    return new Frame(this.exec, scope, cancel, this.lastEventId);
  }
}
