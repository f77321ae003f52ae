/**
 * A state machine role's permissions, derived from the AWS calls its definition makes
 * (infra/integrations.ts): nothing is granted implicitly and nothing the definition does not
 * call. Placeholders resolve to the resources the stack supplies for them, so each grant names
 * exactly the function, bucket keys or state machine the definition will reach. One module per
 * kind of call under infra/permissions/ says what it gets and cites the AWS documentation.
 */
import type { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { integrationsOf } from '../integrations.ts';
import { grantEmr } from '../permissions/emr.ts';
import { Grants, type PermissionsProps, type WildcardResource } from '../permissions/grants.ts';
import { grantLambda } from '../permissions/lambda.ts';
import { S3Grants } from '../permissions/s3.ts';
import { grantDistributedMap, grantNestedExecution } from '../permissions/states.ts';

export { EMR_SYNC_RULES } from '../permissions/emr.ts';
export type { PermissionsProps, WildcardResource } from '../permissions/grants.ts';
export { NESTED_SYNC_RULE } from '../permissions/states.ts';

export type Permissions = {
  statements: PolicyStatement[];
  wildcards: WildcardResource[];
  /** Why statements use `Resource: *` (besides logging and tracing); empty when none does. */
  starReasons: string[];
};

export const stateMachinePermissions = (scope: Construct, props: PermissionsProps): Permissions => {
  const grants = new Grants(scope, props);
  const s3 = new S3Grants(grants);
  for (const use of integrationsOf(props.definition)) {
    switch (use.kind) {
      case 'lambda':
        grantLambda(use, grants);
        break;
      case 'emr':
        grantEmr(scope, use, grants);
        break;
      case 'distributed-map':
        grantDistributedMap(use, grants);
        break;
      case 'states':
        grantNestedExecution(use, grants);
        break;
      case 's3':
        s3.add(use);
        break;
    }
  }
  s3.flush();
  return {
    statements: grants.statements(),
    wildcards: grants.wildcards(),
    starReasons: grants.starReasons,
  };
};
