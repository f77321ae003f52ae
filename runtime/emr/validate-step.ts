/**
 * Checks an AddJobFlowSteps request (one step, as Step Functions' `addStep.sync` sends it) the
 * way EMR's API does, against EMR's API model (asl/service-models/: members, types, required
 * members, the ActionOnFailure enum), and returns its parts.
 */
import { checkEmrModel } from './validate.ts';

export type StepRequest = {
  clusterId: string;
  name: string;
  jar: string;
  args: string[];
  actionOnFailure: string;
  properties: Record<string, string>;
};

type Checked = {
  ClusterId: string;
  Step: {
    Name: string;
    ActionOnFailure?: string;
    HadoopJarStep: {
      Jar: string;
      Args?: string[];
      Properties?: { Key?: string; Value?: string }[];
    };
  };
};

export function validateAddStep(request: unknown): StepRequest {
  checkEmrModel('arn:aws:states:::elasticmapreduce:addStep.sync', request);
  const { ClusterId, Step } = request as Checked;
  const properties: Record<string, string> = {};
  for (const p of Step.HadoopJarStep.Properties ?? []) {
    if (typeof p.Key === 'string') properties[p.Key] = p.Value ?? '';
  }
  return {
    clusterId: ClusterId,
    name: Step.Name,
    jar: Step.HadoopJarStep.Jar,
    args: Step.HadoopJarStep.Args ?? [],
    // EMR's default when a step names none.
    actionOnFailure: Step.ActionOnFailure ?? 'CONTINUE',
    properties,
  };
}
