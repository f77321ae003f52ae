/**
 * Starting a registered workflow from another as a nested execution
 * (`arn:aws:states:::states:startExecution.sync:2`), and re-raising its failure as the parent's.
 *
 * - The child's name is the parent's, cut to leave room for a suffix (`<name>-collect`): names
 *   are unique per state machine, so a parent's children cannot collide with another parent's
 *   unless their names share the first `80 - suffix` characters (then StartExecution fails with
 *   StepFunctions.ExecutionAlreadyExistsException and nothing runs twice).
 * - The input carries `AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID`, so the console links the
 *   child to its parent
 *   (https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html).
 * - A child that does not succeed fails the Task with `States.TaskFailed` and the child's
 *   DescribeExecution response as the cause (its `Error`, `Cause`, `Status`). The Catch turns that
 *   back into the child's own error and cause, and NestedExecutionFailed fails the parent with
 *   them: a parent composed of workflows fails with the same error names as the workflows. A Fail
 *   state cannot read `$states.errorOutput`, so the Catch's Output carries them to it.
 * - Stopping the parent (or its timeout) stops a `.sync` child: no Catch runs in either. The
 *   child's own teardown guarantees (idle auto-termination, the reaper) cover what it created.
 */
import { Resource, StatesError } from '../asl/constants.ts';
import type { Catcher, FailState, JsonataString, TaskState } from '../asl/types.ts';
import type { Named } from '../builders/assert.ts';
import { fail } from '../builders/fail.ts';
import { expr } from '../builders/jsonata.ts';
import { task } from '../builders/task.ts';
import { stateMachineArnPlaceholder } from '../contracts/deployment.ts';
import { STARTED_BY_EXECUTION_ID } from './pipeline/input.ts';

/** Longest execution name Step Functions accepts. */
export const MAX_EXECUTION_NAME = 80;

/** The state every nested Task's Catch goes to. */
export const NESTED_FAILURE_STATE = 'NestedExecutionFailed';

/** JSONata: the child's execution name, `<parent name, cut>-<suffix>`. */
export const childName = (suffix: string): JsonataString => {
  const room = MAX_EXECUTION_NAME - suffix.length - 1;
  if (room < 1) throw new Error(`child name suffix '${suffix}' leaves no room for the parent name`);
  return expr(`$substring($states.context.Execution.Name, 0, ${room}) & '-${suffix}'`);
};

/** `{ Error, Cause }` of the child, from the `.sync:2` task's `States.TaskFailed` error output. */
const childFailure = expr(`(
  $text := $states.errorOutput.Cause;
  $child := $type($text) = 'string' and $contains($text, /^\\s*\\{/) ? $parse($text) : {};
  {
    'Error': $type($child.Error) = 'string' and $child.Error != '' ? $child.Error
      : $child.Status = 'TIMED_OUT' ? '${StatesError.Timeout}' : '${StatesError.TaskFailed}',
    'Cause': $type($child.Cause) = 'string' and $child.Cause != '' ? $child.Cause
      : $exists($child.Name) ? 'nested execution ' & $child.Name & ' ended ' & $child.Status
      : $text
  }
)`);

const rethrowCatch: Catcher[] = [
  {
    ErrorEquals: [StatesError.TaskFailed],
    Output: childFailure,
    Next: NESTED_FAILURE_STATE,
  },
];

export type StartWorkflowProps = {
  /** The registered workflow to start (kebab-case); the stack supplies its ARN. */
  workflow: string;
  /** `<parent name>-<suffix>`. */
  nameSuffix: string;
  /** The child's input (without the parent link, which is added), a JSONata object. */
  input: string;
  /** At least the child's own TimeoutSeconds, so the child's timeout speaks first. */
  timeoutSeconds: number;
  comment: string;
  assign?: TaskState['Assign'];
  output?: JsonataString;
  next: string;
};

/** A Task that starts `workflow` and waits for it (`.sync:2`: its Output as JSON). */
export const startWorkflow = (name: string, p: StartWorkflowProps): Named<TaskState> =>
  task(name, {
    Comment: p.comment,
    Resource: Resource.StatesStartExecutionSync2,
    Arguments: {
      StateMachineArn: `\${${stateMachineArnPlaceholder(p.workflow)}}`,
      Name: childName(p.nameSuffix),
      Input: expr(
        `$merge([${p.input}, { '${STARTED_BY_EXECUTION_ID}': $states.context.Execution.Id }])`,
      ),
    },
    TimeoutSeconds: p.timeoutSeconds,
    // No Retry: a retried StartExecution of a closed child fails with ExecutionAlreadyExists,
    // and a failed child is the child's to retry.
    Catch: rethrowCatch,
    ...(p.assign === undefined ? {} : { Assign: p.assign }),
    ...(p.output === undefined ? {} : { Output: p.output }),
    Next: p.next,
  });

/** Fails the parent with the failed child's error and cause. */
export const nestedFailure = (): Named<FailState> =>
  fail(NESTED_FAILURE_STATE, {
    Comment: "A nested execution failed: the parent fails with the child's error and cause",
    Error: expr('$states.input.Error'),
    Cause: expr('$states.input.Cause'),
  });
