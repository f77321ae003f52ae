/**
 * JSONata expressions: each `{% %}` text is compiled once per definition (a cache keyed by the
 * expression text) with the Step Functions functions registered on it. Evaluation binds `$states`
 * and the visible workflow variables; it never passes an input document, because AWS evaluates
 * with no context item ("You cannot use $ or $$ at the top level").
 *
 * Plain paths into `$states` or a variable (`$states.input.items`, `$x.a.b`) through plain objects
 * are read directly: JSONata returns exactly that value there, and skipping its async evaluator is
 * what keeps large Maps fast. Anything else (arrays on the way, predicates, functions) goes through
 * the `jsonata` library.
 */
import jsonata from 'jsonata';
import {
  type FunctionRuntime,
  type JsonataError,
  registerStepFunctionsFunctions,
} from '../../asl/sfn-functions.ts';
import { StatesVar } from './states-var.ts';
import type { CompiledJsonata, ExprNode } from './types.ts';

/** The per-execution sources the added functions read (`$now`/`$millis` read the engine clock). */
export type ExpressionRuntime = Required<FunctionRuntime>;

export function isJsonataError(value: unknown): value is JsonataError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** Step properties that make a path more than a plain property read. */
const decorations = ['stages', 'predicate', 'group', 'focus', 'index', 'tuple', 'keepArray'];

/** `path` of `variable` then plain `name` steps, with no predicates, stages or grouping. */
function plainPath(ast: ExprNode): string[] | undefined {
  const plain = (node: ExprNode) => decorations.every((key) => node[key] === undefined);
  if (ast.type === 'variable' && typeof ast.value === 'string' && ast.value !== '' && plain(ast)) {
    return [ast.value];
  }
  if (
    ast.type !== 'path' ||
    !ast.steps ||
    (ast as { keepSingletonArray?: boolean }).keepSingletonArray
  )
    return undefined;
  const [first, ...rest] = ast.steps as ExprNode[];
  if (first?.type !== 'variable' || !first.value || !plain(first)) return undefined;
  const names: string[] = [first.value as string];
  for (const step of rest) {
    if (step.type !== 'name' || typeof step.value !== 'string' || !plain(step)) return undefined;
    names.push(step.value);
  }
  return names;
}

const hasOwn = Object.prototype.hasOwnProperty;
const SLOW = Symbol('slow');

function readPlainPath(names: string[], bindings: Record<string, unknown>): unknown {
  const [head, ...steps] = names as [string, ...string[]];
  if (!(head in bindings)) return SLOW;
  let value = bindings[head];
  for (const name of steps) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return SLOW;
    if (!hasOwn.call(value, name) && !(name === 'context' && value instanceof StatesVar))
      return SLOW;
    value = (value as Record<string, unknown>)[name];
  }
  if (typeof value === 'function') return SLOW;
  return value;
}

export class ExpressionCompiler {
  private readonly cache = new Map<string, CompiledJsonata>();

  constructor(private readonly runtime: ExpressionRuntime) {}

  /** Compiles (or returns the cached) expression; throws a JsonataError on a syntax error. */
  compile(text: string): CompiledJsonata {
    const cached = this.cache.get(text);
    if (cached) return cached;
    const expression = jsonata(text);
    registerStepFunctionsFunctions(expression, this.runtime);
    const ast = expression.ast() as unknown as ExprNode;
    const path = plainPath(ast);
    const slow = (bindings: Record<string, unknown>) => expression.evaluate(undefined, bindings);
    const compiled: CompiledJsonata = {
      text,
      ast,
      evaluate: path
        ? (bindings) => {
            const value = readPlainPath(path, bindings);
            return value === SLOW ? slow(bindings) : value;
          }
        : slow,
    };
    this.cache.set(text, compiled);
    return compiled;
  }

  get size(): number {
    return this.cache.size;
  }
}
