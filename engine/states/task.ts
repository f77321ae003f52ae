/**
 * Task: evaluates Arguments, runs the integration the Resource names, and reports it with
 * TaskScheduled / TaskStarted / [TaskSubmitted] / TaskSucceeded | TaskFailed | TaskTimedOut (or
 * the LambdaFunction* events for a direct function ARN). TimeoutSeconds cuts a handler that runs
 * too long: its signal is aborted and the task fails with States.Timeout. Retry and Catch wrap
 * each attempt. Integrations get a JSON copy of the arguments and their result goes through JSON,
 * as data crossing a service boundary does.
 */
import type { JsonValue } from '../api.ts';
import { raceAbort } from '../cancel.ts';
import { ExecutionAbortedError, StatesFailure, StatesTimeoutError, toFailure } from '../errors.ts';
import { resolveIntegration, stateIntegration } from '../integrations/registry.ts';
import type { Integration } from '../integrations/types.ts';
import { checkPayloadSize, checkResultSize, resourceType, Serialized, toJson } from '../json.ts';
import { evaluateTemplate } from '../jsonata/template.ts';
import type { TaskModel } from '../model.ts';
import { withRetryAndCatch } from '../retry.ts';
import {
  exitState,
  finishState,
  nextOf,
  runBindings,
  type StateOutcome,
  type StateRun,
  stateInput,
} from './lifecycle.ts';
import { TaskCall } from './task-call.ts';
import * as events from './task-events.ts';
import { evaluateInteger } from './values.ts';

export function runTask(run: StateRun<TaskModel>): Promise<StateOutcome> {
  const { state } = run;
  if (state.retry.length === 0 && state.catchers.length === 0) return attempt(run);
  return withRetryAndCatch(run, () => attempt(run));
}

function resolve(run: StateRun<TaskModel>): Integration | StatesFailure {
  try {
    const runContext = run.frame.exec.run;
    return (
      stateIntegration(runContext, run.state.name, run.state.resource) ??
      resolveIntegration(runContext, run.state.resource)
    );
  } catch (thrown) {
    return toFailure(thrown);
  }
}

/** Any Error thrown by an integration: its `name` (or IntegrationError's `error`) and message. */
function integrationFailure(thrown: unknown): StatesFailure {
  if (thrown instanceof StatesFailure) return thrown;
  if (thrown instanceof Error) {
    const error =
      'error' in thrown && typeof thrown.error === 'string' ? thrown.error : thrown.name;
    return new StatesFailure(error, thrown.message, { cause: thrown });
  }
  return new StatesFailure('States.TaskFailed', String(thrown), { cause: thrown });
}

async function attempt(run: StateRun<TaskModel>): Promise<StateOutcome> {
  const { state, frame, info } = run;
  const exec = frame.exec;
  if (state.resource.endsWith('.waitForTaskToken') && info.taskToken === undefined) {
    info.taskToken = `${exec.run.uuid()}${exec.run.uuid()}`.replaceAll('-', '');
  }
  let args = state.arguments
    ? evaluateTemplate(state.arguments, runBindings(run))
    : stateInput(run);
  if (args instanceof Promise) args = await args;
  const timeoutSeconds = state.timeoutSeconds
    ? await evaluateInteger(run, state.timeoutSeconds, 1)
    : undefined;
  const heartbeatSeconds = state.heartbeatSeconds
    ? await evaluateInteger(run, state.heartbeatSeconds, 1)
    : undefined;
  const argsText = toJson(args);
  checkPayloadSize(argsText, `The parameters of task '${state.name}'`);

  const integration = resolve(run);
  const ev = events.taskEvents(
    frame,
    integration instanceof StatesFailure ? undefined : integration,
    state.resource,
  );
  events.scheduled(ev, argsText, timeoutSeconds, heartbeatSeconds);
  if (integration instanceof StatesFailure) {
    events.failed(ev, integration);
    throw integration;
  }
  events.started(ev);

  const cancel = timeoutSeconds === undefined ? frame.cancel : frame.cancel.child();
  const call = new TaskCall(
    exec.run,
    state.resource,
    state.name,
    exec.name,
    exec.arn,
    cancel,
    timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
    ev,
    info.taskToken,
  );
  let raw: unknown;
  try {
    raw = await raceAbort(integration.invoke(JSON.parse(argsText), call), cancel);
  } catch (thrown) {
    if (frame.cancel.aborted) throw frame.cancel.reason;
    if (thrown instanceof ExecutionAbortedError) throw thrown;
    if (cancel !== frame.cancel && cancel.aborted) {
      const failure = new StatesTimeoutError(undefined, { cause: thrown });
      events.timedOut(ev, failure);
      throw failure;
    }
    const failure = integrationFailure(thrown);
    events.failed(ev, failure);
    throw failure;
  } finally {
    call.dispose();
    if (cancel !== frame.cancel) cancel.dispose();
  }
  const resultText = raw instanceof Serialized ? raw.text : toJson(raw);
  try {
    checkResultSize(resultText, resourceType(state.resource), true);
  } catch (thrown) {
    events.failed(ev, toFailure(thrown));
    throw thrown;
  }
  events.succeeded(ev, resultText);
  const result = raw instanceof Serialized ? raw.value : (JSON.parse(resultText) as JsonValue);
  let finished = finishState(run, { value: result, text: resultText });
  if (finished instanceof Promise) finished = await finished;
  return exitState(run, finished, nextOf(state));
}
