/**
 * JSONPath payload templates (Parameters, ResultSelector, ItemSelector, Assign, ...): a key ending
 * in `.$` takes the value of its path or intrinsic function, under the key without `.$`; every
 * other value is literal. Compiled once per definition into the same `Template` shape as the
 * JSONata side, evaluated against bindings whose `states.input` is the template's `$`.
 */
import type { JsonValue } from '../api.ts';
import { StatesRuntimeError } from '../errors.ts';
import { toJson } from '../json.ts';
import type { Bindings, Template } from '../jsonata/types.ts';
import {
  evaluateIntrinsic,
  type IntrinsicCall,
  isIntrinsic,
  parseIntrinsic,
} from './intrinsics.ts';
import { type CompiledPath, compilePath, evaluatePath, notFound } from './path.ts';

/** A single path or intrinsic function (a `.$` value, or a `...Path` field). */
export type PathExpression =
  | { readonly kind: 'path'; readonly path: CompiledPath; readonly field: string }
  | { readonly kind: 'call'; readonly call: IntrinsicCall; readonly field: string };

/** The input a path failed to find its value in, as AWS quotes it. */
function inputText(path: CompiledPath, bindings: Bindings): string {
  const states = bindings.states as { input: JsonValue; context: JsonValue };
  if (path.root === 'context') return toJson(states.context);
  if (path.root === 'variable') return toJson(bindings[path.variable as string] ?? null);
  return toJson(states.input);
}

/** AWS's error for a template path (or intrinsic argument) that matched nothing. */
export function pathNotFound(field: string): (path: CompiledPath, bindings: Bindings) => never {
  return (path, bindings) => {
    throw new StatesRuntimeError(
      `The JSONPath '${path.text}' specified for the field '${field}' could not be found in the input '${inputText(path, bindings)}'`,
    );
  };
}

export function evaluateExpression(expression: PathExpression, bindings: Bindings): JsonValue {
  if (expression.kind === 'call')
    return evaluateIntrinsic(expression.call, bindings, pathNotFound(expression.field));
  const value = evaluatePath(expression.path, bindings);
  if (value === notFound) return pathNotFound(expression.field)(expression.path, bindings);
  return value;
}

/** Compiles templates for one definition, collecting every problem it finds. */
export class PathCompiler {
  readonly problems: string[] = [];

  /** A path (`$...`) or, where `intrinsics` allows, an intrinsic function call. */
  expression(
    text: unknown,
    field: string,
    location: string,
    intrinsics = true,
  ): PathExpression | undefined {
    if (typeof text !== 'string') {
      const type = Array.isArray(text)
        ? 'an ARRAY'
        : text === null
          ? 'a NULL'
          : typeof text === 'object'
            ? 'an OBJECT'
            : `a ${typeof text === 'number' ? 'NUMBER' : 'BOOLEAN'}`;
      this.problems.push(
        `${location}: The value for the field '${field}' must be a STRING that contains a JSONPath but was ${type}`,
      );
      return undefined;
    }
    try {
      if (intrinsics && isIntrinsic(text))
        return { kind: 'call', call: parseIntrinsic(text), field };
      return { kind: 'path', path: compilePath(text), field };
    } catch (error) {
      this.problems.push(`${location}: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** A path only; `undefined` when absent or invalid. */
  path(text: unknown, location: string): CompiledPath | undefined {
    if (text === undefined || text === null) return undefined;
    if (typeof text !== 'string') {
      this.problems.push(`${location}: must be a JSONPath string, got ${toJson(text)}`);
      return undefined;
    }
    try {
      return compilePath(text);
    } catch (error) {
      this.problems.push(`${location}: ${(error as Error).message}`);
      return undefined;
    }
  }

  template(value: unknown, location: string): Template {
    if (Array.isArray(value)) {
      const parts = value.map((item, i) => this.template(item, `${location}/${i}`));
      if (!parts.some((p) => p.dynamic)) return { dynamic: false, value: value as JsonValue };
      return {
        dynamic: true,
        evaluate: (bindings) =>
          parts.map((p) => (p.dynamic ? p.evaluate(bindings) : p.value)) as JsonValue,
      };
    }
    if (typeof value !== 'object' || value === null)
      return { dynamic: false, value: value as JsonValue };
    const entries = Object.entries(value);
    if (
      !entries.some(([k]) => k.endsWith('.$')) &&
      !entries.some(([, v]) => typeof v === 'object' && v !== null)
    ) {
      return { dynamic: false, value: value as JsonValue };
    }
    const parts: [string, Template | PathExpression][] = [];
    let dynamic = false;
    for (const [key, item] of entries) {
      if (key.endsWith('.$')) {
        const expression = this.expression(item, key, `${location}/${key}`);
        if (expression) parts.push([key.slice(0, -2), expression]);
        dynamic = true;
      } else {
        const part = this.template(item, `${location}/${key}`);
        if (part.dynamic) dynamic = true;
        parts.push([key, part]);
      }
    }
    if (!dynamic) return { dynamic: false, value: value as JsonValue };
    return {
      dynamic: true,
      evaluate: (bindings) => {
        const out: Record<string, JsonValue> = {};
        for (const [key, part] of parts) {
          if ('kind' in part) out[key] = evaluateExpression(part, bindings);
          else out[key] = part.dynamic ? (part.evaluate(bindings) as JsonValue) : part.value;
        }
        return out;
      },
    };
  }
}
