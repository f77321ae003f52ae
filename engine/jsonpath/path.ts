/**
 * JSONPath paths as Step Functions reads them (Jayway's dialect): `$` is the state's input (or
 * whatever the field applies to), `$$` the Context object, `$name` a workflow variable. A path is
 * compiled once per definition. Plain paths (`$.a.b`, `$['a'][0]`) are read directly; anything
 * else (`[*]`, slices, filters, `..`, unions) goes through `jsonpath-plus`, whose syntax and results
 * match Jayway's for these forms. What `jsonpath-plus` does not decide is Jayway's notion of a
 * definite path (one that names a single node: its value, or no result) against an indefinite one
 * (wildcards, filters, slices, unions, deep scan: always an array, possibly empty), so that is
 * decided here from the path's text.
 */
import { JSONPath } from 'jsonpath-plus';
import type { JsonValue } from '../api.ts';
import type { Bindings } from '../jsonata/types.ts';

export type PathRoot = 'input' | 'context' | 'variable';

export type CompiledPath = {
  /** The path as written. */
  readonly text: string;
  readonly root: PathRoot;
  /** The variable's name when `root` is `variable`. */
  readonly variable: string | undefined;
  /** The path from its root, `$`-based (`$$.A.B` becomes `$.A.B`, `$x.y` becomes `$.y`). */
  readonly relative: string;
  /** Jayway's normalised form (`$['a'][0]`), as AWS quotes it in some errors. */
  readonly normalized: string;
  /** Plain property/index steps, when the path is plain (the fast path). */
  readonly steps: readonly (string | number)[] | undefined;
  readonly definite: boolean;
};

const variableName = /^\$([A-Za-z_][A-Za-z0-9_]*)/;

/** Compiles a path; throws an Error naming the problem when it is not one. */
export function compilePath(text: string): CompiledPath {
  if (!text.startsWith('$')) throw new Error(`'${text}' is not a JSONPath (it must start with $)`);
  let root: PathRoot = 'input';
  let variable: string | undefined;
  let rest: string;
  if (text.startsWith('$$')) {
    root = 'context';
    rest = text.slice(2);
  } else {
    const match = variableName.exec(text);
    if (match) {
      root = 'variable';
      variable = match[1] as string;
      rest = text.slice(match[0].length);
    } else rest = text.slice(1);
  }
  const relative = `$${rest}`;
  const steps = plainSteps(rest);
  const definite = steps !== undefined || !/\*|\.\.|\?\(|\[[^\]'"]*[:,][^\]'"]*\]/.test(rest);
  if (steps === undefined) {
    // Let jsonpath-plus reject what it cannot parse now rather than at run time.
    try {
      JSONPath({ path: relative, json: {}, wrap: true, eval: 'safe' });
    } catch (error) {
      throw new Error(`'${text}' is not a valid JSONPath: ${(error as Error).message}`);
    }
  }
  return {
    text,
    root,
    variable,
    relative,
    normalized: normalize(steps, relative),
    steps,
    definite,
  };
}

const identifier = /^[A-Za-z_$][\w$-]*/;

/** The steps of a path made only of `.name`, `['name']`, `["name"]` and `[index]`. */
function plainSteps(rest: string): (string | number)[] | undefined {
  const steps: (string | number)[] = [];
  let i = 0;
  while (i < rest.length) {
    const c = rest[i];
    if (c === '.') {
      const match = identifier.exec(rest.slice(i + 1));
      if (!match) return undefined;
      steps.push(match[0]);
      i += 1 + match[0].length;
    } else if (c === '[') {
      const close = rest.indexOf(']', i);
      if (close < 0) return undefined;
      const inner = rest.slice(i + 1, close).trim();
      if (/^\d+$/.test(inner)) steps.push(Number(inner));
      else if (/^'[^'\\]*'$/.test(inner) || /^"[^"\\]*"$/.test(inner))
        steps.push(inner.slice(1, -1));
      else return undefined;
      i = close + 1;
    } else return undefined;
  }
  return steps;
}

function normalize(steps: readonly (string | number)[] | undefined, relative: string): string {
  if (steps === undefined) return relative;
  return `$${steps.map((s) => (typeof s === 'number' ? `[${s}]` : `['${s}']`)).join('')}`;
}

/** The value a path's root names in these bindings (`states.input`, the Context object, a variable). */
export function rootValue(path: CompiledPath, bindings: Bindings): JsonValue | undefined {
  const states = bindings.states as { input: JsonValue; context: JsonValue };
  if (path.root === 'input') return states.input;
  if (path.root === 'context') return states.context;
  return bindings[path.variable as string] as JsonValue | undefined;
}

/** Sentinel: the path matched nothing. */
export const notFound: unique symbol = Symbol('notFound');

/** Reads a path from a root value: the value, an array for an indefinite path, or `notFound`. */
export function readPath(
  path: CompiledPath,
  root: JsonValue | undefined,
): JsonValue | typeof notFound {
  if (root === undefined) return notFound;
  const steps = path.steps;
  if (steps) {
    let value: JsonValue = root;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i] as string | number;
      if (typeof step === 'number') {
        if (!Array.isArray(value) || step >= value.length) return notFound;
        value = value[step] as JsonValue;
      } else {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return notFound;
        if (!Object.hasOwn(value, step)) return notFound;
        value = value[step] as JsonValue;
      }
    }
    return value;
  }
  const results = JSONPath({ path: path.relative, json: root, wrap: true, eval: 'safe' }) as
    | JsonValue[]
    | undefined;
  if (path.definite) return results && results.length > 0 ? (results[0] as JsonValue) : notFound;
  return results ?? [];
}

/** Reads a path against bindings. */
export function evaluatePath(path: CompiledPath, bindings: Bindings): JsonValue | typeof notFound {
  return readPath(path, rootValue(path, bindings));
}
