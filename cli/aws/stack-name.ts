/**
 * The CloudFormation stack the AWS target reads outputs from when no ARN is given: the `stackName`
 * CDK context of this repository's cdk.json when it sets one (what `npm run deploy` deployed),
 * else the infra app's default. infra/settings.ts validates the name either way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, readSettings } from '../../infra/settings.ts';
import { PROJECT_ROOT } from '../definition.ts';
import { UsageError } from '../errors.ts';

export const DEFAULT_STACK_NAME = DEFAULT_SETTINGS.stackName;

export function deployedStackName(root = PROJECT_ROOT): string {
  let context: Record<string, unknown> = {};
  try {
    const cdk = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as {
      context?: Record<string, unknown>;
    };
    context = cdk.context ?? {};
  } catch {
    return DEFAULT_STACK_NAME;
  }
  try {
    return readSettings((key) => (key === 'stackName' ? context.stackName : undefined)).stackName;
  } catch (error) {
    throw new UsageError(`cdk.json: ${(error as Error).message}`, { cause: error });
  }
}
