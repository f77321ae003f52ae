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
import { ExecutionAbortedError, StatesFailure, toFailure } from '../errors.ts';
import { resolveIntegration, stateIntegration } from '../integrations/registry.ts';
import type { Integration } from '../integrations/types.ts';
import { checkPayloadSize, checkResultSize, resourceType, Serialized, toJson } from '../json.ts';
import { evaluateTemplate } from '../jsonata/template.ts';
import type { TaskModel } from '../model.ts';
import { withRetryAndCatch } from '../retry.ts';
import type { TaskTokenOutcome } from '../task-tokens.ts';
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

/** What SendTaskSuccess / SendTaskFailure sent, as the task's result or failure. */
function callbackResult(outcome: TaskTokenOutcome): Serialized {
  if (outcome.ok) return new Serialized(outcome.output, outcome.outputText);
  throw new StatesFailure(outcome.error, outcome.cause);
}

/** The abort reason a task's own signal gets when the task has ended. */
const taskEnded = new ExecutionAbortedError('cancelled');

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

  const token = info.taskToken;
  const own = timeoutSeconds !== undefined || heartbeatSeconds !== undefined || token !== undefined;
  const cancel = own ? frame.cancel.child() : frame.cancel;
  const call = new TaskCall(
    exec.run,
    state.resource,
    state.name,
    exec.name,
    exec.arn,
    cancel,
    timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
    heartbeatSeconds === undefined ? undefined : heartbeatSeconds * 1000,
    ev,
    token,
  );
  const tokens = exec.run.taskTokens;
  let answered = false;
  // A token is valid from now until the task ends: SendTask* calls from anywhere reach the task.
  const callback =
    token === undefined
      ? undefined
      : tokens
          .expect({ taskToken: token, executionArn: exec.arn, stateName: state.name }, () =>
            call.sendHeartbeat(),
          )
          .then((outcome) => {
            answered = true;
            return callbackResult(outcome);
          });
  let raw: unknown;
  try {
    let pending = integration.invoke(JSON.parse(argsText), call);
    if (callback && token !== undefined) {
      // The service was called and the task waits: SendTaskSuccess / SendTaskFailure end it,
      // or (the in-process stand-in for the callback) what its handler returns.
      tokens.announce(token);
      pending = Promise.race([pending, callback]);
    }
    raw = await raceAbort(pending, cancel);
  } catch (thrown) {
    if (frame.cancel.aborted) throw frame.cancel.reason;
    if (thrown instanceof ExecutionAbortedError) throw thrown;
    if (cancel !== frame.cancel && cancel.aborted) {
      call.settleClock();
      if (frame.cancel.aborted) throw frame.cancel.reason;
      const failure = call.timeoutFailure(thrown);
      events.timedOut(ev, failure);
      throw failure;
    }
    const failure = integrationFailure(thrown);
    events.failed(ev, failure);
    throw failure;
  } finally {
    call.dispose();
    if (token !== undefined) tokens.close(token);
    // A handler still running when a callback ended the task is told to stop.
    if (answered && cancel !== frame.cancel) cancel.abort(taskEnded);
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
