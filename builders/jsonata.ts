/**
 * JSONata expressions for Step Functions: `{% expr %}` strings, compiled at build time. What an
 * expression string is (and why the builders write only the canonical `{% expr %}` form) is
 * defined in asl/expression.ts.
 * https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */
import jsonata from 'jsonata';
import {
  CANONICAL_CLOSE,
  CANONICAL_OPEN,
  expressionText,
  isExpression,
} from '../asl/expression.ts';
import type { JsonataString, JsonValue } from '../asl/types.ts';

/**
 * Wraps a JSONata source as `{% source %}`. Line breaks and the indentation after them collapse
 * to one space so expressions can be written readably in TypeScript and still read as one line in
 * the snapshot; never put a line break inside a string literal.
 */
export const expr = (source: string): JsonataString => {
  const body = source.replace(/\s*\n\s*/g, ' ').trim();
  if (body === '') throw new Error('expr(): empty JSONata expression');
  if (body.includes('%}'))
    throw new Error(`expr(): '%}' may not appear inside an expression: ${body}`);
  return `${CANONICAL_OPEN}${body}${CANONICAL_CLOSE}` as JsonataString;
};

/**
 * A JSON value as a JSONata literal, for embedding build-time constants in expressions. Strings
 * are single-quoted where they can be (double quotes would be escaped in the JSON); numbers,
 * booleans, null, arrays and objects are written as JSON, which JSONata reads as it is.
 */
export const literal = (value: JsonValue): string => {
  if (typeof value === 'string') {
    // JSONata has no \' escape: a string containing a single quote keeps JSON's double quotes.
    const json = JSON.stringify(value);
    return value.includes("'") ? json : `'${json.slice(1, -1)}'`;
  }
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${literal(k)}: ${literal(v)}`)
      .join(', ')} }`;
  }
  return JSON.stringify(value);
};

export type FoundExpression = {
  /** Dotted path of the field inside the walked value, e.g. `Arguments.Payload.ticker`. */
  path: string;
  value: string;
};

/**
 * Every string in a value that starts with `{%` or ends with `%}` (well-formed or not), with its
 * path. Object keys are never expressions in Step Functions, so only values are visited.
 */
export const findExpressions = (value: unknown, path: string): FoundExpression[] => {
  if (typeof value === 'string') {
    const t = value.trim();
    return t.startsWith('{%') || t.endsWith('%}') ? [{ path, value }] : [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => findExpressions(v, `${path}[${i}]`));
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      findExpressions(v, path === '' ? k : `${path}.${k}`),
    );
  }
  return [];
};

/**
 * Why an expression string does not compile, or undefined when it does. Also rejects strings
 * that look like an expression but are not in the canonical `{% expr %}` form: Step Functions
 * would treat some of them as literal text, which is never what was meant.
 */
export const expressionProblem = (value: string): string | undefined => {
  if (!isExpression(value)) {
    return `not in the form '{% expr %}' (one space inside each delimiter): ${JSON.stringify(value)}`;
  }
  try {
    jsonata(expressionText(value));
    return undefined;
  } catch (err) {
    const e = err as { message?: string; position?: number; token?: string };
    const at = e.position === undefined ? '' : ` at position ${e.position}`;
    return `JSONata syntax error${at}: ${e.message ?? String(err)} in ${JSON.stringify(value)}`;
  }
};

/**
 * Compiles every expression inside `value`; throws on the first one that does not compile,
 * naming the state and the field. Builders call this on every field they emit.
 */
export const assertExpressionsCompile = (where: string, field: string, value: unknown): void => {
  for (const found of findExpressions(value, field)) {
    const problem = expressionProblem(found.value);
    if (problem !== undefined) throw new Error(`${where}: ${found.path}: ${problem}`);
  }
};
