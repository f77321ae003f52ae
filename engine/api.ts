/**
 * The public contract of the local Step Functions engine. Other parts of the project (the
 * embedded runtime, the CLI, the end-to-end tests) code against these types; the engine
 * implementation lives beside this file and must keep them stable.
 */

import type { S3Client } from '@aws-sdk/client-s3';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { JsonValue } from '../asl/types.ts';

export type { HistoryEvent } from '@aws-sdk/client-sfn';
export type { JsonObject, JsonValue } from '../asl/types.ts';

export type ExecutionStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** The subset of the AWS Lambda `Context` object the engine passes to in-process handlers. */
export type LambdaContext = {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis: () => number;
};

/** An in-process Lambda handler, called by `arn:aws:states:::lambda:invoke`. */
export type LambdaHandler = (payload: unknown, context: LambdaContext) => Promise<unknown>;

/** What an integration handler is told about the task it runs. */
export type IntegrationContext = {
  /** The Task's Resource ARN after substitution. */
  resource: string;
  stateName: string;
  executionName: string;
  executionArn: string;
  /** Aborted when the task times out or the execution stops; long work must honour it. */
  signal: AbortSignal;
  /** The engine's clock (honours `now` and `timeScale`). */
  now: () => Date;
  /** Sleeps `ms` of workflow time: `ms * timeScale` real milliseconds; rejects on abort. */
  sleep: (ms: number) => Promise<void>;
  timeScale: number;
  /**
   * For `.sync` integrations: report the job's initial API response (e.g. `{ ClusterId }`) as soon
   * as it exists; the engine records it as a `TaskSubmitted` event. Optional to call.
   */
  submitted?: (response: unknown) => void;
  /** The task token, for `.waitForTaskToken` resources (also in `$states.context.Task.Token`). */
  taskToken?: string;
};

/**
 * A service integration: receives the Task's evaluated `Arguments` and returns its result.
 * To fail the task, throw an {@link IntegrationError} (or any Error: its `name` becomes the
 * ASL error name and its `message` the cause).
 */
export type IntegrationHandler = (args: unknown, ctx: IntegrationContext) => Promise<unknown>;

/** Thrown by integrations to fail a task with an exact ASL error name and cause. */
export class IntegrationError extends Error {
  readonly error: string;
  constructor(error: string, cause: string, options?: ErrorOptions) {
    super(cause, options);
    this.name = error;
    this.error = error;
  }
}

/**
 * The three EMR `.sync` integrations, implemented by the embedded runtime's EMR emulator.
 * Request shapes are EMR API inputs (`RunJobFlowInput`, `AddJobFlowStepsInput` with one step,
 * `TerminateJobFlowsInput` with one cluster) as Step Functions passes them.
 */
export type EmrBackend = {
  /** `createCluster.sync`: resolves once the cluster is WAITING (or fails the task). */
  createCluster: (
    request: Record<string, unknown>,
    ctx: IntegrationContext,
  ) => Promise<{ ClusterId: string; ClusterArn: string }>;
  /** `addStep.sync`: resolves once the step COMPLETED; rejects with States.TaskFailed otherwise. */
  addStep: (
    request: { ClusterId: string; Step: Record<string, unknown> },
    ctx: IntegrationContext,
  ) => Promise<{ StepId: string }>;
  /** `terminateCluster.sync`: resolves once the cluster is TERMINATED. */
  terminateCluster: (request: { ClusterId: string }, ctx: IntegrationContext) => Promise<unknown>;
};

export type RunOptions = {
  /** Function name or ARN -> handler, used by `lambda:invoke`. */
  lambdaHandlers?: Record<string, LambdaHandler>;
  /** Resource ARN (exact) or ARN prefix -> handler. Exact matches win over prefixes. */
  integrations?: Record<string, IntegrationHandler>;
  /** The EMR backend behind the three EMR `.sync` resources. */
  emr?: EmrBackend;
  /** S3 client for `aws-sdk:s3:*`, Distributed Map ItemReader and ResultWriter. */
  s3?: S3Client;
  /** `${Placeholder}` values, applied to the definition before validation. */
  substitutions?: Record<string, string>;
  /** @default a random uuid */
  executionName?: string;
  /** @default 'local-state-machine' */
  stateMachineName?: string;
  /** @default 'arn:aws:iam::123456789012:role/local-execution-role' */
  roleArn?: string;
  /** 0: Wait and Retry delays take no time; 1: real time. @default 1 */
  timeScale?: number;
  /** Abort = StopExecution: no Catch runs, status ABORTED. */
  signal?: AbortSignal;
  /** Uniform [0, 1) source for jitter and `$random()`. @default Math.random */
  random?: () => number;
  /** The clock. @default () => new Date() */
  now?: () => Date;
  /** Called for every history event as it happens. */
  onEvent?: (event: HistoryEvent) => void;
  /** Region used in ARNs the engine makes (execution, map run, Lambda). @default 'us-east-1' */
  region?: string;
};

export type ExecutionResult = {
  status: ExecutionStatus;
  output?: JsonValue;
  error?: string;
  cause?: string;
  executionArn: string;
  events: HistoryEvent[];
  /** State transitions a Standard workflow would bill for this execution. */
  billableTransitions: number;
};
