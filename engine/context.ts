/**
 * The Context object (`$states.context`) and the `$states` variable a state's expressions see.
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
 */
import type { JsonObject, JsonValue } from './api.ts';
import type { Execution } from './execution.ts';
import { isoTimestamp } from './json.ts';
import type { Bindings } from './jsonata/template.ts';
import type { Scope } from './scope.ts';

export type StateInfo = {
  readonly exec: Execution;
  readonly name: string;
  /** Workflow time (epoch ms) the state was entered. */
  readonly enteredAt: number;
  retryCount: number;
  /** Set for `.waitForTaskToken` tasks. */
  taskToken?: string;
  /** Set while a Map evaluates ItemSelector / BatchInput for one item. */
  mapItem?: { Index: number; Value: JsonValue; Source?: string };
};

export function contextObject(info: StateInfo): JsonObject {
  const exec = info.exec;
  const context: JsonObject = {
    Execution: {
      Id: exec.arn,
      Input: exec.input,
      Name: exec.name,
      RoleArn: exec.run.roleArn,
      StartTime: exec.startTime,
      RedriveCount: 0,
    },
    State: {
      EnteredTime: isoTimestamp(info.enteredAt),
      Name: info.name,
      RetryCount: info.retryCount,
    },
    StateMachine: { Id: exec.stateMachineArn, Name: exec.stateMachineName },
  };
  if (info.taskToken !== undefined) context.Task = { Token: info.taskToken };
  if (info.mapItem !== undefined) context.Map = { Item: info.mapItem };
  return context;
}

/**
 * JSONata bindings for one evaluation: the visible variables (inherited from the scope) plus
 * `$states`. The context object is built only when an expression reads it.
 */
export function bindingsFor(
  scope: Scope,
  info: StateInfo,
  input: JsonValue,
  extra?: { result?: JsonValue; errorOutput?: JsonValue },
): Bindings {
  const bindings = Object.create(scope.vars) as Bindings;
  const states: Record<string, unknown> = {
    input,
    get context() {
      return contextObject(info);
    },
  };
  if (extra?.result !== undefined) states.result = extra.result;
  if (extra?.errorOutput !== undefined) states.errorOutput = extra.errorOutput;
  bindings.states = states;
  return bindings;
}
