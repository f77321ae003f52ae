/**
 * `runExecution`: one Standard-workflow execution of a definition, in process. It never throws for
 * a bad definition or input: those come back as a FAILED result (`InvalidDefinition`, the error
 * CreateStateMachine answers on AWS, or `States.DataLimitExceeded` for an input over 256 KiB) with
 * no events, since AWS would not have started the execution.
 */

import { uuid } from '../asl/sfn-functions.ts';
import type { ExecutionRef, ExecutionResult, JsonValue, RunOptions } from './api.ts';
import { Cancel } from './cancel.ts';
import { EngineClock } from './clock.ts';
import { ExecutionAbortedError, toFailure } from './errors.ts';
import { execute } from './execute.ts';
import type { Execution, RunContext } from './execution.ts';
import { checkExecutionName, RunExecutions } from './executions.ts';
import { History } from './history.ts';
import { checkPayloadSize, jsonInputProblem, toJson } from './json.ts';
import { SfnApiError } from './sfn-api-error.ts';
import { TaskTokens } from './task-tokens.ts';
import { prepareDefinition } from './validate.ts';

const defaultRoleArn = 'arn:aws:iam::123456789012:role/local-execution-role';

function failed(executionArn: string, error: string, cause: string): ExecutionResult {
  return { status: 'FAILED', error, cause, executionArn, events: [], billableTransitions: 0 };
}

export function runExecution(
  definition: unknown,
  input: unknown,
  options: RunOptions = {},
): Promise<ExecutionResult> {
  return startRun(definition, input, options, true);
}

/**
 * `runExecution` for TestState, whose `context.Execution.Name` is a Context object value, not a
 * StartExecution name: it is not held to the name rules.
 */
export function runWithContextName(
  definition: unknown,
  input: unknown,
  options: RunOptions,
): Promise<ExecutionResult> {
  return startRun(definition, input, options, false);
}

async function startRun(
  definition: unknown,
  input: unknown,
  options: RunOptions,
  checkName: boolean,
): Promise<ExecutionResult> {
  const random = options.random ?? Math.random;
  const timeScale = options.timeScale ?? 1;
  const clock = new EngineClock(options.now, timeScale >= 0 ? timeScale : 1);
  const region = options.region ?? 'us-east-1';
  const roleArn = options.roleArn ?? defaultRoleArn;
  const account = roleArn.split(':')[4] || '123456789012';
  const stateMachineName = options.stateMachineName ?? 'local-state-machine';
  const stateMachineArn = `arn:aws:states:${region}:${account}:stateMachine:${stateMachineName}`;
  const makeUuid = () => uuid(random);
  const name = options.executionName ?? makeUuid();
  const arn = `arn:aws:states:${region}:${account}:execution:${stateMachineName}:${name}`;

  if (!(timeScale >= 0 && Number.isFinite(timeScale))) {
    return failed(
      arn,
      'InvalidParameter',
      `options.timeScale must be a finite number >= 0, got ${timeScale}`,
    );
  }
  if (checkName && options.executionName !== undefined) {
    // StartExecution's name rules, as for a child execution: `InvalidName` for a character the
    // API refuses, `ValidationException` for a length outside 1 to 80.
    try {
      checkExecutionName(options.executionName);
    } catch (error) {
      if (error instanceof SfnApiError) return failed(arn, error.code, error.message);
      throw error;
    }
  }
  // Expressions check for a stop while they run; the controller exists only further down.
  let stopReason: () => unknown = () => undefined;
  const prepared = prepareDefinition(
    definition,
    options.substitutions,
    { random, nowMs: () => clock.nowMs() },
    { ...options.expressionBudget, interrupted: () => stopReason() },
  );
  if (!prepared.machine) {
    const list = prepared.problems.map((p) => `- ${p}`).join('\n');
    return failed(
      arn,
      'InvalidDefinition',
      `Invalid State Machine Definition: ${prepared.problems.length} problem(s):\n${list}`,
    );
  }
  const inputProblem = jsonInputProblem(input);
  if (inputProblem !== undefined) {
    return failed(
      arn,
      'InvalidExecutionInput',
      `The execution input is not valid JSON: ${inputProblem}`,
    );
  }
  let inputText: string;
  try {
    inputText = toJson(input === undefined ? {} : input);
    checkPayloadSize(inputText, 'The execution input');
  } catch (error) {
    const failure = toFailure(error);
    return failed(
      arn,
      failure.error ?? 'InvalidExecutionInput',
      failure.causeText ?? String(error),
    );
  }
  const executionInput = JSON.parse(inputText) as JsonValue;

  const controller = new Cancel();
  stopReason = () => (controller.aborted ? controller.reason : undefined);
  const ref: ExecutionRef = { executionArn: arn, name, stateMachineArn };
  const onExecutionEvent = options.onExecutionEvent;
  const onEvent = options.onEvent;
  const history = new History({
    clock,
    retain: true,
    onEvent: onExecutionEvent
      ? (event) => {
          onEvent?.(event);
          onExecutionEvent(event, ref);
        }
      : onEvent,
    onLimit: () => controller.abort(new ExecutionAbortedError('history-limit')),
  });
  const executions = new RunExecutions({
    stateMachines: options.stateMachines ?? {},
    substitutions: options.substitutions,
    expressionBudget: options.expressionBudget,
    onExecutionEvent,
  });
  const run: RunContext = {
    clock,
    random,
    lambdaHandlers: options.lambdaHandlers ?? {},
    integrations: options.integrations ?? {},
    stateIntegrations: options.stateIntegrations ?? {},
    emr: options.emr,
    s3: options.s3,
    region,
    account,
    roleArn,
    stateMachineName,
    stateMachineArn,
    machine: prepared.machine,
    uuid: makeUuid,
    children: executions,
    taskTokens: options.taskTokens ?? new TaskTokens(),
    ...(options.keepMapRunChildren ? { mapRunChildren: [] } : {}),
  };
  const exec: Execution = {
    run,
    history,
    arn,
    name,
    input: executionInput,
    startMs: clock.nowMs(),
    stateMachineArn,
    stateMachineName,
    billing: { transitions: 0 },
  };
  const stop = () =>
    controller.abort(new ExecutionAbortedError('stopped', { cause: options.signal?.reason }));
  const shutdown = () => {
    const reason = options.shutdownSignal?.reason;
    controller.abort(new ExecutionAbortedError('stopped', { cause: reason }));
    executions.stopAll(reason);
  };
  options.signal?.addEventListener('abort', stop, { once: true });
  options.shutdownSignal?.addEventListener('abort', shutdown, { once: true });
  if (options.signal?.aborted) stop();
  if (options.shutdownSignal?.aborted) shutdown();
  const ended = executions.addRoot(arn, inputText);
  let result: ExecutionResult;
  try {
    result = await execute(exec, controller, inputText);
  } finally {
    ended();
    options.signal?.removeEventListener('abort', stop);
  }
  try {
    // Children run on after a request-response start or a stop of their parent, as on AWS; the
    // run is over when they are.
    const children = await executions.settled();
    if (children.length > 0) result.childExecutions = children;
    if (run.mapRunChildren) result.mapRunChildren = run.mapRunChildren;
  } finally {
    options.shutdownSignal?.removeEventListener('abort', shutdown);
  }
  return result;
}
