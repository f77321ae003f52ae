/**
 * What an integration is and what it sees of a task invocation. A leaf module: the registry, the
 * built-in integrations and the Task state all import these types, and it imports none of them
 * (the Task state's `TaskCall` implements `IntegrationCall`; integrations never import the Task
 * state).
 */
import type { IntegrationContext } from '../api.ts';
import type { Cancel } from '../cancel.ts';
import type { RunContext } from '../execution.ts';

/**
 * One task invocation as the built-in integrations see it (`states/task-call.ts`'s `TaskCall`):
 * the run, the task's abort token and signal, the clock, the time left, and the public
 * IntegrationContext for handlers the caller supplied.
 */
export type IntegrationCall = {
  readonly run: RunContext;
  readonly cancel: Cancel;
  readonly signal: AbortSignal;
  /** The execution the task belongs to. */
  readonly executionArn: string;
  readonly stateName: string;
  /** The task token of a `.waitForTaskToken` resource. */
  readonly taskToken: string | undefined;
  now(): Date;
  /** Milliseconds of workflow time left before TimeoutSeconds (or Lambda's 900 s limit). */
  remainingMs(): number;
  /** Records the job's first response as `TaskSubmitted` (`.sync`, `.waitForTaskToken`). */
  submitted(response: unknown): void;
  /** SendTaskHeartbeat: restarts the task's HeartbeatSeconds window. */
  sendHeartbeat(): void;
  /**
   * Also times the task out once the engine clock passes its TimeoutSeconds, for integrations
   * that wait on work whose own sleeps move the clock (a child execution).
   */
  timeOutOnClock(): void;
  publicContext(): IntegrationContext;
};

export type Integration = {
  /** `resourceType` / `resource` as the Task* history events report them. */
  readonly resourceType: string;
  readonly resourceName: string;
  /** `{ resourceType, resource }` as the Task* events carry them (made once). */
  readonly names: { resourceType: string; resource: string };
  /** A direct Lambda function ARN: reported with LambdaFunction* events. */
  readonly lambdaFunction: boolean;
  invoke(args: unknown, call: IntegrationCall): Promise<unknown>;
};
