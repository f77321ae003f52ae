/**
 * Choice rules of JSONPath states: `Variable` plus one comparison operator (a literal, or a
 * `...Path` variant that reads the other side from a path), `And`/`Or`/`Not`, and the `Is*` tests.
 * A comparison of values of the wrong type is false, as on AWS; a `Variable` that matches nothing
 * is false for `IsPresent` and a States.Runtime error for the other operators.
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 */
import { JsonPathChoiceOperators } from '../../asl/constants.ts';
import { isoOffsetDateTime } from '../../asl/timestamp.ts';
import type { JsonValue } from '../api.ts';
import { StatesRuntimeError } from '../errors.ts';
import type { Bindings } from '../jsonata/types.ts';
import { type CompiledPath, evaluatePath, notFound } from './path.ts';
import type { PathCompiler } from './template.ts';

export type Rule = (bindings: Bindings) => boolean;

type Kind = 'String' | 'Numeric' | 'Boolean' | 'Timestamp';
type Comparison = 'Equals' | 'LessThan' | 'LessThanEquals' | 'GreaterThan' | 'GreaterThanEquals';

const operators: readonly string[] = JsonPathChoiceOperators;
const comparisonPattern =
  /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|LessThanEquals|GreaterThan|GreaterThanEquals)(Path)?$/;

function compare(comparison: Comparison, order: number): boolean {
  switch (comparison) {
    case 'Equals':
      return order === 0;
    case 'LessThan':
      return order < 0;
    case 'LessThanEquals':
      return order <= 0;
    case 'GreaterThan':
      return order > 0;
    case 'GreaterThanEquals':
      return order >= 0;
  }
}

/** Epoch ms of an ISO-8601 timestamp AWS accepts, or NaN (the time of day must be valid too). */
export function parseTimestamp(value: unknown): number {
  if (typeof value !== 'string' || !isoOffsetDateTime.test(value)) return Number.NaN;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return ms;
  // Date.parse accepts 24:00 and rolls invalid days over; AWS does not.
  const [date, time] = value.split('T') as [string, string];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm, ss] = time.slice(0, 8).split(':').map(Number) as [number, number, number];
  if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return Number.NaN;
  if (hh > 23 || mm > 59 || ss > 59) return Number.NaN;
  return ms;
}

function order(kind: Kind, a: JsonValue, b: JsonValue): number | undefined {
  switch (kind) {
    case 'String':
      if (typeof a !== 'string' || typeof b !== 'string') return undefined;
      return a < b ? -1 : a > b ? 1 : 0;
    case 'Numeric':
      if (typeof a !== 'number' || typeof b !== 'number') return undefined;
      return a - b;
    case 'Boolean':
      if (typeof a !== 'boolean' || typeof b !== 'boolean') return undefined;
      return a === b ? 0 : 1;
    case 'Timestamp': {
      const x = parseTimestamp(a);
      const y = parseTimestamp(b);
      if (Number.isNaN(x) || Number.isNaN(y)) return undefined;
      return x - y;
    }
  }
}

/** `*` matches any run of characters; `\*` and `\\` are literal. */
export function stringMatches(text: string, pattern: string): boolean {
  let regex = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) {
      regex += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (c === '*') regex += '.*';
    else regex += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${regex}$`, 's').test(text);
}

function invalidPath(path: CompiledPath): never {
  throw new StatesRuntimeError(
    `Invalid path '${path.text}': The choice state's condition path references an invalid value.`,
  );
}

/** Compiles one rule (a top-level Choice rule or a nested one). */
export function compileRule(compiler: PathCompiler, raw: unknown, location: string): Rule {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    compiler.problems.push(`${location}: a Choice rule must be an object`);
    return () => false;
  }
  const rule = raw as Record<string, unknown>;
  const ops = Object.keys(rule).filter(
    (k) => operators.includes(k) || comparisonPattern.test(k) || k === 'StringMatches',
  );
  if (ops.length !== 1) {
    compiler.problems.push(
      `${location}: a Choice rule must have exactly one comparison operator, got ${ops.length === 0 ? 'none' : ops.join(', ')}`,
    );
    return () => false;
  }
  const op = ops[0] as string;
  const operand = rule[op];
  if (op === 'And' || op === 'Or') {
    if (!Array.isArray(operand) || operand.length === 0) {
      compiler.problems.push(`${location}/${op}: must be a non-empty array of rules`);
      return () => false;
    }
    const rules = operand.map((r, i) => compileRule(compiler, r, `${location}/${op}/${i}`));
    return op === 'And' ? (b) => rules.every((r) => r(b)) : (b) => rules.some((r) => r(b));
  }
  if (op === 'Not') {
    const inner = compileRule(compiler, operand, `${location}/Not`);
    return (b) => !inner(b);
  }
  const variable = compiler.path(rule.Variable, `${location}/Variable`);
  if (!variable) {
    if (rule.Variable === undefined) compiler.problems.push(`${location}: Variable is required`);
    return () => false;
  }
  const read = (b: Bindings) => evaluatePath(variable, b);
  const value = (b: Bindings): JsonValue => {
    const v = read(b);
    return v === notFound ? invalidPath(variable) : v;
  };
  if (op.startsWith('Is')) {
    if (typeof operand !== 'boolean') {
      compiler.problems.push(`${location}/${op}: must be true or false`);
      return () => false;
    }
    const test = isTest(op);
    if (op === 'IsPresent') return (b) => (read(b) !== notFound) === operand;
    return (b) => {
      const v = read(b);
      return (v !== notFound && test(v)) === operand;
    };
  }
  if (op === 'StringMatches') {
    if (typeof operand !== 'string') {
      compiler.problems.push(`${location}/StringMatches: must be a string`);
      return () => false;
    }
    return (b) => {
      const v = value(b);
      return typeof v === 'string' && stringMatches(v, operand);
    };
  }
  const [, kind, comparison, viaPath] = comparisonPattern.exec(op) as unknown as [
    string,
    Kind,
    Comparison,
    string | undefined,
  ];
  if (viaPath) {
    const other = compiler.path(operand, `${location}/${op}`);
    if (!other) return () => false;
    return (b) => {
      const right = evaluatePath(other, b);
      if (right === notFound) invalidPath(other);
      const o = order(kind, value(b), right);
      return o !== undefined && compare(comparison, o);
    };
  }
  const expected = { String: 'string', Numeric: 'number', Boolean: 'boolean', Timestamp: 'string' }[
    kind
  ];
  if (
    typeof operand !== expected ||
    (kind === 'Timestamp' && Number.isNaN(parseTimestamp(operand)))
  ) {
    compiler.problems.push(
      `${location}/${op}: must be a ${kind === 'Timestamp' ? 'timestamp string' : expected}`,
    );
    return () => false;
  }
  const literal = operand as JsonValue;
  return (b) => {
    const o = order(kind, value(b), literal);
    return o !== undefined && compare(comparison, o);
  };
}

function isTest(op: string): (v: JsonValue) => boolean {
  switch (op) {
    case 'IsNull':
      return (v) => v === null;
    case 'IsNumeric':
      return (v) => typeof v === 'number';
    case 'IsString':
      return (v) => typeof v === 'string';
    case 'IsBoolean':
      return (v) => typeof v === 'boolean';
    case 'IsTimestamp':
      return (v) => !Number.isNaN(parseTimestamp(v));
    default:
      return () => false;
  }
}
