/**
 * Deployment defaults more than one part needs: the CDK app (infra/settings.ts) applies them, the
 * CLI's AWS target finds the deployed stack by the same name and rule, and the local runtime gives
 * its in-process download Lambda the parameter name the stack would.
 */

/** CloudFormation stack name; also prefixes the state machine and other named resources. */
export const DEFAULT_STACK_NAME = 'MarketPipeline';

/** What a `stackName` must look like (a CloudFormation stack name, short enough to prefix others). */
export const STACK_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9-]{0,50}$/;

export const STACK_NAME_RULE =
  'must start with a letter and hold only letters, digits and hyphens (max 51)';

/** SSM parameter (SecureString) holding the keyed provider's API key. */
export const DEFAULT_API_KEY_PARAMETER = '/market-pipeline/alphavantage/api-key';

/** The default workflow's state machine output, kept from the one-workflow stack. */
const DEFAULT_WORKFLOW_OUTPUT_KEY = 'StateMachineArn';

/**
 * The stack output holding a workflow's state machine ARN: the CDK app writes it, the CLI's AWS
 * target reads it. `market-data-pipeline` keeps `StateMachineArn` (deployed stacks and scripts
 * read that key); any other workflow gets `StateMachineArn` + its name in PascalCase
 * (`collect-bars` -> `StateMachineArnCollectBars`).
 */
export const stateMachineOutputKey = (workflow: string): string =>
  workflow === 'market-data-pipeline'
    ? DEFAULT_WORKFLOW_OUTPUT_KEY
    : `${DEFAULT_WORKFLOW_OUTPUT_KEY}${workflow
        .split('-')
        .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
        .join('')}`;
