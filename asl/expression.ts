/**
 * What a JSONata expression string is: a string field of the form `{% expr %}`.
 * https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */
import type { JsonataString } from './types.ts';

export const OPEN = '{% ';
export const CLOSE = ' %}';

/** True when a string is a JSONata expression in the canonical `{% expr %}` form. */
export const isExpression = (value: unknown): value is JsonataString =>
  typeof value === 'string' &&
  value.startsWith(OPEN) &&
  value.endsWith(CLOSE) &&
  value.length > OPEN.length + CLOSE.length;

/** The JSONata source inside `{% ... %}`. */
export const expressionBody = (value: JsonataString): string =>
  value.slice(OPEN.length, value.length - CLOSE.length).trim();

/** `{% ... %}` exactly (no blanks outside the braces), as AWS recognises an expression. */
export function expressionText(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('{%') || !value.endsWith('%}')) {
    return undefined;
  }
  if (value.length < 4) return undefined;
  return value.slice(2, -2).trim();
}
