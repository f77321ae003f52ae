/**
 * Builds the CDK app in-process with cdk.json's context (what `npm run synth` uses) plus
 * overrides (and, optionally, a fixture workflow list), and synthesises it once. Synthesis bundles three Lambdas with esbuild, so each test
 * file shares one app across its tests.
 */

import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { cdkJsonContext, createApp } from '../../../infra/app.ts';
import type { MarketPipelineStack } from '../../../infra/stack.ts';
import { WORKFLOWS, type Workflow } from '../../../workflows/registry.ts';

export type Synth = {
  app: App;
  stack: MarketPipelineStack;
  template: Template;
  /** Wall-clock milliseconds to construct and synthesise (reported, not asserted). */
  millis: number;
};

export const synth = (
  context: Record<string, unknown> = {},
  workflows: readonly Workflow[] = WORKFLOWS,
): Synth => {
  const started = Date.now();
  // No account: an environment-agnostic template, whatever credentials the machine has.
  const { app, stack } = createApp({ ...cdkJsonContext(), ...context }, {}, { workflows });
  const template = Template.fromStack(stack);
  return { app, stack, template, millis: Date.now() - started };
};

/** cdk-nag's AwsSolutions findings that no acknowledgement covers. */
export const unacknowledgedFindings = (app: App) =>
  new AwsSolutionsChecks()
    .validateScope(app)
    .violations.flatMap((v) =>
      v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath ?? r.resourceLogicalId}`),
    );

/** Every finding, acknowledged or not (the pack with acknowledgements ignored). */
export const allFindings = (app: App) => {
  const pack = new AwsSolutionsChecks();
  Object.defineProperty(pack, 'isAcknowledged', { value: () => false });
  return pack
    .validateScope(app)
    .violations.flatMap((v) =>
      v.violatingResources.map((r) => ({ rule: v.ruleName, path: r.constructPath ?? '' })),
    );
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Resource = { Type: string; Properties?: Record<string, Json>; [key: string]: unknown };

export const resourcesOf = (template: Template, type: string): Array<[string, Resource]> =>
  Object.entries(template.findResources(type) as Record<string, Resource>);

/** Every IAM policy statement in the template: inline role policies and AWS::IAM::Policy. */
export const iamStatements = (template: Template) => {
  const statements: Array<{ owner: string; statement: Record<string, Json> }> = [];
  const add = (owner: string, doc: Json | undefined) => {
    const list = (doc as { Statement?: Json } | undefined)?.Statement;
    for (const s of [list ?? []].flat())
      statements.push({ owner, statement: s as Record<string, Json> });
  };
  for (const [id, r] of resourcesOf(template, 'AWS::IAM::Policy'))
    add(id, r.Properties?.PolicyDocument);
  for (const [id, r] of resourcesOf(template, 'AWS::IAM::Role')) {
    for (const p of (r.Properties?.Policies ?? []) as Array<{ PolicyDocument: Json }>)
      add(id, p.PolicyDocument);
  }
  return statements;
};

export const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The statements of the policies attached to one role (by the role's logical id). */
export const roleStatements = (template: Template, roleId: string) => {
  const inline = resourcesOf(template, 'AWS::IAM::Role')
    .filter(([id]) => id === roleId)
    .flatMap(
      ([, r]) => (r.Properties?.Policies ?? []) as Array<{ PolicyDocument: { Statement: Json[] } }>,
    )
    .flatMap((p) => p.PolicyDocument.Statement);
  const attached = resourcesOf(template, 'AWS::IAM::Policy')
    .filter(([, r]) =>
      asArray(r.Properties?.Roles as Json[]).some(
        (ref) => JSON.stringify(ref) === JSON.stringify({ Ref: roleId }),
      ),
    )
    .flatMap(
      ([, r]) =>
        (r.Properties?.PolicyDocument as { Statement?: Json[] } | undefined)?.Statement ?? [],
    );
  return [...inline, ...attached] as Array<Record<string, Json>>;
};
