/**
 * The CloudFormation stack the AWS target reads outputs from when no ARN is given: the `stackName`
 * CDK context of this repository's cdk.json when it sets one (what `npm run deploy` deployed),
 * else the infra app's default. The name is checked by the rule infra/settings.ts applies
 * (contracts/deployment.ts), with the same message.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_STACK_NAME,
  STACK_NAME_PATTERN,
  STACK_NAME_RULE,
} from '../../contracts/deployment.ts';
import { projectRoot } from '../../runtime/project-root.ts';
import { UsageError } from '../errors.ts';

export function deployedStackName(root = projectRoot): string {
  let context: Record<string, unknown> = {};
  try {
    const cdk = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as {
      context?: Record<string, unknown>;
    };
    context = cdk.context ?? {};
  } catch {
    return DEFAULT_STACK_NAME;
  }
  const name = context.stackName;
  if (name === undefined) return DEFAULT_STACK_NAME;
  if (typeof name !== 'string' || !STACK_NAME_PATTERN.test(name)) {
    throw new UsageError(
      `cdk.json: context 'stackName' ${STACK_NAME_RULE}, got ${JSON.stringify(name)}`,
    );
  }
  return name;
}
