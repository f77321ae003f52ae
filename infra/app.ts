/**
 * CDK entry point (cdk.json: `npx tsx infra/app.ts`). Settings come from CDK context with
 * documented defaults (docs/deploy.md); cdk-nag's AwsSolutions pack runs as a validation plugin,
 * so `npm run synth` fails on any finding that is not acknowledged with a reason.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { WORKFLOWS, type Workflow } from '../workflows/registry.ts';
import { readSettings } from './settings.ts';
import { MarketPipelineStack } from './stack.ts';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..');

/**
 * cdk.json's context (feature flags, settings). The CLI passes it to the app itself; tests that
 * build the app in-process read it here so they synthesise exactly what `npm run synth` does.
 */
export const cdkJsonContext = (): Record<string, unknown> =>
  (
    JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
      context?: Record<string, unknown>;
    }
  ).context ?? {};

export type CreateAppOptions = {
  /** The workflows to deploy (tests pass fixtures). @default WORKFLOWS */
  workflows?: readonly Workflow[];
  /** The cloud assembly directory. @default a new temporary directory (the CLI sets CDK_OUTDIR) */
  outdir?: string;
};

/** Builds the app; tests call this with their own context instead of spawning the CLI. */
export const createApp = (
  context: Record<string, unknown> = {},
  env: Record<string, string | undefined> = process.env,
  { workflows = WORKFLOWS, outdir }: CreateAppOptions = {},
): { app: App; stack: MarketPipelineStack } => {
  const app = new App({ context, ...(outdir === undefined ? {} : { outdir }) });
  const settings = readSettings((key) => app.node.tryGetContext(key), env, {
    workflows,
    keys: Object.keys(app.node.getAllContext()),
  });
  const stack = new MarketPipelineStack(app, settings.stackName, {
    stackName: settings.stackName,
    env: { region: settings.region, ...(settings.account ? { account: settings.account } : {}) },
    description:
      'market-pipeline: intraday bars per ticker, Spark training on EMR, guaranteed teardown',
    settings,
    projectRoot: PROJECT_ROOT,
    workflows,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
};

if (process.argv[1] === import.meta.filename) {
  createApp().app.synth();
}
