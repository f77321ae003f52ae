/**
 * The Context object (`$states.context`) and the state information it is built from.
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
 */
import type { JsonObject, JsonValue } from './api.ts';
import type { Execution } from './execution.ts';
import { isoTimestamp } from './json.ts';

export type StateInfo = {
  readonly exec: Execution;
  readonly name: string;
  /** Workflow time (epoch ms) the state was entered. */
  readonly enteredAt: number;
  retryCount: number;
  /**
   * Leaves `State.RetryCount` out: AWS's Context object has none in a JSONPath state that cannot
   * retry (a recorded Pass shows `{ EnteredTime, Name }`).
   */
  readonly noRetryCount?: boolean;
  /** Set for `.waitForTaskToken` tasks. */
  taskToken?: string;
  /** Set while a Map evaluates ItemSelector for one item. */
  mapItem?: { Index: number; Value: JsonValue; Source: string };
};

export function contextObject(info: StateInfo): JsonObject {
  const exec = info.exec;
  const context: JsonObject = {
    Execution: {
      Id: exec.arn,
      Input: exec.input,
      Name: exec.name,
      RoleArn: exec.run.roleArn,
      StartTime: isoTimestamp(exec.startMs),
      RedriveCount: 0,
    },
    State: info.noRetryCount
      ? { EnteredTime: isoTimestamp(info.enteredAt), Name: info.name }
      : { EnteredTime: isoTimestamp(info.enteredAt), Name: info.name, RetryCount: info.retryCount },
    StateMachine: { Id: exec.stateMachineArn, Name: exec.stateMachineName },
  };
  if (info.taskToken !== undefined) context.Task = { Token: info.taskToken };
  if (info.mapItem !== undefined) context.Map = { Item: info.mapItem };
  return context;
}
