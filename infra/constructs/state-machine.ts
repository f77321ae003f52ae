/**
 * One workflow's state machine: Standard type, the generated definition deployed as JSON with
 * `definitionSubstitutions`, its own role (statements derived from the definition's calls:
 * state-machine-permissions.ts), logging at ALL with retention, X-Ray. The execution timeout is
 * the definition's own top-level TimeoutSeconds.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource, cfnChild } from '../nag.ts';
import type { Permissions } from './state-machine-permissions.ts';

export type WorkflowStateMachineProps = {
  stateMachineName: string;
  /** The ASL definition exactly as workflows/ generated it, placeholders included. */
  definition: object;
  /** One value per declared placeholder. */
  substitutions: Record<string, string>;
  permissions: Permissions;
  logRetention: RetentionDays;
};

export class WorkflowStateMachine extends Construct {
  readonly stateMachine: StateMachine;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: WorkflowStateMachineProps) {
    super(scope, id);
    const { stateMachineName } = props;
    const timeout = (props.definition as { TimeoutSeconds?: unknown }).TimeoutSeconds;
    if (typeof timeout !== 'number' || timeout <= 0) {
      throw new Error(
        `State machine ${stateMachineName}: the definition must set a top-level TimeoutSeconds, got ${JSON.stringify(timeout)}`,
      );
    }

    this.logGroup = new LogGroup(this, 'Logs', {
      // The /aws/vendedlogs/ prefix keeps the account's CloudWatch Logs resource policy small.
      logGroupName: `/aws/vendedlogs/states/${stateMachineName}`,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('states.amazonaws.com'),
      description: `Execution role of ${stateMachineName}`,
    });
    for (const statement of props.permissions.statements) this.role.addToPolicy(statement);

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(JSON.stringify(props.definition)),
      definitionSubstitutions: props.substitutions,
      role: this.role,
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });

    const policy = cfnChild(this.role, 'DefaultPolicy', 'Resource');
    acknowledgeWildcardResource(
      policy,
      '*',
      `No resource-level permissions exist for: ${[
        ...props.permissions.starReasons,
        'the CloudWatch Logs delivery actions Step Functions logging needs',
        'X-Ray tracing',
      ].join('; ')}`,
    );
    for (const { resource, reason } of props.permissions.wildcards) {
      acknowledgeWildcardResource(policy, resource, reason);
    }
  }
}
