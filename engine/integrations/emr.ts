/**
 * The three EMR `.sync` integrations, delegated to the caller's EmrBackend (the embedded runtime's
 * emulator). The engine checks each request against EMR's API model (`validate-request.ts`) and
 * routes it; the cluster life cycle (and any rule the model cannot express) is the backend's.
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-emr.html
 */
import { Resource } from '../../asl/constants.ts';
import type { EmrBackend, IntegrationContext } from '../api.ts';
import { StatesRuntimeError } from '../errors.ts';
import type { RunContext } from '../execution.ts';
import { isPlainObject } from '../json.ts';
import type { Integration } from './types.ts';
import { checkRequest } from './validate-request.ts';

type Call = (
  emr: EmrBackend,
  args: Record<string, unknown>,
  ctx: IntegrationContext,
) => Promise<unknown>;

const calls: Record<string, Call> = {
  [Resource.EmrCreateClusterSync]: (emr, args, ctx) => emr.createCluster(args, ctx),
  [Resource.EmrAddStepSync]: (emr, args, ctx) =>
    emr.addStep(args as { ClusterId: string; Step: Record<string, unknown> }, ctx),
  [Resource.EmrTerminateClusterSync]: (emr, args, ctx) =>
    emr.terminateCluster(args as { ClusterId: string }, ctx),
};

export function emrIntegration(
  run: RunContext,
  resource: string,
): Pick<Integration, 'lambdaFunction' | 'invoke'> | undefined {
  const call = calls[resource.replace(/^arn:aws[a-z-]*:/, 'arn:aws:')];
  if (!call) return undefined;
  return {
    lambdaFunction: false,
    invoke: async (args, ctx) => {
      if (!run.emr) {
        throw new StatesRuntimeError(
          `The resource '${resource}' needs an EMR backend: pass runExecution(definition, input, { emr: { createCluster, addStep, terminateCluster } })`,
        );
      }
      checkRequest(resource, args, ctx);
      return call(run.emr, isPlainObject(args) ? args : {}, ctx.publicContext());
    },
  };
}
