/**
 * cdk-nag acknowledgements, each on the one construct it concerns, with its reason. Finding ids
 * are computed from the same tokens the policies use (as cdk-nag flattens them), so a renamed
 * bucket or a changed region cannot silently turn an acknowledgement into a no-op.
 */
import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { ManagedPolicy } from 'aws-cdk-lib/aws-iam';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/** `rule` without the pack prefix, e.g. `IAM4[Policy::...]` or `SQS3`. */
export const acknowledge = (scope: IConstruct, rule: string, reason: string): void => {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-${rule}`, reason });
};

/** IAM5 for one wildcard resource, written as the policy writes it (a string or a token). */
export const acknowledgeWildcardResource = (
  scope: IConstruct,
  resource: string,
  reason: string,
): void => {
  const flat = flattenCfnReference(Stack.of(scope).resolve(resource));
  acknowledge(scope, `IAM5[Resource::${flat}]`, reason);
};

/** IAM4 for one AWS managed policy, named as for `ManagedPolicy.fromAwsManagedPolicyName`. */
export const acknowledgeManagedPolicy = (scope: IConstruct, name: string, reason: string): void => {
  const arn = ManagedPolicy.fromAwsManagedPolicyName(name).managedPolicyArn;
  acknowledge(scope, `IAM4[Policy::${flattenCfnReference(Stack.of(scope).resolve(arn))}]`, reason);
};

/** IAM5 for one wildcard action, e.g. `s3:GetObject*`. */
export const acknowledgeWildcardAction = (scope: IConstruct, action: string, reason: string) =>
  acknowledge(scope, `IAM5[Action::${action}]`, reason);

type Statement = { Effect?: string; Action?: string | string[]; Resource?: unknown };

/**
 * Every IAM5 finding of one policy this project does not author (an aws-cdk-lib custom resource
 * handler's role), acknowledged with one reason. Computed the way cdk-nag computes them.
 */
export const acknowledgeAuthoredElsewhere = (policy: CfnResource, reason: string): void => {
  const stack = Stack.of(policy);
  const document = stack.resolve(
    (policy as unknown as { policyDocument: unknown }).policyDocument,
  ) as {
    Statement?: Statement[];
  };
  const findings = new Set<string>();
  for (const statement of document.Statement ?? []) {
    if (statement.Effect !== 'Allow') continue;
    for (const action of [statement.Action ?? []].flat()) {
      if (action.includes('*')) findings.add(`Action::${action}`);
    }
    for (const resource of [statement.Resource ?? []].flat()) {
      const flat = flattenCfnReference(resource);
      if (flat.includes('*')) findings.add(`Resource::${flat}`);
    }
  }
  for (const finding of findings) acknowledge(policy, `IAM5[${finding}]`, reason);
};

/** The L1 resource of an L2 construct's child, failing loudly if aws-cdk-lib renamed it. */
export const cfnChild = (scope: IConstruct, ...path: string[]): CfnResource => {
  let node: IConstruct = scope;
  for (const id of path) {
    const child = node.node.tryFindChild(id);
    if (!child) throw new Error(`cdk-nag acknowledgement: no '${id}' under ${node.node.path}`);
    node = child;
  }
  if (!CfnResource.isCfnResource(node)) throw new Error(`${node.node.path} is not a CfnResource`);
  return node;
};
