/** Small JSON helpers shared by the interpreter: serialisation, sizes, type names, timestamps. */
import { Limits } from '../asl/constants.ts';
import type { JsonValue } from './api.ts';
import { StatesDataLimitExceededError } from './errors.ts';

/** JSON text of a value; `undefined` serialises as `null` (what Lambda and Step Functions send). */
export function toJson(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

/**
 * A result an integration already holds as JSON text and as a fresh value made from it (the
 * Lambda envelope around a payload): the task uses both instead of serialising and re-parsing.
 */
export class Serialized {
  constructor(
    readonly value: JsonValue,
    readonly text: string,
  ) {}
}

/** UTF-8 size of a JSON text, cheap when the text is short enough that it cannot exceed the limit. */
export function jsonBytes(text: string): number {
  // A UTF-16 unit encodes to at most 3 UTF-8 bytes, so short texts need no exact count.
  if (text.length * 3 <= Limits.maxPayloadBytes) return text.length;
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Fails with States.DataLimitExceeded when a payload is over 256 KiB.
 * https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html#service-limits-task-executions
 */
export function checkPayloadSize(text: string, what: string): void {
  const bytes = jsonBytes(text);
  if (bytes > Limits.maxPayloadBytes) {
    throw new StatesDataLimitExceededError(
      `${what} has a size of ${bytes} bytes, exceeding the maximum number of bytes service limit (${Limits.maxPayloadBytes}).`,
    );
  }
}

/**
 * Fails with States.DataLimitExceeded when a state's result or output, or a task's result, is over
 * 256 KiB, worded as AWS words it: "The state/task '<name>' returned a result with a size
 * exceeding the maximum number of bytes service limit." (no byte counts, no state prefix). `name`
 * is the state's name for its output and a Map's or Parallel's result, and `resourceType(...)` for
 * a task's result. AWS recorded both (LocalStack's AWS-validated snapshots
 * tests/aws/services/stepfunctions/v2/error_handling/test_states_errors.snapshot.json, 2024-03-21:
 * a Pass state's output, `lambda:invoke` and a Lambda function ARN); a States.ALL catcher caught
 * the task's one there (`catchableByAll`), although the error-handling page calls the error
 * terminal.
 */
export function checkResultSize(text: string, name: string, catchableByAll = false): void {
  if (jsonBytes(text) > Limits.maxPayloadBytes) {
    throw new StatesDataLimitExceededError(
      `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
      { raisedByInterpreter: false, terminal: !catchableByAll },
    );
  }
}

/**
 * What AWS names in a task's size-limit cause: the service of an optimized or SDK integration
 * (`arn:aws:states:::lambda:invoke` -> `lambda`, `arn:aws:states:::aws-sdk:s3:getObject` ->
 * `aws-sdk`); any other resource (a Lambda function ARN, as recorded) as it is written.
 */
export function resourceType(resource: string): string {
  const parts = resource.split(':');
  const service = parts[5];
  if (parts[2] === 'states' && parts[4] === '' && service !== undefined && service !== '') {
    return service;
  }
  return resource;
}

/** The JSON type name AWS uses in its messages: 'array', 'object', 'string', 'null', ... */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value === undefined) return 'undefined';
  return typeof value === 'number' && Number.isInteger(value) ? 'number' : typeof value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * ISO-8601 the way Step Functions prints context timestamps: trailing zeros of the fraction are
 * removed, and a zero fraction disappears ("2024-05-01T10:00:00Z").
 */
export function isoTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  if (iso.charCodeAt(iso.length - 2) !== 48) return iso; // no trailing zero before 'Z'
  return iso.replace(/\.?0+Z$/, 'Z');
}

/** The deepest JSON the engine accepts as execution input (deeper text overflows its walks). */
export const MAX_JSON_DEPTH = 2_000;

/**
 * Why `value` cannot be an execution input (a circular reference, nesting past MAX_JSON_DEPTH,
 * or a value JSON has no text for), naming where; undefined when it is fine. Iterative, so it
 * cannot itself overflow the stack on the inputs it refuses.
 */
export function jsonInputProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): string | undefined {
  type Frame = { node: object; keys: string[]; at: number; path: string };
  const ancestors = new Set<object>();
  const stack: Frame[] = [];
  const check = (node: unknown, path: string): string | undefined => {
    if (typeof node === 'bigint') return `a BigInt at ${path}, which JSON cannot represent`;
    if (typeof node !== 'object' || node === null) return undefined;
    if (ancestors.has(node)) return `a circular reference at ${path}`;
    if (stack.length >= maxDepth) {
      return `nesting deeper than ${maxDepth} levels (at ${path.length > 80 ? `${path.slice(0, 77)}...` : path})`;
    }
    ancestors.add(node);
    stack.push({ node, keys: Object.keys(node), at: 0, path });
    return undefined;
  };
  const first = check(value, '$');
  if (first) return first;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    if (frame.at >= frame.keys.length) {
      ancestors.delete(frame.node);
      stack.pop();
      continue;
    }
    const key = frame.keys[frame.at++] as string;
    const child = (frame.node as Record<string, unknown>)[key];
    const path = Array.isArray(frame.node) ? `${frame.path}[${key}]` : `${frame.path}.${key}`;
    const problem = check(child, path);
    if (problem) return problem;
  }
  return undefined;
}
