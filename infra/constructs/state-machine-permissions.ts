/**
 * A state machine role's permissions, derived from the AWS calls its definition makes
 * (infra/integrations.ts): nothing is granted implicitly and nothing a definition does not call.
 * Placeholders resolve to the resources the stack supplies for them, so each grant names exactly
 * the function, bucket keys or state machine the definition will reach. Sources:
 * - Lambda, EMR and the EMR `.sync` EventBridge rules: "IAM policies for Amazon EMR"
 *   https://docs.aws.amazon.com/step-functions/latest/dg/emr-iam.html
 * - PassRole conditions: AWS managed policy AmazonEMRFullAccessPolicy_v2.
 * - Distributed Map: https://docs.aws.amazon.com/step-functions/latest/dg/iam-policies-eg-dist-map.html
 *   and https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
 * - Nested executions (`states:startExecution`, `.sync`, `.sync:2`): "IAM policies for AWS Step
 *   Functions" https://docs.aws.amazon.com/step-functions/latest/dg/stepfunctions-iam.html
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { expressionText } from '../../asl/expression.ts';
import { ClusterTag, EMR_MANAGED_POLICY_TAG } from '../../contracts/cluster-tags.ts';
import { type EmrOperation, type FieldValue, integrationsOf } from '../integrations.ts';
import { ANY_KEY, isRunTimeKey, keyPatterns } from '../s3-keys.ts';

/** EventBridge managed rules Step Functions creates for the EMR `.sync` integrations. */
export const EMR_SYNC_RULES = [
  'StepFunctionsGetEventForEMRRunJobFlowRule',
  'StepFunctionsGetEventForEMRAddJobFlowStepsRule',
  'StepFunctionsGetEventForEMRTerminateJobFlowsRule',
] as const;

/** The managed rule behind `states:startExecution.sync` and `.sync:2` (stepfunctions-iam.html). */
export const NESTED_SYNC_RULE = 'StepFunctionsGetEventsForStepFunctionsExecutionRule';

/** Per EMR operation: the cluster actions it needs and, for `.sync`, the rule it polls through. */
const EMR_ACTIONS: Record<
  EmrOperation,
  { actions: string[]; syncActions: string[]; rule?: string }
> = {
  // RunJobFlow has no cluster ARN yet: it is granted apart, with request-tag conditions.
  createCluster: {
    actions: [],
    syncActions: ['elasticmapreduce:DescribeCluster', 'elasticmapreduce:TerminateJobFlows'],
    rule: 'StepFunctionsGetEventForEMRRunJobFlowRule',
  },
  addStep: {
    actions: [
      'elasticmapreduce:AddJobFlowSteps',
      'elasticmapreduce:DescribeStep',
      'elasticmapreduce:CancelSteps',
    ],
    syncActions: [],
    rule: 'StepFunctionsGetEventForEMRAddJobFlowStepsRule',
  },
  terminateCluster: {
    actions: ['elasticmapreduce:TerminateJobFlows'],
    syncActions: ['elasticmapreduce:DescribeCluster'],
    rule: 'StepFunctionsGetEventForEMRTerminateJobFlowsRule',
  },
  cancelStep: { actions: ['elasticmapreduce:CancelSteps'], syncActions: [] },
};

/** IAM actions per S3 call, and whether they act on objects or on the bucket. */
const S3_ACTIONS: Record<string, { actions: string[]; on: 'objects' | 'bucket' }> = {
  getObject: { actions: ['s3:GetObject'], on: 'objects' },
  headObject: { actions: ['s3:GetObject'], on: 'objects' },
  putObject: { actions: ['s3:PutObject'], on: 'objects' },
  deleteObject: { actions: ['s3:DeleteObject'], on: 'objects' },
  listObjectsV2: { actions: ['s3:ListBucket'], on: 'bucket' },
};

/** A ResultWriter writes multipart results and reads them back (input-output-resultwriter.html). */
const RESULT_WRITER_ACTIONS = [
  's3:PutObject',
  's3:GetObject',
  's3:ListMultipartUploadParts',
  's3:AbortMultipartUpload',
];

