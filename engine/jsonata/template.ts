/**
 * Templates: JSON values in which every string of the form `{% expr %}` is a JSONata expression
 * (at any depth of objects and arrays). A template is compiled once; parts without expressions are
 * returned as they are, without copying. Each expression knows the field it was written in
 * (`Output/a/b[0]`, `Arguments/Payload`) so errors name it as AWS does.
 */
import { expressionText } from '../../asl/expression.ts';
import type { JsonValue } from '../api.ts';
import { StatesQueryEvaluationError } from '../errors.ts';
import { jsonTypeName, toJson } from '../json.ts';
import { checkExpressionTree, type StatesAccess } from './checks.ts';
import { EvaluationInterrupted, type ExpressionCompiler, isJsonataError } from './expression.ts';
import type { Bindings, CompiledJsonata, FieldExpression, Template } from './types.ts';

/** Compiles templates and expressions for one definition, collecting every problem it finds. */
export class TemplateCompiler {
  readonly problems: string[] = [];

  constructor(private readonly expressions: ExpressionCompiler) {}

  /** A field that holds one expression (or a literal); `location` is the JSON-pointer for problems. */
  expression(
    text: string,
    field: string,
    location: string,
    access: StatesAccess,
  ): FieldExpression | undefined {
    let expr: CompiledJsonata;
    try {
      expr = this.expressions.compile(text);
    } catch (error) {
      const message = isJsonataError(error) ? `${error.code}: ${error.message}` : String(error);
      this.problems.push(`${location}: INVALID_JSONATA_EXPRESSION '${text}': ${message}`);
      return undefined;
    }
    for (const problem of checkExpressionTree(expr.ast, access)) {
      this.problems.push(`${location}: UNSUPPORTED_JSONATA_EXPRESSION '${text}': ${problem}`);
    }
    return { expr, field };
  }

  template(value: unknown, field: string, location: string, access: StatesAccess): Template {
    if (typeof value === 'string') {
      if (value.startsWith('{%') && !value.endsWith('%}')) {
        this.problems.push(
          `${location}: a string starting with '{%' must end with '%}' to be a JSONata expression (got ${JSON.stringify(value)})`,
        );
      }
      const text = expressionText(value);
      if (text === undefined) return { dynamic: false, value };
      const compiled = this.expression(text, field, location, access);
      if (!compiled) return { dynamic: false, value: null };
      return {
        dynamic: true,
        evaluate: (bindings) => evaluateField(compiled, bindings),
        fx: compiled,
      };
    }
    if (Array.isArray(value)) {
      const parts = value.map((item, i) =>
        this.template(item, `${field}[${i}]`, `${location}/${i}`, access),
      );
      if (!parts.some((p) => p.dynamic)) return { dynamic: false, value: value as JsonValue };
      return { dynamic: true, evaluate: (bindings) => buildArray(parts, bindings) };
    }
    if (typeof value === 'object' && value !== null) {
      const keys = Object.keys(value);
      const parts = keys.map((key) =>
        this.template(
          (value as Record<string, unknown>)[key],
          `${field}/${key}`,
          `${location}/${key}`,
          access,
        ),
      );
      if (!parts.some((p) => p.dynamic)) return { dynamic: false, value: value as JsonValue };
      return { dynamic: true, evaluate: (bindings) => buildObject(keys, parts, bindings) };
    }
    return { dynamic: false, value: value as JsonValue };
  }
}

/** Builds an array template's value, synchronously until a part needs the async evaluator. */
function buildArray(parts: Template[], bindings: Bindings): JsonValue | Promise<JsonValue> {
  const out: JsonValue[] = new Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as Template;
    const value = part.dynamic ? part.evaluate(bindings) : part.value;
    if (value instanceof Promise) return finishArray(out, parts, i, value, bindings);
    out[i] = value;
  }
  return out;
}

async function finishArray(
  out: JsonValue[],
  parts: Template[],
  from: number,
  pending: Promise<JsonValue>,
  bindings: Bindings,
): Promise<JsonValue> {
  out[from] = await pending;
  for (let i = from + 1; i < parts.length; i++) {
    const part = parts[i] as Template;
    out[i] = part.dynamic ? await part.evaluate(bindings) : part.value;
  }
  return out;
}

