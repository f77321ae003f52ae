/** Evaluating single-value fields (numbers, strings, booleans) that may be JSONata expressions. */
import type { JsonValue } from '../api.ts';
import { StatesQueryEvaluationError } from '../errors.ts';
import { evaluateField, unexpectedType } from '../jsonata/template.ts';
import type { ValueField } from '../model.ts';
import { runBindings, type StateRun } from './lifecycle.ts';

export async function evaluateValue(run: StateRun, field: ValueField): Promise<JsonValue> {
  if ('literal' in field) return field.literal;
  if ('jsonPath' in field) return field.jsonPath(runBindings(run));
  return evaluateField(field.fx, runBindings(run));
}

/**
 * An integer field (TimeoutSeconds, MaxConcurrency, ...); expressions must yield one >= `min`
 * (and <= `max` when the field has an upper bound, as a Wait's Seconds does).
 */
export async function evaluateInteger(
  run: StateRun,
  field: ValueField,
  min: number,
  max?: number,
): Promise<number> {
  const value = await evaluateValue(run, field);
  if ('fx' in field) {
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw unexpectedType(field.fx, 'integer', value);
    if (value < min || (max !== undefined && value > max)) {
      const range = max === undefined ? `>= ${min}` : `between ${min} and ${max}`;
      throw new StatesQueryEvaluationError(
        `The JSONata expression '${field.fx.expr.text}' specified for the field '${field.fx.field}' returned ${value}, which is out of range: the field must be ${range}.`,
        field.fx.field,
      );
    }
  }
  return value as number;
}

/** A number field in [min, max] (ToleratedFailurePercentage). */
export async function evaluateNumber(
  run: StateRun,
  field: ValueField,
  min: number,
  max: number,
): Promise<number> {
  const value = await evaluateValue(run, field);
  if ('fx' in field) {
    if (typeof value !== 'number') throw unexpectedType(field.fx, 'number', value);
    if (value < min || value > max) {
      throw new StatesQueryEvaluationError(
        `The JSONata expression '${field.fx.expr.text}' specified for the field '${field.fx.field}' returned ${value}, which is out of range: the field must be between ${min} and ${max}.`,
        field.fx.field,
      );
    }
  }
  return value as number;
}

export async function evaluateString(run: StateRun, field: ValueField): Promise<string> {
  const value = await evaluateValue(run, field);
  if ('fx' in field && typeof value !== 'string') throw unexpectedType(field.fx, 'string', value);
  return value as string;
}