export type PermissionsProps = {
  stateMachineName: string;
  /** The definition exactly as deployed, placeholders included. */
  definition: object;
  /** Task function placeholder (`PrepareInputFunctionArn`) -> the function's ARN. */
  functions: Readonly<Record<string, string>>;
  /** Bucket placeholder (`DataBucket`) -> the bucket. */
  buckets: Readonly<Record<string, IBucket>>;
  /** Where a Bucket computed at run time is granted: the only bucket the workflows keep data in. */
  dataBucket: IBucket;
  /** State machine placeholder (`CollectBarsStateMachineArn`) -> that state machine's name. */
  stateMachines: Readonly<Record<string, string>>;
  serviceRoleArn: string;
  instanceRoleArn: string;
};

/** A wildcard resource the statements use, and why (for its cdk-nag acknowledgement). */
export type WildcardResource = { resource: string; reason: string };

export type Permissions = {
  statements: PolicyStatement[];
  wildcards: WildcardResource[];
  /** Why statements use `Resource: *` (besides logging and tracing); empty when none does. */
  starReasons: string[];
};

const PLACEHOLDER = /^\$\{([A-Za-z0-9_]+)\}$/;

/** A `${Name}` field resolved through `table`; anything else fails naming the state and field. */
const resolvePlaceholder = <T>(
  state: string,
  fieldName: string,
  value: FieldValue,
  table: Readonly<Record<string, T>>,
  what: string,
): T => {
  const name = typeof value === 'string' ? PLACEHOLDER.exec(value)?.[1] : undefined;
  const found = name === undefined ? undefined : table[name];
  if (found === undefined) {
    const known = Object.keys(table).map((k) => `\${${k}}`);
    throw new Error(
      `State '${state}': ${fieldName} must be one of ${known.join(', ') || '(none)'} (${what}), got ${JSON.stringify(value)}: the role can only be granted a resource the stack knows`,
    );
  }
  return found;
};

/** Statements keyed by Sid, merged as integrations add to them; insertion order is kept. */
class Grants {
  private readonly bySid = new Map<
    string,
    { actions: Set<string>; resources: Set<string>; conditions?: Record<string, unknown> }
  >();

  add(sid: string, actions: string[], resources: string[], conditions?: Record<string, unknown>) {
    const entry = this.bySid.get(sid) ?? {
      actions: new Set<string>(),
      resources: new Set<string>(),
      ...(conditions ? { conditions } : {}),
    };
    for (const a of actions) entry.actions.add(a);
    for (const r of resources) entry.resources.add(r);
    this.bySid.set(sid, entry);
  }

  statements(): PolicyStatement[] {
    return [...this.bySid].map(
      ([sid, { actions, resources, conditions }]) =>
        new PolicyStatement({
          sid,
          actions: [...actions],
          resources: [...resources],
          ...(conditions ? { conditions } : {}),
        }),
    );
  }
}