function buildObject(
  keys: string[],
  parts: Template[],
  bindings: Bindings,
): JsonValue | Promise<JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as Template;
    const value = part.dynamic ? part.evaluate(bindings) : part.value;
    if (value instanceof Promise) return finishObject(out, keys, parts, i, value, bindings);
    out[keys[i] as string] = value;
  }
  return out;
}

async function finishObject(
  out: Record<string, JsonValue>,
  keys: string[],
  parts: Template[],
  from: number,
  pending: Promise<JsonValue>,
  bindings: Bindings,
): Promise<JsonValue> {
  out[keys[from] as string] = await pending;
  for (let i = from + 1; i < parts.length; i++) {
    const part = parts[i] as Template;
    out[keys[i] as string] = part.dynamic ? await part.evaluate(bindings) : part.value;
  }
  return out;
}

export function evaluateTemplate(
  template: Template,
  bindings: Bindings,
): JsonValue | Promise<JsonValue> {
  return template.dynamic ? template.evaluate(bindings) : template.value;
}

/**
 * Evaluates one expression field: JSONata errors and `undefined` become
 * States.QueryEvaluationError. Synchronous when the expression took the fast path.
 */
export function evaluateField(
  fx: FieldExpression,
  bindings: Bindings,
): JsonValue | Promise<JsonValue> {
  let value: unknown;
  try {
    value = fx.expr.evaluate(bindings);
  } catch (error) {
    throw evaluationError(fx, error);
  }
  if (value instanceof Promise) {
    return value.then(
      (resolved) => checkResult(fx, resolved),
      (error) => {
        throw evaluationError(fx, error);
      },
    );
  }
  return checkResult(fx, value);
}

function evaluationError(fx: FieldExpression, error: unknown): unknown {
  if (error instanceof StatesQueryEvaluationError) return error;
  // The execution was stopped while the expression ran: that stop is the outcome.
  if (error instanceof EvaluationInterrupted) return error.reason;
  const detail = isJsonataError(error)
    ? `${error.code}: ${error.message}`
    : error instanceof Error
      ? error.message
      : String(error);
  return new StatesQueryEvaluationError(
    `The JSONata expression '${fx.expr.text}' specified for the field '${fx.field}' threw an error during evaluation. ${detail}`,
    fx.field,
    { cause: error },
  );
}

/**
 * jsonata hands its functions back as objects (`$sum` is `{ _jsonata_function: true, ... }`, a
 * `function($x){...}` is `{ _jsonata_lambda: true, ... }`), not JS functions; as a field's value
 * they would leak jsonata's internals into the JSON. Only the top-level value is checked (a
 * function nested in an object or array is not looked for, to keep every evaluation cheap).
 */
function isJsonataFunction(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { _jsonata_function?: unknown; _jsonata_lambda?: unknown };
  return v._jsonata_function === true || v._jsonata_lambda === true;
}

function checkResult(fx: FieldExpression, value: unknown): JsonValue {
  if (value === undefined) {
    throw new StatesQueryEvaluationError(
      `The JSONata expression '${fx.expr.text}' specified for the field '${fx.field}' returned nothing (undefined).`,
      fx.field,
    );
  }
  if (typeof value === 'function' || isJsonataFunction(value)) {
    throw new StatesQueryEvaluationError(
      `The JSONata expression '${fx.expr.text}' specified for the field '${fx.field}' returned a function, which is not a JSON value.`,
      fx.field,
    );
  }
  return value as JsonValue;
}

export type ExpectedType = 'array' | 'boolean' | 'integer' | 'number' | 'string';

/** AWS's wording for a field expression that evaluated to the wrong type. */
export function unexpectedType(
  fx: FieldExpression,
  expected: ExpectedType,
  value: unknown,
): StatesQueryEvaluationError {
  return new StatesQueryEvaluationError(
    `The JSONata expression '${fx.expr.text}' specified for the field '${fx.field}' returned an unexpected result type. Expected '${expected}', but was '${jsonTypeName(value)}' for value: ${toJson(value)}`,
    fx.field,
  );
}
