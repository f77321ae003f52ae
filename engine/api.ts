/**
 * The public contract of the local Step Functions engine. Other parts of the project (the
 * embedded runtime, the CLI, the end-to-end tests) code against these types; the engine
 * implementation lives beside this file and must keep them stable.
 */

import type { S3Client } from '@aws-sdk/client-s3';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { JsonValue } from '../asl/types.ts';
import type { TaskTokens } from './task-tokens.ts';

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
  /**
   * SendTaskHeartbeat for this task: restarts its `HeartbeatSeconds` window (the task fails with
   * `States.Timeout`, matched by `States.HeartbeatTimeout`, when a window passes without one).
   * `TimeoutSeconds` still bounds the whole task. Without `HeartbeatSeconds` it does nothing.
   */
  sendHeartbeat: () => void;
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

/** A state machine that `states:startExecution*` tasks of the run may start. */
export type StateMachineSource = {
  /** Its ASL definition: JSON text or the parsed object (substitutions apply to it as well). */
  definition: string | object;
  /** @default the name in the ARN (`arn:aws:states:<region>:<account>:stateMachine:<name>`) */
  name?: string;
};

/** Which execution of a run something belongs to. */
export type ExecutionRef = {
  executionArn: string;
  name: string;
  stateMachineArn: string;
  /** The execution whose task started this one; absent for the run's own execution. */
  parentExecutionArn?: string;
};

export type RunOptions = {
  /** Function name or ARN -> handler, used by `lambda:invoke`. */
  lambdaHandlers?: Record<string, LambdaHandler>;
  /** Resource ARN (exact) or ARN prefix -> handler. Exact matches win over prefixes. */
  integrations?: Record<string, IntegrationHandler>;
  /**
   * State name -> handler that stands in for that Task state's integration, whatever its
   * Resource (mock configurations, TestState). Checked before `integrations`; the Task* events
   * still name the Resource. Applies wherever a state of that name runs in the run.
   */
  stateIntegrations?: Record<string, IntegrationHandler>;
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
  /**
   * State machine ARN -> definition: what `arn:aws:states:::states:startExecution*` tasks may
   * start. Each child runs on this engine with this run's options (clock, time scale, handlers,
   * integrations, substitutions) as its own execution. Another ARN fails the task with
   * `StepFunctions.StateMachineDoesNotExistException`, as on AWS.
   */
  stateMachines?: Record<string, StateMachineSource>;
  /**
   * Called for every history event of every execution of the run (its own and the child
   * executions, at any depth) with the execution it belongs to. `onEvent` still receives the
   * run's own events only.
   */
  onExecutionEvent?: (event: HistoryEvent, execution: ExecutionRef) => void;
  /**
   * The SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat channel of `.waitForTaskToken`
   * tasks: pass one to complete them or send their heartbeats from outside (a child can also call
   * `aws-sdk:sfn:sendTaskSuccess`). @default a channel private to the run
   */
  taskTokens?: TaskTokens;
  /**
   * Stops every execution of the run at once (the run's own and every running child), as a
   * StopExecution of each would; for a local runtime shutting down. `signal` stops the run's own
   * execution only: like AWS, that stops the children of its `.sync` tasks, not the others.
   */
  shutdownSignal?: AbortSignal;
  /**
   * The depth and time budget of one JSONata evaluation. Past it the field fails with
   * States.QueryEvaluationError (codes U1001, U1002) instead of the process running out of heap
   * or spinning; every 1,000 steps an evaluation yields, so timeouts and aborts fire during it.
   * @default { maxDepth: 10000, maxMs: 10000 }
   */
  expressionBudget?: EvaluationBudget;
  /**
   * Keep every Distributed Map child execution's history, in the result's `mapRunChildren` (for
   * a run report). Off, a Map Run's children keep no history, as AWS keeps them apart from the
   * parent's; on, each child costs its events' memory until the run ends. @default false
   */
  keepMapRunChildren?: boolean;
};

/** A Distributed Map child execution of the run (`RunOptions.keepMapRunChildren`). */
export type MapRunChildResult = {
  mapRunArn: string;
  /** The Map state that ran it, and the execution it ran in. */
  mapState: string;
  parentExecutionArn: string;
  /** Its item's (or batch's) index in the Map Run. */
  index: number;
  executionArn: string;
  name: string;
  status: ExecutionStatus;
  error?: string;
  cause?: string;
  events: HistoryEvent[];
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
  /**
   * The executions `states:startExecution*` tasks started, at any depth, in the order they
   * started; `runExecution` resolves once they have all ended. Absent when none was started.
   */
  childExecutions?: ChildExecutionResult[];
  /**
   * With `keepMapRunChildren`: the Distributed Map child executions of the run (its own and its
   * nested executions'), in the order they ended. Absent otherwise.
   */
  mapRunChildren?: MapRunChildResult[];
};

/** A child execution of a run: its own result and history, and who started it. */
export type ChildExecutionResult = Omit<ExecutionResult, 'childExecutions'> & {
  name: string;
  stateMachineArn: string;
  /** The execution whose task started it. */
  parentExecutionArn: string;
  input: JsonValue;
  startDate: Date;
  stopDate: Date;
};

/** The depth and time budget of one JSONata evaluation (RunOptions.expressionBudget). */
export type EvaluationBudget = {
  /** Nested evaluation steps (jsonata AST nodes being evaluated). @default 10000 */
  maxDepth?: number;
  /** Wall-clock milliseconds of one evaluation. @default 10000 */
  maxMs?: number;
};
