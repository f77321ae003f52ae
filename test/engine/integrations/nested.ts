/**
 * Small parent and child state machines for the nested-execution tests (JSONata).
 */
import type { ExecutionResult, RunOptions } from '../../../engine/index.ts';
import { machine, run } from '../helpers.ts';

export const childArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:Child';
export const childExecutionArn = (name: string) =>
  `arn:aws:states:us-east-1:123456789012:execution:Child:${name}`;
export const startExecution = 'arn:aws:states:::states:startExecution';

/** Waits `seconds`, then doubles `n` and reports who it is (its own Context object). */
export function doubler(seconds = 5) {
  return machine({
    Rest: { Type: 'Wait', Seconds: seconds, Next: 'Double' },
    Double: {
      Type: 'Pass',
      Output: {
        doubled: '{% $states.input.n * 2 %}',
        id: '{% $states.context.Execution.Id %}',
        name: '{% $states.context.Execution.Name %}',
        machine: '{% $states.context.StateMachine.Name %}',
      },
      End: true,
    },
  });
}

/** Fails with its own error and cause. */
export const failing = machine({
  Boom: { Type: 'Fail', Error: 'Child.Broken', Cause: 'the child broke' },
});

/** A parent whose one Task starts the child with the given pattern suffix and Arguments. */
export function parentOf(pattern: string, args: Record<string, unknown> = {}, task = {}) {
  return machine({
    Start: {
      Type: 'Task',
      Resource: `${startExecution}${pattern}`,
      Arguments: {
        StateMachineArn: childArn,
        Input: { n: '{% $states.input.n %}' },
        Name: 'child-1',
        ...args,
      },
      ...task,
      End: true,
    },
  });
}

/** Runs `parent` with `child` as the state machine at `childArn`. */
export function runNested(
  parent: unknown,
  child: object,
  input: unknown = { n: 2 },
  options: RunOptions = {},
): Promise<ExecutionResult> {
  return run(parent, input, {
    stateMachines: { [childArn]: { definition: child } },
    ...options,
  });
}

/** A cause that is JSON text, parsed. */
export function parsedCause(result: { cause?: string }): Record<string, unknown> {
  return JSON.parse(result.cause ?? 'null') as Record<string, unknown>;
}
