/**
 * Every Task (and Distributed Map ItemReader) that calls an AWS API the project has the model of (asl/service-models/: AWS's own
 * models from botocore, trimmed to EMR RunJobFlow/AddJobFlowSteps/TerminateJobFlows, S3
 * GetObject/PutObject/ListObjectsV2, Lambda Invoke, SFN StartExecution/SendTask*) sends a
 * request the service accepts, as far as its literal Arguments (JSONata) or Parameters
 * (JSONPath) show: member names exist (a misspelt member fails at deployment: "SCHEMA_VALIDATION
 * _FAILED: The field ... is not supported by Step Functions", aws/aws-cdk#29968), required
 * members are there, and literal values have the member's type, enum value, length, range and
 * pattern (else the task fails at run time, after the cluster is paid for, with the service's
 * error: asl/service-models/requests.ts). A `{% %}` expression, a JSONPath `Key.$` and a string
 * with a `${Name}` placeholder are values not known yet, and pass. The engine checks the
 * evaluated requests at run time (engine/integrations/validate-request.ts).
 */
import { describeState } from '../asl/describe.ts';
import { isExpression } from '../asl/expression.ts';
import { walkStates } from '../asl/graph.ts';
import { itemReaderSpec, type RequestSpec, requestSpec } from '../asl/service-models/requests.ts';
import { validateAgainstShape } from '../asl/service-models/validate.ts';
import type { StateMachine } from '../asl/types.ts';
import type { Check } from './types.ts';

/** Stands for a value the definition computes at run time. */
const NOT_KNOWN: unique symbol = Symbol('not known until run time');

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The request as far as the definition shows it: computed values become NOT_KNOWN. */
function literal(template: unknown): unknown {
  if (typeof template === 'string') {
    return isExpression(template) || template.includes('${') ? NOT_KNOWN : template;
  }
  if (Array.isArray(template)) return template.map(literal);
  if (!isObject(template)) return template;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$')) out[key.slice(0, -2)] = NOT_KNOWN;
    else out[key] = literal(value);
  }
  return out;
}

/** The problems of one request template ('Arguments' or 'Parameters' of `holder`). */
function templateProblems(
  holder: Record<string, unknown>,
  spec: RequestSpec,
  where: string,
): string[] {
  const field = holder.Arguments !== undefined ? 'Arguments' : 'Parameters';
  const template = holder[field];
  // No template sends the state input, and a whole-object expression is known only at run time.
  if (template === undefined || isExpression(template)) return [];
  return validateAgainstShape(spec.model, spec.shape, literal(template), spec.operation, {
    jsonMembers: spec.jsonMembers,
    unknown: (v) => v === NOT_KNOWN,
  }).map(
    (p) =>
      `${where}: ${field}${p.path === '' ? '' : `.${p.path}`}: ${p.message} (${spec.operation} would fail with ${spec.error})`,
  );
}

export const serviceRequests: Check = {
  name: 'service-requests',
  rule: "every Task's (and Distributed Map ItemReader's) literal Arguments/Parameters satisfy the called API's model (members, required, types, enums, lengths, ranges, patterns)",
  run: (definition: StateMachine) => {
    const problems: string[] = [];
    for (const { name, state, scope } of walkStates(definition)) {
      if (state.Type === 'Task') {
        const spec = requestSpec(state.Resource);
        if (spec === undefined) continue;
        const where = `${scope}: ${describeState('Task', name)}`;
        problems.push(
          ...templateProblems(state as unknown as Record<string, unknown>, spec, where),
        );
      } else if (state.Type === 'Map') {
        const reader = (state as unknown as { ItemReader?: Record<string, unknown> }).ItemReader;
        const spec =
          typeof reader?.Resource === 'string' ? itemReaderSpec(reader.Resource) : undefined;
        if (reader === undefined || spec === undefined) continue;
        const where = `${scope}: ${describeState('Map', name)} ItemReader`;
        problems.push(...templateProblems(reader, spec, where));
      }
    }
    return problems;
  },
};