export const stateMachinePermissions = (scope: Construct, props: PermissionsProps): Permissions => {
  const stack = Stack.of(scope);
  const arn = (service: string, resource: string, resourceName: string, colon = false) =>
    stack.formatArn({
      service,
      resource,
      resourceName,
      ...(colon ? { arnFormat: ArnFormat.COLON_RESOURCE_NAME } : {}),
    });
  const name = props.stateMachineName;
  const grants = new Grants();
  const wildcards = new Map<string, string>();
  const starReasons: string[] = [];
  const wildcard = (resource: string, reason: string) => {
    if (!wildcards.has(resource)) wildcards.set(resource, reason);
  };

  const clusters = arn('elasticmapreduce', 'cluster', '*');
  const ownClusters = {
    StringEquals: { [`elasticmapreduce:ResourceTag/${ClusterTag.workflow}`]: name },
  };
  const ownExecutions = arn('states', 'execution', `${name}:*`, true);
  /** S3 action -> object ARNs; object ARN with a wildcard -> what needs it; bucket -> listed prefixes. */
  const objectGrants = new Map<string, Set<string>>();
  const objectWildcards = new Map<string, { pattern: string; uses: string[] }>();
  const listings = new Map<string, { bucket: IBucket; prefixes: Set<string> }>();

  for (const use of integrationsOf(props.definition)) {
    switch (use.kind) {
      case 'lambda': {
        const fn = resolvePlaceholder(
          use.state,
          'FunctionName',
          use.functionName,
          props.functions,
          'a task function',
        );
        grants.add('InvokeTaskFunctions', ['lambda:InvokeFunction'], [fn]);
        break;
      }
      case 'emr': {
        const { actions, syncActions, rule } = EMR_ACTIONS[use.operation];
        const clusterActions = [...actions, ...(use.sync ? syncActions : [])];
        if (use.operation === 'createCluster') {
          grants.add('CreateTaggedClusters', ['elasticmapreduce:RunJobFlow'], ['*'], {
            StringEquals: {
              [`aws:RequestTag/${EMR_MANAGED_POLICY_TAG}`]: 'true',
              [`aws:RequestTag/${ClusterTag.workflow}`]: name,
            },
          });
          starReasons.push(
            'elasticmapreduce:RunJobFlow has no resource-level permissions (limited instead by aws:RequestTag conditions to clusters tagged with this workflow)',
          );
        }
        if (clusterActions.length > 0) {
          grants.add('ManageOwnClusters', clusterActions, [clusters], ownClusters);
          wildcard(
            clusters,
            'Cluster ids are generated per run; an elasticmapreduce:ResourceTag condition limits every action to clusters tagged with this workflow',
          );
        }
        if (use.sync && rule !== undefined) {
          grants.add(
            'EmrSyncEventRules',
            ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
            [arn('events', 'rule', rule)],
          );
        }
        if (use.operation === 'createCluster') {
          grants.add('PassEmrServiceRole', ['iam:PassRole'], [props.serviceRoleArn], {
            StringLike: { 'iam:PassedToService': 'elasticmapreduce.amazonaws.com*' },
          });
          grants.add('PassEmrInstanceRole', ['iam:PassRole'], [props.instanceRoleArn], {
            StringLike: { 'iam:PassedToService': 'ec2.amazonaws.com*' },
          });
          // EMR creates this role on an account's first cluster, as the caller.
          grants.add(
            'EmrCleanupServiceLinkedRole',
            ['iam:CreateServiceLinkedRole'],
            [
              stack.formatArn({
                service: 'iam',
                region: '',
                resource: 'role',
                resourceName:
                  'aws-service-role/elasticmapreduce.amazonaws.com/AWSServiceRoleForEMRCleanup',
              }),
            ],
            { StringEquals: { 'iam:AWSServiceName': 'elasticmapreduce.amazonaws.com' } },
          );
        }
        break;
      }
      case 'distributed-map': {
        const labelled = arn('states', 'execution', `${name}/${use.label}:*`, true);
        grants.add(
          'StartOwnChildExecutions',
          ['states:StartExecution'],
          [arn('states', 'stateMachine', name, true)],
        );
        grants.add(
          'ManageOwnChildExecutions',
          ['states:DescribeExecution', 'states:StopExecution'],
          [ownExecutions, labelled],
        );
        grants.add('RedriveOwnMapRuns', ['states:RedriveExecution'], [labelled]);
        wildcard(ownExecutions, "This state machine's own executions (names are per run)");
        wildcard(
          labelled,
          "The Distributed Map's child executions of this state machine (names are per batch)",
        );
        break;
      }
      case 'states': {
        const child = resolvePlaceholder(
          use.state,
          'StateMachineArn',
          use.stateMachineArn,
          props.stateMachines,
          "a workflow's state machine",
        );
        grants.add(
          'StartNestedWorkflows',
          ['states:StartExecution'],
          [arn('states', 'stateMachine', child, true)],
        );
        if (use.pattern === 'sync') {
          const childExecutions = arn('states', 'execution', `${child}:*`, true);
          grants.add(
            'ManageNestedExecutions',
            ['states:DescribeExecution', 'states:StopExecution'],
            [childExecutions],
          );
          grants.add(
            'NestedSyncEventRule',
            ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
            [arn('events', 'rule', NESTED_SYNC_RULE)],
          );
          wildcard(
            childExecutions,
            `Executions of ${child}, which state '${use.state}' starts and waits for (names are per run)`,
          );
        }
        break;
      }
      case 's3': {
        const mapping =
          use.source === 'ResultWriter'
            ? { actions: RESULT_WRITER_ACTIONS, on: 'objects' as const }
            : S3_ACTIONS[use.action];
        if (mapping === undefined) {
          throw new Error(
            `State '${use.state}': aws-sdk:s3:${use.action} has no IAM mapping in infra/constructs/state-machine-permissions.ts (mapped: ${Object.keys(S3_ACTIONS).join(', ')})`,
          );
        }
        const bucket = bucketOf(use.state, use.bucket, props);
        const patterns = keyPatterns(props.definition, use.key, use.keyField === 'Prefix');
        const runTime = isRunTimeKey(props.definition, use.key, use.keyField === 'Prefix');
        const what = `${use.source === 'Task' ? `aws-sdk:s3:${use.action}` : use.source} in state '${use.state}' (${use.keyField} ${describe(use.key)}${runTime ? ', learned at run time' : ''})`;
        if (mapping.on === 'bucket') {
          const listing = listings.get(bucket.bucketArn) ?? { bucket, prefixes: new Set<string>() };
          for (const p of patterns) listing.prefixes.add(p);
          listings.set(bucket.bucketArn, listing);
          break;
        }
        for (const pattern of patterns) {
          const resource = bucket.arnForObjects(pattern);
          for (const action of mapping.actions) {
            const set = objectGrants.get(action) ?? new Set<string>();
            objectGrants.set(action, set.add(resource));
          }
          if (!pattern.includes('*')) continue;
          const entry = objectWildcards.get(resource) ?? { pattern, uses: [] };
          entry.uses.push(what);
          objectWildcards.set(resource, entry);
        }
        break;
      }
    }
  }

  // One statement per S3 action, naming every object pattern that action needs.
  for (const [action, resources] of objectGrants) {
    grants.add(action.replace(/^s3:/, 'S3'), [action], [...resources]);
  }
  for (const [resource, { pattern, uses }] of objectWildcards) {
    wildcard(
      resource,
      pattern === ANY_KEY
        ? `Object keys only known at run time, from the execution input: no narrower key can be derived (this stack's bucket only): ${uses.join('; ')}`
        : `Keys under ${pattern.slice(0, -1)}, the rest per run (run-time keys: the ResultWriter or listing prefixes of the definition): ${uses.join('; ')}`,
    );
  }
  for (const [bucketArn, { prefixes }] of listings) {
    const conditions = prefixes.has(ANY_KEY)
      ? undefined
      : { StringLike: { 's3:prefix': [...prefixes] } };
    grants.add(
      `S3ListBucket${listings.size > 1 ? [...listings.keys()].indexOf(bucketArn) : ''}`,
      ['s3:ListBucket'],
      [bucketArn],
      conditions,
    );
  }

  return {
    statements: grants.statements(),
    wildcards: [...wildcards].map(([resource, reason]) => ({ resource, reason })),
    starReasons,
  };
};

/** `${DataBucket}` -> that bucket; a run-time value -> the data bucket; a literal name fails. */
const bucketOf = (state: string, value: FieldValue, props: PermissionsProps): IBucket => {
  const runTime =
    (typeof value === 'string' && expressionText(value) !== undefined) ||
    (typeof value === 'object' && value !== null);
  if (runTime) return props.dataBucket;
  return resolvePlaceholder(state, 'Bucket', value, props.buckets, 'a bucket of this stack');
};

const describe = (value: FieldValue): string =>
  typeof value === 'string' ? value : JSON.stringify(value);
