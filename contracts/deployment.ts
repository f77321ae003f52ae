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

/**
 * The workflow the stack deployed before it deployed one state machine per workflow. Its state
 * machine name (`<stack>-Pipeline`), its stack output key (`StateMachineArn`) and the un-suffixed
 * schedule context keys predate the per-workflow scheme and are kept: a new state machine name
 * would make CloudFormation replace the deployed machine (and drop its execution history).
 */
export const PIPELINE_WORKFLOW = 'market-data-pipeline';

/** Step Functions' limit on a state machine name. */
export const STATE_MACHINE_NAME_MAX = 80;

/** `collect-bars` -> `CollectBars` (a workflow name is kebab-case: workflows/workflow.ts). */
export const pascalCase = (kebab: string): string =>
  kebab
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

/** The deployed state machine of a workflow: `<stack>-<workflow>` (the pipeline: `<stack>-Pipeline`). */
export const stateMachineName = (stackName: string, workflow: string): string =>
  workflow === PIPELINE_WORKFLOW ? `${stackName}-Pipeline` : `${stackName}-${workflow}`;

/**
 * The stack output holding a workflow's state machine ARN, which `--target aws` reads:
 * `<Workflow>StateMachineArn` (`CollectBarsStateMachineArn`); the pipeline's is `StateMachineArn`.
 */
export const stateMachineOutputKey = (workflow: string): string =>
  workflow === PIPELINE_WORKFLOW ? 'StateMachineArn' : `${pascalCase(workflow)}StateMachineArn`;

/**
 * The definition substitution a workflow writes to start another's execution
 * (`"StateMachineArn": "${CollectBarsStateMachineArn}"`); the stack supplies that machine's ARN
 * and grants StartExecution on exactly it.
 */
export const stateMachineArnPlaceholder = (workflow: string): string =>
  `${pascalCase(workflow)}StateMachineArn`;
