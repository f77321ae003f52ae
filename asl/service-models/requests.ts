/**
 * Which API request a Task's Resource makes, and how Step Functions reports the service
 * rejecting it. The engine's integrations validate every request with it before the call
 * (engine/integrations/validate-request.ts), and checks/service-requests.ts validates the
 * literal Arguments of every workflow's Tasks.
 *
 * - `aws-sdk:<service>:<action>`: the action's input shape, members as Step Functions passes them
 *   (PascalCase, the model's member names).
 *   https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
 * - Optimized integrations take the API's request with these differences (the Step Functions
 *   developer guide, "connect-emr", "connect-lambda", "connect-stepfunctions"):
 *   `elasticmapreduce:createCluster` is RunJobFlow's request; `addStep` is AddJobFlowSteps' with
 *   `ClusterId` (the JobFlowId) and one `Step` (a StepConfig) for the list; `terminateCluster` is
 *   TerminateJobFlows' with one `ClusterId` for the JobFlowIds list; `lambda:invoke` is Invoke's,
 *   its `Payload` any JSON; `states:startExecution` is StartExecution's, its `Input` any JSON.
 *
 * Error names: "If an AWS SDK integration encounters an error, the resulting Error field is
 * composed of the service name and the error name, separated by a period ... Both in
 * PascalCase", and an error the service does not model takes the SDK's service exception
 * (supported-services-awssdk.html; S3's unmodelled `InvalidArgument` is `S3.S3Exception`, the
 * SDK v2's base S3 exception; AWS recorded an aws-sdk:s3 cause as "The specified key does not
 * exist. (Service: S3, Status Code: 404, Request ID: ..., Extended Request ID: ...)",
 * localstack/localstack#12139). The optimized integrations' causes have the AWS SDK for Java
 * v1's form, `(Service: ...; Status Code: 400; Error Code: ValidationException; ...)`, its
 * unmodelled errors being the service's `Amazon...Exception`/`AWS...Exception`: as the EMR
 * emulator reported them before (runtime/emr/validate.ts), and as AWS lists
 * `Lambda.AWSLambdaException` among the Lambda errors to retry (asl/constants.ts). For Lambda
 * this is inferred, not recorded. A JSON service's model violation is its
 * `ValidationException` ("1 validation error detected: Value ... at '...' failed to satisfy
 * constraint: ..."); S3 answers `InvalidArgument` (400).
 */
import { emrModel } from './emr.ts';
import { lambdaModel } from './lambda.ts';
import { s3Model } from './s3.ts';
import { sfnModel } from './sfn.ts';
import type { ServiceModel, Shape } from './types.ts';
import { type RequestProblem, type ValidateOptions, validateAgainstShape } from './validate.ts';

export type RequestSpec = {
  model: ServiceModel;
  /** The API operation (`RunJobFlow`). */
  operation: string;
  /** The request's shape: the operation's input, or the optimized integration's variant. */
  shape: string | Shape;
  /** Members Step Functions serialises itself (any JSON value). */
  jsonMembers: readonly string[];
  /** The task error Step Functions reports when the service rejects the request. */
  error: string;
  /** The Cause for a message, as the SDK formats it. */
  cause: (message: string, requestId: string) => string;
};

const javaV1 =
  (service: string, code: string) =>
  (message: string, requestId: string): string =>
    `${message} (Service: ${service}; Status Code: 400; Error Code: ${code}; Request ID: ${requestId}; Proxy: null)`;

const javaV2 =
  (service: string, attempts = '') =>
  (message: string, requestId: string): string =>
    `${message} (Service: ${service}, Status Code: 400, Request ID: ${requestId})${attempts}`;

function member(model: ServiceModel, shape: string, name: string): { shape: string } {
  const ref = model.shapes[shape]?.members?.[name];
  if (ref === undefined) throw new Error(`${model.service}: ${shape} has no member ${name}`);
  return ref;
}

function listItem(model: ServiceModel, shape: string, name: string): { shape: string } {
  const list = model.shapes[member(model, shape, name).shape];
  if (list?.member === undefined) throw new Error(`${model.service}: ${shape}.${name} is no list`);
  return list.member;
}

/** addStep's request: AddJobFlowSteps with ClusterId for JobFlowId and one Step of Steps. */
const addStepShape: Shape = {
  type: 'structure',
  required: ['ClusterId', 'Step'],
  members: {
    ClusterId: member(emrModel, 'AddJobFlowStepsInput', 'JobFlowId'),
    Step: listItem(emrModel, 'AddJobFlowStepsInput', 'Steps'),
    ExecutionRoleArn: member(emrModel, 'AddJobFlowStepsInput', 'ExecutionRoleArn'),
  },
};

/** terminateCluster's request: TerminateJobFlows with one ClusterId for JobFlowIds. */
const terminateClusterShape: Shape = {
  type: 'structure',
  required: ['ClusterId'],
  members: { ClusterId: listItem(emrModel, 'TerminateJobFlowsInput', 'JobFlowIds') },
};

