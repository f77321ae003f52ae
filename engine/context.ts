/**
 * The Context object (`$states.context`) and the bindings a state's expressions see.
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
 */
import type { JsonObject, JsonValue } from './api.ts';
import type { Execution } from './execution.ts';
import { isoTimestamp } from './json.ts';
import { StatesVar } from './jsonata/states-var.ts';
import type { Bindings } from './jsonata/types.ts';
import type { Scope } from './scope.ts';

export type StateInfo = {
  readonly exec: Execution;
  readonly name: string;
  /** Workflow time (epoch ms) the state was entered. */
  readonly enteredAt: number;
  retryCount: number;
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
 * JSONata bindings for a state's evaluations: the visible variables plus `$states`. (A fresh
 * plain object: prototype chains of per-branch scopes would make every scope a V8 prototype.)
 */
export function bindingsFor(scope: Scope, info: StateInfo, input: JsonValue): Bindings {
  const bindings: Bindings = {};
  const visible = scope.visible();
  if (visible) for (const name in visible) bindings[name] = visible[name];
  bindings.states = new StatesVar(input, info);
  return bindings;
}

/** The `$states` of a bindings object made by `bindingsFor`. */
export function statesOf(bindings: Bindings): StatesVar {
  return bindings.states as StatesVar;
}
