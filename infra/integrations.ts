/**
 * The AWS calls a definition makes, read from it: every Task `Resource`, every Distributed Map's
 * ItemReader and ResultWriter, and the Distributed Map itself (it starts child executions). The
 * state machine role is derived from this list (constructs/state-machine-permissions.ts), so a
 * resource this file does not know fails synthesis naming the state and the resource instead of
 * being granted something broad.
 * https://docs.aws.amazon.com/step-functions/latest/dg/service-integration-iam-templates.html
 */
import { walkStates } from '../asl/graph.ts';
import type { RawFragment, RawObject } from '../asl/raw-definition.ts';
import { isObject } from '../asl/raw-definition.ts';

/** A field value as the definition writes it: a literal, `${Placeholder}` or `{% JSONata %}`. */
export type FieldValue = unknown;

export type EmrOperation = 'createCluster' | 'addStep' | 'terminateCluster' | 'cancelStep';

/** Where an S3 access comes from, for messages and acknowledgements. */
export type S3Source = 'Task' | 'ItemReader' | 'ResultWriter';

export type Integration =
  | { state: string; kind: 'lambda'; functionName: FieldValue }
  | {
      state: string;
      kind: 's3';
      source: S3Source;
      /** The SDK action as the resource names it: `getObject`, `listObjectsV2`, `putObject`. */
      action: string;
      bucket: FieldValue;
      /** `Key` (objects), `Prefix` (listings, ResultWriter). */
      key: FieldValue;
      keyField: 'Key' | 'Prefix';
    }
  | { state: string; kind: 'emr'; operation: EmrOperation; sync: boolean }
  | {
      state: string;
      kind: 'states';
      pattern: 'async' | 'sync' | 'callback';
      stateMachineArn: FieldValue;
    }
  | { state: string; kind: 'distributed-map'; label: string };

const EMR =
  /^arn:aws:states:::elasticmapreduce:(createCluster|addStep|terminateCluster|cancelStep)(\.sync)?$/;
const LAMBDA = /^arn:aws:states:::lambda:invoke(\.waitForTaskToken)?$/;
const START_EXECUTION = /^arn:aws:states:::states:startExecution(\.sync(:2)?|\.waitForTaskToken)?$/;
const AWS_SDK_S3 = /^arn:aws:states:::aws-sdk:s3:([A-Za-z0-9]+)$/;
/** The optimized S3 resources a Distributed Map's ItemReader and ResultWriter use. */
const OPTIMIZED_S3 = /^arn:aws:states:::s3:(getObject|listObjectsV2|putObject)$/;

/** The arguments a resource is called with: `Arguments` (JSONata) or `Parameters` (JSONPath). */
const argumentsOf = (holder: RawObject): RawObject => {
  const args = holder.Arguments ?? holder.Parameters;
  return isObject(args) ? args : {};
};

/** A JSONPath `Field.$` is a run-time value, like a JSONata expression. */
const field = (args: RawObject, name: string): FieldValue =>
  name in args ? args[name] : `${name}.$` in args ? { jsonPath: args[`${name}.$`] } : undefined;

const noMapping = (state: string, resource: unknown, where = 'Resource'): Error =>
  new Error(
    `State '${state}': ${where} ${JSON.stringify(resource)} has no IAM mapping in infra/integrations.ts; add one there rather than granting something broad`,
  );

const taskIntegration = (state: string, raw: RawObject): Integration => {
  const resource = raw.Resource;
  if (typeof resource !== 'string') throw noMapping(state, resource);
  const args = argumentsOf(raw);
  if (LAMBDA.test(resource))
    return { state, kind: 'lambda', functionName: field(args, 'FunctionName') };
  const emr = EMR.exec(resource);
  if (emr) {
    return { state, kind: 'emr', operation: emr[1] as EmrOperation, sync: emr[2] !== undefined };
  }
  const start = START_EXECUTION.exec(resource);
  if (start) {
    const suffix = start[1];
    return {
      state,
      kind: 'states',
      pattern:
        suffix === undefined ? 'async' : suffix === '.waitForTaskToken' ? 'callback' : 'sync',
      stateMachineArn: field(args, 'StateMachineArn'),
    };
  }
  const s3 = AWS_SDK_S3.exec(resource);
  if (s3) {
    const action = s3[1] as string;
    const listing = action.startsWith('listObjects');
    return {
      state,
      kind: 's3',
      source: 'Task',
      action,
      bucket: field(args, 'Bucket'),
      key: field(args, listing ? 'Prefix' : 'Key'),
      keyField: listing ? 'Prefix' : 'Key',
    };
  }
  throw noMapping(state, resource);
};

/** A Distributed Map's own calls: its child executions, ItemReader and ResultWriter. */
const distributedMap = (state: string, raw: RawObject): Integration[] => {
  const uses: Integration[] = [
    { state, kind: 'distributed-map', label: typeof raw.Label === 'string' ? raw.Label : '*' },
  ];
  for (const [holder, source] of [
    [raw.ItemReader, 'ItemReader'],
    [raw.ResultWriter, 'ResultWriter'],
  ] as const) {
    if (!isObject(holder) || holder.Resource === undefined) continue;
    const match = typeof holder.Resource === 'string' ? OPTIMIZED_S3.exec(holder.Resource) : null;
    if (!match) throw noMapping(state, holder.Resource, `${source}.Resource`);
    const action = match[1] as string;
    const args = argumentsOf(holder);
    const keyField = source === 'ResultWriter' || action === 'listObjectsV2' ? 'Prefix' : 'Key';
    uses.push({
      state,
      kind: 's3',
      source,
      action,
      bucket: field(args, 'Bucket'),
      key: field(args, keyField),
      keyField,
    });
  }
  return uses;
};

const isDistributed = (raw: RawObject): boolean => {
  const processor = raw.ItemProcessor;
  return (
    isObject(processor) &&
    isObject(processor.ProcessorConfig) &&
    processor.ProcessorConfig.Mode === 'DISTRIBUTED'
  );
};

/** Every AWS call of the definition (nested Map and Parallel states included), in state order. */
export const integrationsOf = (definition: object): Integration[] =>
  walkStates(definition as RawFragment).flatMap(({ name, state }) => {
    if (state.Type === 'Task') return [taskIntegration(name, state)];
    if (state.Type === 'Map' && isDistributed(state)) return distributedMap(name, state);
    return [];
  });

/** Does the definition create EMR clusters (and so need the reaper)? */
export const createsClusters = (definition: object): boolean =>
  integrationsOf(definition).some((u) => u.kind === 'emr' && u.operation === 'createCluster');

/**
 * Values assigned to a variable anywhere in the definition (`Assign: { name: value }`), so a key
 * written as `{% $name %}` can be narrowed to what it may hold.
 */
export const assignmentsOf = (definition: object, variable: string): FieldValue[] =>
  walkStates(definition as RawFragment).flatMap(({ state }) =>
    isObject(state.Assign) && variable in state.Assign ? [state.Assign[variable]] : [],
  );