const emrOptimized = {
  model: emrModel,
  jsonMembers: [],
  error: 'EMR.AmazonElasticMapReduceException',
  cause: javaV1('AmazonElasticMapReduce', 'ValidationException'),
} as const;

const optimized: Readonly<Record<string, RequestSpec>> = {
  'elasticmapreduce:createCluster': {
    ...emrOptimized,
    operation: 'RunJobFlow',
    shape: 'RunJobFlowInput',
  },
  'elasticmapreduce:addStep': {
    ...emrOptimized,
    operation: 'AddJobFlowSteps',
    shape: addStepShape,
  },
  'elasticmapreduce:terminateCluster': {
    ...emrOptimized,
    operation: 'TerminateJobFlows',
    shape: terminateClusterShape,
  },
  'lambda:invoke': {
    model: lambdaModel,
    operation: 'Invoke',
    shape: 'InvocationRequest',
    jsonMembers: ['Payload'],
    error: 'Lambda.AWSLambdaException',
    cause: javaV1('AWSLambda', 'ValidationException'),
  },
  'states:startExecution': {
    model: sfnModel,
    operation: 'StartExecution',
    shape: 'StartExecutionInput',
    jsonMembers: ['Input'],
    error: 'StepFunctions.ValidationException',
    cause: javaV1('AWSStepFunctions', 'ValidationException'),
  },
};

/** aws-sdk service names -> the model and how the SDK (Java v2) names its errors. */
const sdk: Readonly<
  Record<string, { model: ServiceModel; error: string; cause: RequestSpec['cause'] }>
> = {
  s3: { model: s3Model, error: 'S3.S3Exception', cause: javaV2('S3') },
  emr: { model: emrModel, error: 'Emr.EmrException', cause: javaV2('Emr') },
  lambda: { model: lambdaModel, error: 'Lambda.LambdaException', cause: javaV2('Lambda') },
  // As AWS recorded Sfn.InvalidTokenException (engine/integrations/sfn-sdk.ts).
  sfn: {
    model: sfnModel,
    error: 'Sfn.ValidationException',
    cause: javaV2('Sfn', ' (SDK Attempt Count: 1)'),
  },
};

/** JSON text members the aws-sdk integrations also take as JSON (they serialise them). */
const sdkJsonMembers: Readonly<Record<string, readonly string[]>> = {
  'lambda:Invoke': ['Payload'],
  'sfn:StartExecution': ['Input'],
  'sfn:SendTaskSuccess': ['Output'],
};

const resourcePattern =
  /^arn:aws[a-z-]*:states:::(?:aws-sdk:([a-z0-9-]+):([A-Za-z0-9]+)|([a-z]+:[A-Za-z]+))(?:\.sync(?::2)?|\.waitForTaskToken)?$/;

/**
 * The request a Task Resource makes, or undefined when no model covers it (another service or
 * action, a Lambda function ARN, an activity).
 */
export function requestSpec(resource: string): RequestSpec | undefined {
  const match = resourcePattern.exec(resource);
  if (!match) return undefined;
  const [, service, action, integration] = match;
  if (integration !== undefined) return optimized[integration];
  const known = sdk[service as string];
  if (known === undefined || action === undefined) return undefined;
  const operation = `${action.charAt(0).toUpperCase()}${action.slice(1)}`;
  const op = known.model.operations[operation];
  if (op === undefined) return undefined;
  return {
    model: known.model,
    operation,
    shape: op.input,
    jsonMembers: sdkJsonMembers[`${service}:${operation}`] ?? [],
    error: known.error,
    cause: known.cause,
  };
}

/**
 * A Distributed Map ItemReader's request: its Arguments are S3's GetObject or ListObjectsV2
 * request (`arn:aws:states:::s3:getObject` / `:s3:listObjectsV2`); a failure is the Map's
 * `States.ItemReaderFailed`. https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
 */
export function itemReaderSpec(resource: string): RequestSpec | undefined {
  const action = /^arn:aws[a-z-]*:states:::s3:(getObject|listObjectsV2)$/.exec(resource)?.[1];
  if (action === undefined) return undefined;
  const spec = requestSpec(`arn:aws:states:::aws-sdk:s3:${action}`);
  return spec && { ...spec, error: 'States.ItemReaderFailed' };
}

/** Every problem of a Task's request against its service model ([] when no model covers it). */
export function requestProblems(
  resource: string,
  request: unknown,
  options: Omit<ValidateOptions, 'jsonMembers'> = {},
): RequestProblem[] {
  const spec = requestSpec(resource);
  if (spec === undefined) return [];
  return validateAgainstShape(spec.model, spec.shape, request, spec.operation, {
    ...options,
    jsonMembers: spec.jsonMembers,
  });
}
