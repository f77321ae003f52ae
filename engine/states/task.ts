/**
 * Task: evaluates Arguments, runs the integration the Resource names, and reports it with
 * TaskScheduled / TaskStarted / [TaskSubmitted] / TaskSucceeded | TaskFailed | TaskTimedOut (or
 * the LambdaFunction* events for a direct function ARN). TimeoutSeconds cuts a handler that runs
 * too long: its signal is aborted and the task fails with States.Timeout. Retry and Catch wrap
 * each attempt.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { JsonValue } from '../api.ts';
import { bindingsFor } from '../context.ts';
import { ExecutionAbortedError, StatesFailure, StatesTimeoutError, toFailure } from '../errors.ts';
import {
  type Integration,
  resolveIntegration,
  type TaskContext,
} from '../integrations/registry.ts';
import { checkPayloadSize, toJson } from '../json.ts';
import { evaluateTemplate } from '../jsonata/template.ts';
import type { TaskModel } from '../model.ts';
import { withRetryAndCatch } from '../retry.ts';
import { exitState, finishState, nextOf, type StateOutcome, type StateRun } from './common.ts';
import { TaskTimer } from './task-timer.ts';
import { evaluateInteger } from './values.ts';

export function runTask(run: StateRun<TaskModel>): Promise<StateOutcome> {
  return withRetryAndCatch(run, () => attempt(run));
}

/** Rejects with the signal's reason as soon as it aborts, whatever the promise does. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

async function attempt(run: StateRun<TaskModel>): Promise<StateOutcome> {
  const { state, frame, info } = run;
  const exec = frame.exec;
  const clock = exec.run.clock;
  if (state.resource.endsWith('.waitForTaskToken') && info.taskToken === undefined) {
    info.taskToken = `${exec.run.uuid()}${exec.run.uuid()}`.replaceAll('-', '');
  }
  const args: JsonValue = state.arguments
    ? await evaluateTemplate(state.arguments, bindingsFor(frame.scope, info, run.input))
    : run.input;
  const timeoutSeconds = state.timeoutSeconds
    ? await evaluateInteger(run, state.timeoutSeconds, 1)
    : undefined;
  const heartbeatSeconds = state.heartbeatSeconds
    ? await evaluateInteger(run, state.heartbeatSeconds, 1)
    : undefined;
  const argsText = toJson(args);
  checkPayloadSize(argsText, `The parameters of task '${state.name}'`);

  const events = eventsFor(run, safeResolve(run));
  events.scheduled(argsText, timeoutSeconds, heartbeatSeconds);
  const integration = events.integration;
  if (integration instanceof StatesFailure) {
    events.failed(integration);
    throw integration;
  }
  events.started();

  const timeout = timeoutSeconds === undefined ? undefined : new AbortController();
  const signal = timeout ? AbortSignal.any([frame.signal, timeout.signal]) : frame.signal;
  const timer = new TaskTimer(
    clock,
    timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
    () => timeout?.abort(new StatesTimeoutError()),
  );
  const ctx: TaskContext = {
    resource: state.resource,
    stateName: state.name,
    executionName: exec.name,
    executionArn: exec.arn,
    signal,
    now: () => clock.nowDate(),
    sleep: (ms) => timer.sleep(ms, signal),
    timeScale: clock.timeScale,
    submitted: (response) => events.submitted(toJson(response)),
    remainingMs: () => timer.remaining(),
    ...(info.taskToken !== undefined ? { taskToken: info.taskToken } : {}),
  };
  let raw: unknown;
  try {
    raw = await raceAbort(integration.invoke(JSON.parse(argsText), ctx), signal);
  } catch (thrown) {
    if (frame.signal.aborted) throw frame.signal.reason;
    if (thrown instanceof ExecutionAbortedError) throw thrown;
    if (timeout?.signal.aborted) {
      const failure = new StatesTimeoutError(undefined, { cause: thrown });
      events.timedOut(failure);
      throw failure;
    }
    const failure = thrown instanceof StatesFailure ? thrown : integrationFailure(thrown);
    events.failed(failure);
    throw failure;
  } finally {
    timer.dispose();
  }
  const resultText = toJson(raw);
  try {
    checkPayloadSize(resultText, `The state/task '${state.resource}' returned a result that`);
  } catch (thrown) {
    events.failed(toFailure(thrown));
    throw thrown;
  }
  events.succeeded(resultText);
  const result = JSON.parse(resultText) as JsonValue;
  return exitState(run, await finishState(run, { value: result }), nextOf(state));
}

function safeResolve(run: StateRun<TaskModel>): Integration | StatesFailure {
  try {
    return resolveIntegration(run.frame.exec.run, run.state.resource);
  } catch (thrown) {
    return toFailure(thrown);
  }
}

/** Any Error thrown by an integration: its `name` is the error, its `message` the cause. */
function integrationFailure(thrown: unknown): StatesFailure {
  if (thrown instanceof Error) {
    const error =
      'error' in thrown && typeof thrown.error === 'string' ? thrown.error : thrown.name;
    return new StatesFailure(error, thrown.message, { cause: thrown });
  }
  return new StatesFailure('States.TaskFailed', String(thrown), { cause: thrown });
}

