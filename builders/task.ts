/**
 * Task state builder. TimeoutSeconds is required here (not only checked later): a Task without
 * one waits up to a year for a service that never answers.
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html
 */

import { Resource } from '../asl/constants.ts';
import { describeState } from '../asl/describe.ts';
import type { OrExpr, TaskState, Template } from '../asl/types.ts';
import {
  assertCatch,
  assertFieldsCompile,
  assertIntOrExpr,
  assertName,
  assertRetry,
  assertTransition,
  canonical,
  type DistributiveOmit,
  type Named,
} from './assert.ts';

export type TaskProps = DistributiveOmit<TaskState, 'Type' | 'TimeoutSeconds'> & {
  TimeoutSeconds: OrExpr<number>;
};

export const task = (name: string, props: TaskProps): Named<TaskState> => {
  assertName('Task', name);
  const where = describeState('Task', name);
  if (typeof props.Resource !== 'string' || props.Resource === '') {
    throw new Error(
      `${where}: Resource must be a non-empty ARN, got ${JSON.stringify(props.Resource)}`,
    );
  }
  assertTransition(where, props);
  assertIntOrExpr(where, 'TimeoutSeconds', props.TimeoutSeconds, 1);
  assertIntOrExpr(where, 'HeartbeatSeconds', props.HeartbeatSeconds, 1);
  if (
    typeof props.TimeoutSeconds === 'number' &&
    typeof props.HeartbeatSeconds === 'number' &&
    props.HeartbeatSeconds >= props.TimeoutSeconds
  ) {
    throw new Error(
      `${where}: HeartbeatSeconds must be less than TimeoutSeconds (${props.TimeoutSeconds}), got ${props.HeartbeatSeconds}`,
    );
  }
  assertRetry(where, props.Retry);
  assertCatch(where, props.Catch);
  assertFieldsCompile(where, props, [
    'Arguments',
    'TimeoutSeconds',
    'HeartbeatSeconds',
    'Credentials',
    'Output',
    'Assign',
  ]);
  return { name, state: canonical({ Type: 'Task', ...props }) as TaskState };
};

export type LambdaInvokeProps = DistributiveOmit<TaskProps, 'Resource' | 'Arguments'> & {
  /** Function name or ARN; usually a `${Placeholder}`. */
  FunctionName: string;
  /** The event the function receives (a template: may contain `{% %}`). */
  Payload: Template;
};

/**
 * A Task calling `lambda:invoke` (the optimised integration: the result is
 * `{ Payload, StatusCode, ExecutedVersion, ... }`, so Output usually picks `$states.result.Payload`).
 */
export const lambdaInvoke = (name: string, props: LambdaInvokeProps): Named<TaskState> => {
  const { FunctionName, Payload, ...rest } = props;
  if (typeof FunctionName !== 'string' || FunctionName === '') {
    throw new Error(
      `${describeState('Task', name)}: FunctionName must be a non-empty string, got ${JSON.stringify(FunctionName)}`,
    );
  }
  return task(name, {
    ...rest,
    Resource: Resource.LambdaInvoke,
    Arguments: { FunctionName, Payload },
  } as TaskProps);
};
