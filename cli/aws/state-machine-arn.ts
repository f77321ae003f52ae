/**
 * Which state machine to start: `--state-machine-arn`, else `STATE_MACHINE_ARN`, else the
 * `StateMachineArn` output of the deployed CloudFormation stack.
 */
import {
  type CloudFormationClient,
  DescribeStacksCommand,
  type Output,
} from '@aws-sdk/client-cloudformation';
import { STATE_MACHINE_ARN } from '../args/parse.ts';
import { UsageError } from '../errors.ts';
import { describeAwsError } from './errors.ts';

export type ResolvedArn = { arn: string; source: string };

/** The stack output key the infra app exports (CDK may suffix nested outputs with a hash). */
export const STATE_MACHINE_OUTPUT_KEY = 'StateMachineArn';

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
}): Promise<ResolvedArn> {
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
  const output =
    outputs.find((o) => o.OutputKey === STATE_MACHINE_OUTPUT_KEY) ??
    outputs.find((o) => o.OutputKey?.startsWith(STATE_MACHINE_OUTPUT_KEY));
  if (!output?.OutputValue) {
    const keys = outputs.map((o) => o.OutputKey).join(', ') || 'none';
    throw new ArnResolutionError(
      `stack '${options.stackName}' has no ${STATE_MACHINE_OUTPUT_KEY} output (outputs: ${keys})`,
    );
  }
  return { arn: output.OutputValue, source: `stack ${options.stackName}` };
}