type EventDetails = Partial<HistoryEvent>;

/** The event family for the task: Task* for integrations, LambdaFunction* for function ARNs. */
function eventsFor(run: StateRun<TaskModel>, integration: Integration | StatesFailure) {
  const { frame, state } = run;
  const lambda = !(integration instanceof StatesFailure) && integration.lambdaFunction;
  const names =
    integration instanceof StatesFailure
      ? { resourceType: 'unknown', resource: state.resource }
      : { resourceType: integration.resourceType, resource: integration.resourceName };
  const emit = (type: string, key?: keyof EventDetails, details?: object) =>
    frame.emit(type as never, key as never, details as never);
  const withError = (f: StatesFailure) => ({
    ...(f.error !== undefined ? { error: f.error } : {}),
    ...(f.causeText !== undefined ? { cause: f.causeText } : {}),
  });
  return {
    integration,
    scheduled(parameters: string, timeoutInSeconds?: number, heartbeatInSeconds?: number) {
      const limits = {
        ...(timeoutInSeconds !== undefined ? { timeoutInSeconds } : {}),
        ...(heartbeatInSeconds !== undefined ? { heartbeatInSeconds } : {}),
      };
      if (lambda) {
        emit('LambdaFunctionScheduled', 'lambdaFunctionScheduledEventDetails', {
          resource: names.resource,
          input: parameters,
          inputDetails: { truncated: false },
          ...(timeoutInSeconds !== undefined ? { timeoutInSeconds } : {}),
        });
      } else {
        emit('TaskScheduled', 'taskScheduledEventDetails', {
          ...names,
          region: frame.exec.run.region,
          parameters,
          ...limits,
        });
      }
    },
    started() {
      if (lambda) emit('LambdaFunctionStarted');
      else emit('TaskStarted', 'taskStartedEventDetails', names);
    },
    submitted(output: string) {
      if (!lambda) {
        emit('TaskSubmitted', 'taskSubmittedEventDetails', {
          ...names,
          output,
          outputDetails: { truncated: false },
        });
      }
    },
    succeeded(output: string) {
      if (lambda) {
        emit('LambdaFunctionSucceeded', 'lambdaFunctionSucceededEventDetails', {
          output,
          outputDetails: { truncated: false },
        });
      } else {
        emit('TaskSucceeded', 'taskSucceededEventDetails', {
          ...names,
          output,
          outputDetails: { truncated: false },
        });
      }
    },
    failed(failure: StatesFailure) {
      if (lambda)
        emit('LambdaFunctionFailed', 'lambdaFunctionFailedEventDetails', withError(failure));
      else emit('TaskFailed', 'taskFailedEventDetails', { ...names, ...withError(failure) });
    },
    timedOut(failure: StatesFailure) {
      if (lambda)
        emit('LambdaFunctionTimedOut', 'lambdaFunctionTimedOutEventDetails', withError(failure));
      else emit('TaskTimedOut', 'taskTimedOutEventDetails', { ...names, ...withError(failure) });
    },
  };
}
