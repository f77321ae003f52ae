/**
 * The `...Path` fields of JSONPath states (SecondsPath, TimestampPath, ErrorPath, CausePath,
 * TimeoutSecondsPath, HeartbeatSecondsPath, MaxConcurrencyPath, ToleratedFailure*Path), as value
 * evaluators that check what the path selected and fail with AWS's wording (States.Runtime).
 */
import type { JsonValue } from '../api.ts';
import { StatesRuntimeError } from '../errors.ts';
import { toJson } from '../json.ts';
import type { Bindings } from '../jsonata/types.ts';
import { parseTimestamp } from './choice.ts';
import { type CompiledPath, evaluatePath, notFound } from './path.ts';
import { evaluateExpression, type PathExpression, pathNotFound } from './template.ts';

export type PathValue = (bindings: Bindings) => JsonValue;

/** A number, or a string holding one (AWS parses numeric strings in these fields). */
function numeric(value: JsonValue): JsonValue {
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return value;
}

function read(path: CompiledPath, field: string, bindings: Bindings): JsonValue {
  const value = evaluatePath(path, bindings);
  return value === notFound ? pathNotFound(field)(path, bindings) : value;
}

/** A path or intrinsic function (ErrorPath, CausePath): its value, as it is. */
export function expressionValue(expression: PathExpression): PathValue {
  return (bindings) => evaluateExpression(expression, bindings);
}

/** Wait's SecondsPath: an integer >= 0. */
export function secondsPath(path: CompiledPath): PathValue {
  return (bindings) => {
    const value = read(path, 'SecondsPath', bindings);
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new StatesRuntimeError(
        `The SecondsPath parameter does not reference a valid integer: ${path.text} == ${display(value)}`,
      );
    }
    if (value < 0) {
      throw new StatesRuntimeError(
        `The SecondsPath parameter references a negative value: ${path.text} == ${value}`,
      );
    }
    return value;
  };
}

/** Wait's TimestampPath: an ISO-8601 extended offset date-time. */
export function timestampPath(path: CompiledPath): PathValue {
  return (bindings) => {
    const value = read(path, 'TimestampPath', bindings);
    if (Number.isNaN(parseTimestamp(value))) {
      throw new StatesRuntimeError(
        `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path.text} == ${display(value)}`,
      );
    }
    return value;
  };
}

/** TimeoutSecondsPath, HeartbeatSecondsPath: a positive integer. */
export function positiveIntegerPath(path: CompiledPath, field: string): PathValue {
  return (bindings) => {
    const value = read(path, field, bindings);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new StatesRuntimeError(
        `The ${field} field refers to value ${toJson(value)} which is not a valid positive integer: ${path.text}`,
      );
    }
    return value;
  };
}

/** MaxConcurrencyPath: an integer >= 0. */
export function maxConcurrencyPath(path: CompiledPath): PathValue {
  return (bindings) => {
    const raw = read(path, 'MaxConcurrencyPath', bindings);
    const value = numeric(raw);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new StatesRuntimeError(
        `The MaxConcurrencyPath field refers to value ${toJson(raw)} which is not a valid integer: ${path.text}`,
      );
    }
    return value;
  };
}

/** ToleratedFailureCountPath: an integer >= 0. */
export function toleratedCountPath(path: CompiledPath): PathValue {
  return (bindings) => {
    const raw = read(path, 'ToleratedFailureCountPath', bindings);
    const value = numeric(raw);
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new StatesRuntimeError(
        `The ToleratedFailureCountPath field refers to value ${toJson(raw)} which is not a valid integer: ${path.text}`,
      );
    }
    if (value < 0) throw new StatesRuntimeError('ToleratedFailureCount cannot be negative.');
    return value;
  };
}

/** ToleratedFailurePercentagePath: a number in [0, 100]. */
export function toleratedPercentagePath(path: CompiledPath): PathValue {
  return (bindings) => {
    const raw = read(path, 'ToleratedFailurePercentagePath', bindings);
    const value = numeric(raw);
    if (typeof value !== 'number' || value < 0 || value > 100) {
      throw new StatesRuntimeError('ToleratedFailurePercentage must be between 0 and 100.');
    }
    return value;
  };
}

function display(value: JsonValue): string {
  return typeof value === 'string' ? value : toJson(value);
}
