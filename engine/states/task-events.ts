/**
 * The history events of one task attempt: the Task* family for service integrations, the
 * LambdaFunction* family for a direct Lambda function ARN (GetExecutionHistory's detail fields).
 */
import type { StatesFailure } from '../errors.ts';
import type { Frame } from '../execution.ts';
import type { Integration } from '../integrations/types.ts';

const notTruncated = { truncated: false };

export type TaskEvents = {
  readonly frame: Frame;
  readonly lambda: boolean;
  readonly names: { resourceType: string; resource: string };
};

export function taskEvents(
  frame: Frame,
  integration: Integration | undefined,
  resource: string,
): TaskEvents {
  return {
    frame,
    lambda: integration?.lambdaFunction ?? false,
    names: integration ? integration.names : { resourceType: 'unknown', resource },
  };
}

function errorDetails(failure: StatesFailure) {
  return {
    ...(failure.error !== undefined ? { error: failure.error } : {}),
    ...(failure.causeText !== undefined ? { cause: failure.causeText } : {}),
  };
}

export function scheduled(
  e: TaskEvents,
  parameters: string,
  timeoutInSeconds?: number,
  heartbeatInSeconds?: number,
): void {
  if (!e.frame.recording) {
    e.frame.emitBare(e.lambda ? 'LambdaFunctionScheduled' : 'TaskScheduled');
    return;
  }
  const timeout = timeoutInSeconds !== undefined ? { timeoutInSeconds } : {};
  if (e.lambda) {
    e.frame.emit('LambdaFunctionScheduled', 'lambdaFunctionScheduledEventDetails', {
      resource: e.names.resource,
      input: parameters,
      inputDetails: notTruncated,
      ...timeout,
    });
  } else {
    e.frame.emit('TaskScheduled', 'taskScheduledEventDetails', {
      ...e.names,
      region: e.frame.exec.run.region,
      parameters,
      ...timeout,
      ...(heartbeatInSeconds !== undefined ? { heartbeatInSeconds } : {}),
    });
  }
}

export function started(e: TaskEvents): void {
  if (!e.frame.recording) e.frame.emitBare(e.lambda ? 'LambdaFunctionStarted' : 'TaskStarted');
  else if (e.lambda) e.frame.emit('LambdaFunctionStarted');
  else e.frame.emit('TaskStarted', 'taskStartedEventDetails', e.names);
}

export function submitted(e: TaskEvents, output: string): void {
  if (!e.lambda) {
    e.frame.emit('TaskSubmitted', 'taskSubmittedEventDetails', {
      ...e.names,
      output,
      outputDetails: notTruncated,
    });
  }
}

export function succeeded(e: TaskEvents, output: string): void {
  if (!e.frame.recording) {
    e.frame.emitBare(e.lambda ? 'LambdaFunctionSucceeded' : 'TaskSucceeded');
  } else if (e.lambda) {
    e.frame.emit('LambdaFunctionSucceeded', 'lambdaFunctionSucceededEventDetails', {
      output,
      outputDetails: notTruncated,
    });
  } else {
    e.frame.emit('TaskSucceeded', 'taskSucceededEventDetails', {
      ...e.names,
      output,
      outputDetails: notTruncated,
    });
  }
}

export function failed(e: TaskEvents, failure: StatesFailure): void {
  if (e.lambda)
    e.frame.emit('LambdaFunctionFailed', 'lambdaFunctionFailedEventDetails', errorDetails(failure));
  else
    e.frame.emit('TaskFailed', 'taskFailedEventDetails', { ...e.names, ...errorDetails(failure) });
}

export function timedOut(e: TaskEvents, failure: StatesFailure): void {
  if (e.lambda)
    e.frame.emit(
      'LambdaFunctionTimedOut',
      'lambdaFunctionTimedOutEventDetails',
      errorDetails(failure),
    );
  else
    e.frame.emit('TaskTimedOut', 'taskTimedOutEventDetails', {
      ...e.names,
      ...errorDetails(failure),
    });
}
