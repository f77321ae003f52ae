/**
 * Evaluates a `{% %}` expression the way Step Functions does, for build-time estimates and unit
 * tests: the jsonata 2.0.6 library plus the functions Step Functions adds ($parse, $partition,
 * $range, $hash, $random, $uuid; the same implementations the local engine registers), with
 * `$states` and workflow variables bound.
 * https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */
import jsonata from 'jsonata';
import { expressionText, isExpression } from './expression.ts';
import { registerStepFunctionsFunctions } from './sfn-functions.ts';
import type { Template } from './types.ts';

export type StatesBinding = {
  input?: unknown;
  result?: unknown;
  errorOutput?: unknown;
  context?: unknown;
};

/** Evaluates one expression string (`{% ... %}`); a plain string is returned as it is. */
export const evaluateExpression = async (
  expression: string,
  states: StatesBinding,
  variables: Record<string, unknown> = {},
): Promise<unknown> => {
  if (!isExpression(expression)) return expression;
  const e = jsonata(expressionText(expression));
  registerStepFunctionsFunctions(e, { random: Math.random });
  return e.evaluate(null, { ...variables, states });
};

/** Evaluates a template: expressions anywhere inside objects and arrays; undefined keys dropped. */
export const evaluateTemplate = async (
  template: Template,
  states: StatesBinding,
  variables: Record<string, unknown> = {},
): Promise<unknown> => {
  if (typeof template === 'string') return evaluateExpression(template, states, variables);
  if (Array.isArray(template)) {
    return Promise.all(template.map((t) => evaluateTemplate(t, states, variables)));
  }
  if (template !== null && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(template)) {
      const value = await evaluateTemplate(v, states, variables);
      if (value !== undefined) out[k] = value;
    }
    return out;
  }
  return template;
};
