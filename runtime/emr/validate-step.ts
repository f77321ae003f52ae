/**
 * Checks an AddJobFlowSteps request (one step, as Step Functions' `addStep.sync` sends it) the
 * way EMR's API does, and returns its parts.
 */
import { emrApiError } from './validate.ts';

export const ActionsOnFailure = [
  'TERMINATE_JOB_FLOW',
  'TERMINATE_CLUSTER',
  'CANCEL_AND_WAIT',
  'CONTINUE',
] as const;

export type StepRequest = {
  clusterId: string;
  name: string;
  jar: string;
  args: string[];
  actionOnFailure: string;
  properties: Record<string, string>;
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nullMember(wire: string): Error {
  return emrApiError(
    `1 validation error detected: Value null at '${wire}' failed to satisfy constraint: Member must not be null`,
  );
}

export function validateAddStep(request: unknown): StepRequest {
  if (!isObject(request)) throw emrApiError('AddJobFlowSteps request must be an object.');
  const clusterId = request.ClusterId;
  if (typeof clusterId !== 'string' || clusterId.length === 0) throw nullMember('jobFlowId');
  const step = request.Step;
  if (!isObject(step)) throw nullMember('steps');
  if (typeof step.Name !== 'string' || step.Name.length === 0)
    throw nullMember('steps.1.member.name');
  const jarStep = step.HadoopJarStep;
  if (!isObject(jarStep)) throw nullMember('steps.1.member.hadoopJarStep');
  if (typeof jarStep.Jar !== 'string' || jarStep.Jar.length === 0) {
    throw nullMember('steps.1.member.hadoopJarStep.jar');
  }
  const args = jarStep.Args ?? [];
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) {
    throw emrApiError(`Step '${step.Name}': HadoopJarStep.Args must be a list of strings.`);
  }
  const action = step.ActionOnFailure ?? 'CONTINUE';
  if (typeof action !== 'string' || !(ActionsOnFailure as readonly string[]).includes(action)) {
    throw emrApiError(
      `Value '${String(action)}' at 'steps.1.member.actionOnFailure' failed to satisfy constraint: Member must satisfy enum value set: [${ActionsOnFailure.join(', ')}]`,
    );
  }
  const properties: Record<string, string> = {};
  for (const p of Array.isArray(jarStep.Properties) ? jarStep.Properties : []) {
    if (isObject(p) && typeof p.Key === 'string') properties[p.Key] = String(p.Value ?? '');
  }
  return {
    clusterId,
    name: step.Name,
    jar: jarStep.Jar,
    args,
    actionOnFailure: action,
    properties,
  };
}
