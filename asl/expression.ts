/**
 * What a JSONata expression string is, defined once. Step Functions evaluates a string field as
 * JSONata when it starts with `{%` and ends with `%}` (`expressionText`). The builders always write
 * the canonical form, one space inside each delimiter (`isExpression`): asl-validator recognises
 * expressions only in that form, and a single spelling keeps snapshots stable.
 * https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */
import type { JsonataString } from './types.ts';

/** The delimiters of the canonical form `{% expr %}`. */
export const CANONICAL_OPEN = '{% ';
export const CANONICAL_CLOSE = ' %}';

/**
 * The JSONata source of an expression: of `{% ... %}` exactly (no blanks outside the braces), as
 * AWS recognises one; undefined for any other value.
 */
export function expressionText(value: JsonataString): string;
export function expressionText(value: unknown): string | undefined;
export function expressionText(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('{%') || !value.endsWith('%}')) {
    return undefined;
  }
  if (value.length < 4) return undefined;
  return value.slice(2, -2).trim();
}

/** True when a string is a JSONata expression in the canonical `{% expr %}` form. */
export const isExpression = (value: unknown): value is JsonataString =>
  typeof value === 'string' &&
  value.startsWith(CANONICAL_OPEN) &&
  value.endsWith(CANONICAL_CLOSE) &&
  value.length > CANONICAL_OPEN.length + CANONICAL_CLOSE.length;
