/**
 * Resolves a Task's Resource to the integration that runs it. The caller's `integrations` come
 * first (an exact ARN beats a prefix, a longer prefix beats a shorter one), so tests can stand in
 * for anything; then the built-ins: `lambda:invoke`, direct Lambda function ARNs, `aws-sdk:s3:*`,
 * the three EMR `.sync` resources, `states:startExecution*` (nested executions) and
 * `aws-sdk:sfn:sendTask*` (their callbacks). Whichever answers, the request is checked against
 * the service's API model first (`validate-request.ts`): the built-ins check it themselves.
 */
import { StatesRuntimeError } from '../errors.ts';
import type { RunContext } from '../execution.ts';
import { emrIntegration } from './emr.ts';
import { directLambdaIntegration, lambdaInvokeIntegration } from './lambda.ts';
import { s3SdkIntegration } from './s3.ts';
import { sfnSdkIntegration } from './sfn-sdk.ts';
import { startExecutionIntegration } from './start-execution.ts';
import type { Integration } from './types.ts';
import { validatingInvoke } from './validate-request.ts';

const statesPrefix = /^arn:aws[a-z-]*:states:::/;

/** Splits `arn:aws:states:::aws-sdk:s3:getObject` into `aws-sdk:s3` and `getObject`. */
export function splitResource(resource: string): { resourceType: string; resourceName: string } {
  const tail = resource.replace(statesPrefix, '');
  if (tail !== resource) {
    const cut = tail.lastIndexOf(':');
    return cut < 0
      ? { resourceType: tail, resourceName: tail }
      : { resourceType: tail.slice(0, cut), resourceName: tail.slice(cut + 1) };
  }
  const parts = resource.split(':');
  return { resourceType: parts[2] ?? resource, resourceName: resource };
}

const resolved = new WeakMap<RunContext, Map<string, Integration>>();

/** The integration for a resource; resolved once per run and resource. */
export function resolveIntegration(run: RunContext, resource: string): Integration {
  let cache = resolved.get(run);
  if (!cache) {
    cache = new Map();
    resolved.set(run, cache);
  }
  let integration = cache.get(resource);
  if (!integration) {
    const found = resolveUncached(run, resource);
    integration = {
      ...found,
      names: { resourceType: found.resourceType, resource: found.resourceName },
    };
    cache.set(resource, integration);
  }
  return integration;
}

const byState = new WeakMap<RunContext, Map<string, Integration>>();
const directFunction = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:/;

/**
 * The caller's stand-in for one Task state (`RunOptions.stateIntegrations`), whatever its
 * Resource; undefined when the state has none. The events still name the Resource.
 */
export function stateIntegration(
  run: RunContext,
  stateName: string,
  resource: string,
): Integration | undefined {
  const handler = run.stateIntegrations[stateName];
  if (!handler) return undefined;
  let cache = byState.get(run);
  if (!cache) {
    cache = new Map();
    byState.set(run, cache);
  }
  const key = `${stateName}\u0000${resource}`;
  let integration = cache.get(key);
  if (!integration) {
    const split = splitResource(resource);
    integration = {
      ...split,
      names: { resourceType: split.resourceType, resource: split.resourceName },
      lambdaFunction: directFunction.test(resource),
      invoke: validatingInvoke(resource, (args, call) => handler(args, call.publicContext())),
    };
    cache.set(key, integration);
  }
  return integration;
}

function resolveUncached(run: RunContext, resource: string): Omit<Integration, 'names'> {
  const split = splitResource(resource);
  const custom = customHandler(run, resource);
  if (custom)
    return {
      ...split,
      lambdaFunction: false,
      invoke: validatingInvoke(resource, (args, call) => custom(args, call.publicContext())),
    };
  const builtIn =
    lambdaInvokeIntegration(run, resource) ??
    directLambdaIntegration(run, resource) ??
    s3SdkIntegration(run, resource) ??
    emrIntegration(run, resource) ??
    startExecutionIntegration(resource) ??
    sfnSdkIntegration(resource);
  if (builtIn) return { ...split, ...builtIn };
  throw new StatesRuntimeError(
    `No integration handles the resource '${resource}'. Register a handler for it: runExecution(definition, input, { integrations: { '${resource}': async (args, ctx) => result } }) (a key may also be an ARN prefix).`,
  );
}

function customHandler(run: RunContext, resource: string) {
  const exact = run.integrations[resource];
  if (exact) return exact;
  let best: string | undefined;
  for (const key of Object.keys(run.integrations)) {
    if (resource.startsWith(key) && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : run.integrations[best];
}
