/**
 * Which state machine to start: `--state-machine-arn`, else `STATE_MACHINE_ARN`, else the
 * workflow's output of the deployed CloudFormation stack (`stateMachineOutputKey`: the pipeline's
 * is `StateMachineArn`).
 */
import {
  type CloudFormationClient,
  DescribeStacksCommand,
  type Output,
} from '@aws-sdk/client-cloudformation';
import { stateMachineOutputKey } from '../../contracts/deployment.ts';
import { STATE_MACHINE_ARN } from '../args/parse.ts';
import { UsageError } from '../errors.ts';
import { describeAwsError } from './errors.ts';

export type ResolvedArn = { arn: string; source: string };

/** The default workflow's stack output key. */
export const STATE_MACHINE_OUTPUT_KEY = stateMachineOutputKey('market-data-pipeline');

export class ArnResolutionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ArnResolutionError';
  }
}

export async function resolveStateMachineArn(options: {
  flag?: string;
  env: Record<string, string | undefined>;
  stackName: string;
  cloudFormation: CloudFormationClient;
  /** @default 'market-data-pipeline' */
  workflow?: string;
}): Promise<ResolvedArn> {
  const key = stateMachineOutputKey(options.workflow ?? 'market-data-pipeline');
  if (options.flag) return { arn: options.flag, source: '--state-machine-arn' };
  const fromEnv = options.env.STATE_MACHINE_ARN;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!STATE_MACHINE_ARN.test(fromEnv)) {
      throw new UsageError(`STATE_MACHINE_ARN: '${fromEnv}' is not a state machine ARN`);
    }
    return { arn: fromEnv, source: 'STATE_MACHINE_ARN' };
  }
  let outputs: Output[];
  try {
    const { Stacks } = await options.cloudFormation.send(
      new DescribeStacksCommand({ StackName: options.stackName }),
    );
    outputs = Stacks?.[0]?.Outputs ?? [];
  } catch (error) {
    const missing = /does not exist/i.test((error as Error).message ?? '');
    throw new ArnResolutionError(
      missing
        ? `stack '${options.stackName}' not found: deploy it (npm run deploy), or pass --stack-name, --state-machine-arn or STATE_MACHINE_ARN`
        : describeAwsError(`reading the outputs of stack '${options.stackName}'`, error),
      { cause: error },
    );
  }
  // CDK suffixes an output defined in a nested construct with an 8-hex-digit hash.
  const hashed = new RegExp(`^${key}[0-9A-F]{8}$`);
  const output =
    outputs.find((o) => o.OutputKey === key) ?? outputs.find((o) => hashed.test(o.OutputKey ?? ''));
  if (!output?.OutputValue) {
    const keys = outputs.map((o) => o.OutputKey).join(', ') || 'none';
    throw new ArnResolutionError(
      `stack '${options.stackName}' has no ${key} output (outputs: ${keys})`,
    );
  }
  return { arn: output.OutputValue, source: `stack ${options.stackName}` };
}
