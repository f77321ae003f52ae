/**
 * Input and output processing of JSONPath states: InputPath selects the effective input from the
 * raw input, ResultPath places the (selected) result into the raw input, OutputPath selects the
 * output. `null` discards: InputPath/OutputPath give `{}`, ResultPath keeps the raw input.
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html
 */
import type { JsonValue } from '../api.ts';
import { StatesRuntimeError } from '../errors.ts';
import { toJson } from '../json.ts';
import type { Bindings, Template } from '../jsonata/types.ts';
import { type CompiledPath, evaluatePath, notFound, readPath } from './path.ts';

/** A path field: a path, `null` (discard), or undefined (absent: `$`). */
export type PathField = CompiledPath | null | undefined;

/** The JSONPath fields of a state (undefined on JSONata states). */
export type PathIo = {
  readonly inputPath: PathField;
  readonly parameters: Template | undefined;
  readonly resultSelector: Template | undefined;
  readonly resultPath: PathField;
  readonly outputPath: PathField;
  /** A Pass state's `Result`. */
  readonly result: JsonValue | undefined;
};

/**
 * InputPath or OutputPath applied to a value, with AWS's error when it selects nothing. A path
 * from `$$` or a variable (`$name`) reads the bindings `others` makes instead.
 */
export function selectPath(path: PathField, value: JsonValue, others: () => Bindings): JsonValue {
  if (path === undefined) return value;
  if (path === null) return {};
  const selected = path.root === 'input' ? readPath(path, value) : evaluatePath(path, others());
  if (selected === notFound) {
    throw new StatesRuntimeError(
      `Invalid path '${path.text}' : No results for path: ${path.normalized}`,
    );
  }
  return selected;
}

/** ResultPath: the raw input with the result placed at the path (a copy along the path only). */
export function applyResultPath(path: PathField, input: JsonValue, result: JsonValue): JsonValue {
  if (path === undefined) return result;
  if (path === null) return input;
  const steps = path.steps ?? [];
  if (steps.length === 0) return result;
  const place = (target: JsonValue, at: number): JsonValue => {
    const step = steps[at] as string | number;
    const last = at === steps.length - 1;
    if (typeof step === 'number') {
      if (!Array.isArray(target) || step >= target.length) throw unableToApply(path, input);
      const copy = target.slice();
      copy[step] = last ? result : place(target[step] as JsonValue, at + 1);
      return copy;
    }
    if (typeof target !== 'object' || target === null || Array.isArray(target))
      throw unableToApply(path, input);
    const child = Object.hasOwn(target, step) ? (target[step] as JsonValue) : {};
    return { ...target, [step]: last ? result : place(child, at + 1) };
  };
  return place(input, 0);
}

function unableToApply(path: CompiledPath, input: JsonValue): StatesRuntimeError {
  return new StatesRuntimeError(
    `Unable to apply ReferencePath ${path.text} to input ${JSON.stringify(toJson(input))}`,
  );
}
