/**
 * What every permission module shares: the statements being built (merged by Sid), the wildcard
 * resources they use with the reason each is needed (for the cdk-nag acknowledgements), and the
 * resolution of a `${Placeholder}` to the resource the stack supplies for it.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { FieldValue } from '../integrations.ts';

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

type Entry = { actions: Set<string>; resources: Set<string>; conditions?: Record<string, unknown> };

/** The statements of one role as they are derived, and what the acknowledgements need. */
export class Grants {
  private readonly bySid = new Map<string, Entry>();
  private readonly wildcardReasons = new Map<string, string>();
  /** Why statements use `Resource: *` (besides logging and tracing). */
  readonly starReasons: string[] = [];

  constructor(
    private readonly scope: Construct,
    readonly props: PermissionsProps,
  ) {}

  /** Adds to the statement `sid` (created with these conditions the first time). */
  add(sid: string, actions: string[], resources: string[], conditions?: Record<string, unknown>) {
    const entry: Entry = this.bySid.get(sid) ?? {
      actions: new Set<string>(),
      resources: new Set<string>(),
      ...(conditions ? { conditions } : {}),
    };
    for (const a of actions) entry.actions.add(a);
    for (const r of resources) entry.resources.add(r);
    this.bySid.set(sid, entry);
  }

  /** Records why a wildcard resource is needed (the first reason given for it is kept). */
  wildcard(resource: string, reason: string) {
    if (!this.wildcardReasons.has(resource)) this.wildcardReasons.set(resource, reason);
  }

  /** An ARN in this stack's partition, region and account. */
  arn(service: string, resource: string, resourceName: string, colon = false): string {
    return Stack.of(this.scope).formatArn({
      service,
      resource,
      resourceName,
      ...(colon ? { arnFormat: ArnFormat.COLON_RESOURCE_NAME } : {}),
    });
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

  wildcards(): WildcardResource[] {
    return [...this.wildcardReasons].map(([resource, reason]) => ({ resource, reason }));
  }
}

const PLACEHOLDER = /^\$\{([A-Za-z0-9_]+)\}$/;

/** A `${Name}` field resolved through `table`; anything else fails naming the state and field. */
export const resolvePlaceholder = <T>(
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
