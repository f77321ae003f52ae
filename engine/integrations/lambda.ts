/**
 * Lambda, run in process. `arn:aws:states:::lambda:invoke` returns AWS's envelope
 * (`ExecutedVersion`, `Payload`, `SdkHttpMetadata`, `SdkResponseMetadata`, `StatusCode`); a direct
 * function ARN returns the payload itself. A handler that throws fails the task the way Lambda
 * reports an unhandled error: Error = the error's `name` (Lambda's `errorType`), Cause = the JSON
 * `{"errorType","errorMessage","trace"}`. Lambda's own `Lambda.*` service errors are never
 * synthesised; a test that needs one can throw an error with that name from its handler.
 */
import type { LambdaContext, LambdaHandler } from '../api.ts';
import { StatesFailure, StatesRuntimeError } from '../errors.ts';
import type { RunContext } from '../execution.ts';
import { isoTimestamp, isPlainObject, jsonCopy } from '../json.ts';
import type { Integration, TaskContext } from './registry.ts';

type BuiltIn = Pick<Integration, 'lambdaFunction' | 'invoke'> & Partial<Integration>;

const invokeResource = /^arn:aws[a-z-]*:states:::lambda:invoke(\.waitForTaskToken)?$/;
const functionArn = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:/;

/** The function name inside `name`, `name:qualifier`, `123:function:name` or a full ARN. */
export function functionNameOf(reference: string): string {
  const parts = reference.split(':');
  const at = parts.indexOf('function');
  if (at >= 0 && parts[at + 1]) return parts[at + 1] as string;
  return parts[0] as string;
}

export function findHandler(
  handlers: Readonly<Record<string, LambdaHandler>>,
  reference: string,
): LambdaHandler | undefined {
  const exact = handlers[reference];
  if (exact) return exact;
  const name = functionNameOf(reference);
  for (const key of Object.keys(handlers)) {
    if (functionNameOf(key) === name) return handlers[key];
  }
  return undefined;
}

/** The Cause Step Functions records for an unhandled Lambda error. */
export function lambdaErrorCause(error: unknown): { errorType: string; cause: string } {
  const isError = error instanceof Error;
  const errorType = isError ? error.name : typeof error;
  const body = {
    errorType,
    errorMessage: isError ? error.message : String(error),
    trace: isError && error.stack ? error.stack.split('\n') : [],
  };
  return { errorType, cause: JSON.stringify(body) };
}

async function callHandler(run: RunContext, reference: string, payload: unknown, ctx: TaskContext) {
  const handler = findHandler(run.lambdaHandlers, reference);
  const name = functionNameOf(reference);
  if (!handler) {
    throw new StatesRuntimeError(
      `No in-process Lambda handler for the function '${reference}'. Register one: runExecution(definition, input, { lambdaHandlers: { '${name}': async (event, context) => result } }) (a key may be the name or the function ARN).`,
    );
  }
  const requestId = run.uuid();
  const context: LambdaContext = {
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn.test(reference)
      ? reference
      : `arn:aws:lambda:${run.region}:${run.account}:function:${name}`,
    memoryLimitInMB: '128',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `${isoTimestamp(ctx.now().getTime()).slice(0, 10).replaceAll('-', '/')}/[$LATEST]${requestId.replaceAll('-', '')}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, ctx.remainingMs()),
  };
  try {
    return { requestId, result: await handler(jsonCopy(payload), context) };
  } catch (error) {
    const { errorType, cause } = lambdaErrorCause(error);
    throw new StatesFailure(errorType, cause, { cause: error });
  }
}

export function lambdaInvokeIntegration(run: RunContext, resource: string): BuiltIn | undefined {
  if (!invokeResource.test(resource)) return undefined;
  return {
    lambdaFunction: false,
    invoke: async (args, ctx) => {
      const request = isPlainObject(args) ? args : {};
      const fn = request.FunctionName;
      if (typeof fn !== 'string' || fn.length === 0) {
        throw new StatesRuntimeError(
          `lambda:invoke needs Arguments.FunctionName (a function name or ARN), got ${JSON.stringify(fn)}`,
        );
      }
      const payload = request.Payload === undefined ? {} : request.Payload;
      if (request.InvocationType === 'Event') {
        // Asynchronous invocation: Lambda accepts the event and the task does not wait for it.
        void callHandler(run, fn, payload, ctx).catch(() => undefined);
        return { Payload: '', StatusCode: 202 };
      }
      const { requestId, result } = await callHandler(run, fn, payload, ctx);
      const date = new Date(ctx.now()).toUTCString();
      const headers = {
        Connection: 'keep-alive',
        'Content-Type': 'application/json',
        Date: date,
        'X-Amz-Executed-Version': '$LATEST',
        'x-amzn-RequestId': requestId,
      };
      return {
        ExecutedVersion: '$LATEST',
        Payload: result === undefined ? null : result,
        SdkHttpMetadata: {
          AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
          HttpHeaders: headers,
          HttpStatusCode: 200,
        },
        SdkResponseMetadata: { RequestId: requestId },
        StatusCode: 200,
      };
    },
  };
}

export function directLambdaIntegration(run: RunContext, resource: string): BuiltIn | undefined {
  if (!functionArn.test(resource)) return undefined;
  return {
    lambdaFunction: true,
    resourceType: 'lambda',
    resourceName: resource,
    invoke: async (args, ctx) => (await callHandler(run, resource, args, ctx)).result,
  };
}
