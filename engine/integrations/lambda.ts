/**
 * Lambda, run in process. `arn:aws:states:::lambda:invoke` returns AWS's envelope
 * (`ExecutedVersion`, `Payload`, `SdkHttpMetadata`, `SdkResponseMetadata`, `StatusCode`); a direct
 * function ARN returns the payload itself. A handler that throws fails the task the way Lambda
 * reports an unhandled error: Error = the error's `name` (Lambda's `errorType`), Cause = the JSON
 * `{"errorType","errorMessage","trace"}`. Lambda's own `Lambda.*` service errors are never
 * synthesised (but for a request Invoke's API model rejects: `Lambda.AWSLambdaException`, from
 * `validate-request.ts`); a test that needs one can throw an error with that name from its handler.
 */
import type { JsonObject, JsonValue, LambdaContext, LambdaHandler } from '../api.ts';
import { StatesFailure, StatesRuntimeError } from '../errors.ts';
import type { RunContext } from '../execution.ts';
import { isPlainObject, Serialized, toJson } from '../json.ts';
import type { Integration, IntegrationCall } from './types.ts';
import { requestFailure } from './validate-request.ts';

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

/** The `Date` HTTP header for a time, remembered per second (it has second precision). */
let lastDateSecond = Number.NaN;
let lastDateHeader = '';
function httpDate(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastDateSecond) {
    lastDateSecond = second;
    lastDateHeader = new Date(second * 1000).toUTCString();
  }
  return lastDateHeader;
}

/**
 * The Lambda context object: a plain object with every field its own data property (callers
 * spread it, e.g. to send it to a worker thread, as Lambda's own runtime hands out plain objects).
 */
function lambdaContext(
  name: string,
  arn: string,
  requestId: string,
  call: IntegrationCall,
): LambdaContext {
  const day = call.now().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: arn,
    memoryLimitInMB: '128',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `${day}/[$LATEST]${requestId.replaceAll('-', '')}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, call.remainingMs()),
  };
}

type Target = { handler: LambdaHandler; name: string; arn: string };
const targets = new WeakMap<RunContext, Map<string, Target>>();

/** The handler a function reference resolves to, looked up once per run and reference. */
function target(run: RunContext, reference: string): Target {
  let cache = targets.get(run);
  if (!cache) {
    cache = new Map();
    targets.set(run, cache);
  }
  let found = cache.get(reference);
  if (!found) {
    const handler = findHandler(run.lambdaHandlers, reference);
    const name = functionNameOf(reference);
    if (!handler) {
      throw new StatesRuntimeError(
        `No in-process Lambda handler for the function '${reference}'. Register one: runExecution(definition, input, { lambdaHandlers: { '${name}': async (event, context) => result } }) (a key may be the name or the function ARN).`,
      );
    }
    const arn = functionArn.test(reference)
      ? reference
      : `arn:aws:lambda:${run.region}:${run.account}:function:${name}`;
    found = { handler, name, arn };
    cache.set(reference, found);
  }
  return found;
}

/** Calls the handler with the payload (the task already made the arguments a JSON copy). */
function callHandler(run: RunContext, reference: string, payload: unknown, call: IntegrationCall) {
  const { handler, name, arn } = target(run, reference);
  const requestId = run.uuid();
  const context = lambdaContext(name, arn, requestId, call);
  let pending: Promise<unknown>;
  try {
    pending = Promise.resolve(handler(payload, context));
  } catch (error) {
    pending = Promise.reject(error);
  }
  return pending.then(
    (result) => ({ requestId, result }),
    (error: unknown) => {
      const { errorType, cause } = lambdaErrorCause(error);
      throw new StatesFailure(errorType, cause, { cause: error });
    },
  );
}

/**
 * lambda:invoke's result: the envelope is written as text around the payload's JSON, and its value
 * built around a parsed copy of the payload (the handler keeps its own object).
 */
function envelope(result: unknown, requestId: string, date: string): Serialized {
  const payloadText = toJson(result === undefined ? null : result);
  const text = `{"ExecutedVersion":"$LATEST","Payload":${payloadText},"SdkHttpMetadata":{"AllHttpHeaders":{"Connection":["keep-alive"],"Content-Type":["application/json"],"Date":["${date}"],"X-Amz-Executed-Version":["$LATEST"],"x-amzn-RequestId":["${requestId}"]},"HttpHeaders":{"Connection":"keep-alive","Content-Type":"application/json","Date":"${date}","X-Amz-Executed-Version":"$LATEST","x-amzn-RequestId":"${requestId}"},"HttpStatusCode":200},"SdkResponseMetadata":{"RequestId":"${requestId}"},"StatusCode":200}`;
  const value: JsonObject = {
    ExecutedVersion: '$LATEST',
    Payload: JSON.parse(payloadText) as JsonValue,
    SdkHttpMetadata: {
      AllHttpHeaders: {
        Connection: ['keep-alive'],
        'Content-Type': ['application/json'],
        Date: [date],
        'X-Amz-Executed-Version': ['$LATEST'],
        'x-amzn-RequestId': [requestId],
      },
      HttpHeaders: {
        Connection: 'keep-alive',
        'Content-Type': 'application/json',
        Date: date,
        'X-Amz-Executed-Version': '$LATEST',
        'x-amzn-RequestId': requestId,
      },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
  return new Serialized(value, text);
}

export function lambdaInvokeIntegration(run: RunContext, resource: string): BuiltIn | undefined {
  if (!invokeResource.test(resource)) return undefined;
  return {
    lambdaFunction: false,
    invoke: (args, ctx) => {
      const request = isPlainObject(args) ? args : {};
      const fn = request.FunctionName;
      if (typeof fn !== 'string' || fn.length === 0) {
        return Promise.reject(
          new StatesRuntimeError(
            `lambda:invoke needs Arguments.FunctionName (a function name or ARN), got ${JSON.stringify(fn)}`,
          ),
        );
      }
      const rejected = requestFailure(resource, args, ctx);
      if (rejected) return Promise.reject(rejected);
      const payload = request.Payload === undefined ? {} : request.Payload;
      if (request.InvocationType === 'Event') {
        // Asynchronous invocation: Lambda accepts the event and the task does not wait for it.
        callHandler(run, fn, payload, ctx).catch(() => undefined);
        return Promise.resolve({ Payload: '', StatusCode: 202 });
      }
      return callHandler(run, fn, payload, ctx).then(({ requestId, result }) =>
        envelope(result, requestId, httpDate(ctx.run.clock.nowMs())),
      );
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
