/**
 * The CDK stack the AWS target reads outputs from when no ARN is given.
 * TODO(infra): import the infra app's exported default once `infra/` lands on main.
 */
export const DEFAULT_STACK_NAME = 'MarketPipeline';
