/**
 * Every service request a Task makes is checked against the service's API model before the call
 * (asl/service-models/: AWS's models from botocore), whoever answers it: the built-in
 * integrations check it once their own set-up is there (an EMR backend, an S3 client), just
 * before the call; the caller's `integrations` and `stateIntegrations` stand-ins get only
 * requests that pass (registry.ts). A request the service would reject fails the task with the
 * error Step Functions reports for that service (`EMR.AmazonElasticMapReduceException`,
 * `S3.S3Exception`, `Lambda.AWSLambdaException`, `StepFunctions.ValidationException`,
 * `Sfn.ValidationException`; asl/service-models/requests.ts cites the sources), its cause naming
 * every member and rule. Resources no model covers (other services and actions, Lambda function
 * ARNs, activities) pass unchecked.
 */
import { type RequestSpec, requestSpec } from '../../asl/service-models/requests.ts';
import { validateAgainstShape, validationMessage } from '../../asl/service-models/validate.ts';
import { StatesFailure } from '../errors.ts';
import type { Integration, IntegrationCall } from './types.ts';

const specs = new Map<string, RequestSpec | undefined>();

function specFor(resource: string): RequestSpec | undefined {
  if (!specs.has(resource)) specs.set(resource, requestSpec(resource));
  return specs.get(resource);
}

/** The failure the service would answer `args` with, or undefined when it accepts them. */
export function requestFailure(
  resource: string,
  args: unknown,
  call: IntegrationCall,
): StatesFailure | undefined {
  const spec = specFor(resource);
  if (spec === undefined) return undefined;
  const problems = validateAgainstShape(spec.model, spec.shape, args, spec.operation, {
    jsonMembers: spec.jsonMembers,
  });
  if (problems.length === 0) return undefined;
  return new StatesFailure(spec.error, spec.cause(validationMessage(problems), call.run.uuid()));
}

/** Throws the failure the service would answer `args` with. */
export function checkRequest(resource: string, args: unknown, call: IntegrationCall): void {
  const failure = requestFailure(resource, args, call);
  if (failure) throw failure;
}

/** A stand-in's `invoke` that gets only requests the service accepts. */
export function validatingInvoke(
  resource: string,
  invoke: Integration['invoke'],
): Integration['invoke'] {
  if (specFor(resource) === undefined) return invoke;
  return (args, call) => {
    const failure = requestFailure(resource, args, call);
    return failure ? Promise.reject(failure) : invoke(args, call);
  };
}
