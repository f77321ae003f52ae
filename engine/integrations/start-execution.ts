/**
 * The optimized Step Functions integration: a Task starts an execution of another state machine
 * (a nested workflow) with the `StateMachineArn`, `Input` (an object, or JSON text) and optional
 * `Name` of its Arguments, in one of the four patterns:
 *
 * - `states:startExecution`: StartExecution's response at once; the child runs on.
 * - `.sync` / `.sync:2`: waits for the child and returns its DescribeExecution response
 *   (`sfn-responses.ts`); a child that did not succeed fails the task with States.TaskFailed.
 * - `.waitForTaskToken`: starts the child (which gets the token through its Input) and waits for
 *   SendTaskSuccess / SendTaskFailure on the run's `TaskTokens`.
 *
 * The first three are linked as on AWS: when the `.sync` task is stopped (its execution stopped
 * or timed out, its TimeoutSeconds reached, a sibling branch failed), Step Functions stops the
 * child. The integration's IAM policy for `.sync` grants `states:StopExecution` on the child's
 * executions for that; request-response and `.waitForTaskToken` get StartExecution only, and
 * their children run on.
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html
 * https://docs.aws.amazon.com/step-functions/latest/dg/stepfunctions-iam.html
 *
 * API errors fail the task as `StepFunctions.<Code>Exception` with the SDK's cause text (AWS
 * recorded `StepFunctions.StateMachineDoesNotExistException`, "State Machine Does Not Exist:
 * '<arn>' (Service: AWSStepFunctions; Status Code: 400; Error Code: StateMachineDoesNotExist;
 * Request ID: <id>; Proxy: null)").
 */
import { StatesFailure, StatesTaskFailedError } from '../errors.ts';
import type { StartedExecution, StartRequest } from '../execution.ts';
import { isPlainObject, toJson } from '../json.ts';
import { exceptionName, SfnApiError } from '../sfn-api-error.ts';
import { describeExecution, startExecutionResponse } from './sfn-responses.ts';
import type { Integration, IntegrationCall } from './types.ts';
import { checkRequest } from './validate-request.ts';

const resourcePattern =
  /^arn:aws[a-z-]*:states:::states:startExecution(\.sync:2|\.sync|\.waitForTaskToken)?$/;

type Pattern = '' | '.sync' | '.sync:2' | '.waitForTaskToken';

export function startExecutionIntegration(
  resource: string,
): Pick<Integration, 'lambdaFunction' | 'invoke'> | undefined {
  const match = resourcePattern.exec(resource);
  if (!match) return undefined;
  const pattern = (match[1] ?? '') as Pattern;
  return {
    lambdaFunction: false,
    invoke: async (args, call) => {
      try {
        return await startExecution(resource, pattern, args, call);
      } catch (thrown) {
        if (thrown instanceof SfnApiError) throw apiFailure(thrown, call);
        throw thrown;
      }
    },
  };
}

function apiFailure(error: SfnApiError, call: IntegrationCall): StatesFailure {
  const cause = `${error.message} (Service: AWSStepFunctions; Status Code: 400; Error Code: ${error.code}; Request ID: ${call.run.uuid()}; Proxy: null)`;
  return new StatesFailure(`StepFunctions.${exceptionName(error.code)}`, cause, { cause: error });
}

/** StartExecution's parameters from the Task's Arguments; a missing or bad one is the API's error. */
function startRequest(args: unknown): StartRequest {
  const request = isPlainObject(args) ? args : {};
  const arn = request.StateMachineArn;
  if (typeof arn !== 'string') {
    throw new SfnApiError(
      'ValidationException',
      `1 validation error detected: Value ${toJson(arn ?? null)} at 'stateMachineArn' failed to satisfy constraint: Member must not be null`,
    );
  }
  const name = request.Name;
  if (name !== undefined && typeof name !== 'string') {
    throw new SfnApiError('InvalidName', `Invalid Name: '${toJson(name)}'`);
  }
  // "If you don't include any JSON input data, you still must include the two braces": a missing
  // or null Input starts the child with {} (AWS recorded `"Input": null` giving Input "{}").
  const input = request.Input;
  let inputText: string;
  if (typeof input === 'string') {
    try {
      JSON.parse(input);
    } catch (error) {
      throw new SfnApiError(
        'InvalidExecutionInput',
        `Invalid State Machine Execution Input: '${(error as Error).message}'`,
      );
    }
    inputText = input;
  } else {
    inputText = input === undefined || input === null ? '{}' : toJson(input);
  }
  return { stateMachineArn: arn, name, inputText };
}

async function startExecution(
  resource: string,
  pattern: Pattern,
  args: unknown,
  call: IntegrationCall,
): Promise<unknown> {
  const { run } = call;
  const request = startRequest(args);
  // Then the rest of StartExecution's API model (lengths, unknown members; validate-request.ts).
  checkRequest(resource, args, call);
  const parent = { arn: call.executionArn, run };
  const tokens = run.taskTokens;
  // The Task state registered the token of a `.waitForTaskToken` task before calling this.
  const token = pattern === '.waitForTaskToken' ? call.taskToken : undefined;
  const sync = pattern === '.sync' || pattern === '.sync:2';
  let started: ReturnType<typeof run.children.start>;
  try {
    started = run.children.start(request, parent, sync ? call.cancel : undefined);
  } catch (thrown) {
    if (token !== undefined) tokens.close(token);
    throw thrown;
  }
  const response = startExecutionResponse(started, run.uuid(), run.clock.nowMs());
  if (pattern === '') return response;
  call.submitted(response);
  call.timeOutOnClock();
  return waitFor(started, pattern);
}

/** The `.sync`, `.sync:2` or `.waitForTaskToken` wait, once the child has started. */
async function waitFor(started: StartedExecution, pattern: Pattern): Promise<unknown> {
  if (pattern === '.waitForTaskToken') {
    // The Task state ends the task when SendTaskSuccess / SendTaskFailure sends the token's
    // outcome (or at its timeout); the child runs on regardless.
    return new Promise<never>(() => undefined);
  }

  const child = await started.done;
  if (child.status === 'SUCCEEDED') {
    return describeExecution(child, started.inputText, pattern === '.sync:2');
  }
  throw new StatesTaskFailedError(toJson(describeExecution(child, started.inputText, false)));
}
