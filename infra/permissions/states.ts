/**
 * Executions this state machine starts: a Distributed Map's child executions of itself
 * (https://docs.aws.amazon.com/step-functions/latest/dg/iam-policies-eg-dist-map.html), and the
 * nested execution of another workflow (`states:startExecution`, `.sync`, `.sync:2`,
 * `.waitForTaskToken`): "IAM policies for AWS Step Functions" nested executions,
 * https://docs.aws.amazon.com/step-functions/latest/dg/stepfunctions-iam.html
 */
import type { Integration } from '../integrations.ts';
import { type Grants, resolvePlaceholder } from './grants.ts';

/** The managed rule behind `states:startExecution.sync` and `.sync:2` (stepfunctions-iam.html). */
export const NESTED_SYNC_RULE = 'StepFunctionsGetEventsForStepFunctionsExecutionRule';

export const grantDistributedMap = (
  use: Extract<Integration, { kind: 'distributed-map' }>,
  grants: Grants,
) => {
  const name = grants.props.stateMachineName;
  const own = grants.arn('states', 'execution', `${name}:*`, true);
  const labelled = grants.arn('states', 'execution', `${name}/${use.label}:*`, true);
  grants.add(
    'StartOwnChildExecutions',
    ['states:StartExecution'],
    [grants.arn('states', 'stateMachine', name, true)],
  );
  grants.add(
    'ManageOwnChildExecutions',
    ['states:DescribeExecution', 'states:StopExecution'],
    [own, labelled],
  );
  grants.add('RedriveOwnMapRuns', ['states:RedriveExecution'], [labelled]);
  grants.wildcard(own, "This state machine's own executions (names are per run)");
  grants.wildcard(
    labelled,
    "The Distributed Map's child executions of this state machine (names are per batch)",
  );
};

/** StartExecution on exactly the child; waiting for it (.sync) also reads and stops its runs. */
export const grantNestedExecution = (
  use: Extract<Integration, { kind: 'states' }>,
  grants: Grants,
) => {
  const child = resolvePlaceholder(
    use.state,
    'StateMachineArn',
    use.stateMachineArn,
    grants.props.stateMachines,
    "a workflow's state machine",
  );
  grants.add(
    'StartNestedWorkflows',
    ['states:StartExecution'],
    [grants.arn('states', 'stateMachine', child, true)],
  );
  if (use.pattern !== 'sync') return;
  const executions = grants.arn('states', 'execution', `${child}:*`, true);
  grants.add(
    'ManageNestedExecutions',
    ['states:DescribeExecution', 'states:StopExecution'],
    [executions],
  );
  grants.add(
    'NestedSyncEventRule',
    ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
    [grants.arn('events', 'rule', NESTED_SYNC_RULE)],
  );
  grants.wildcard(
    executions,
    `Executions of ${child}, which state '${use.state}' starts and waits for (names are per run)`,
  );
};
