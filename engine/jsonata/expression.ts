/**
 * JSONata expressions: each `{% %}` text is compiled once per definition (a cache keyed by the
 * expression text) with the Step Functions functions registered on it. Evaluation binds `$states`
 * and the visible workflow variables; it never passes an input document, because AWS evaluates
 * with no context item ("You cannot use $ or $$ at the top level").
 *
 * Plain paths into `$states` or a variable (`$states.input.items`, `$x.a.b`) through plain objects
 * are read directly: JSONata returns exactly that value there, and skipping its async evaluator is
 * what keeps large Maps fast. So are literals and object and array constructors built only of
 * those (`{"id": $states.input.id, "tags": ["a", $x.tag]}`), with JSONata's rules: a key whose
 * value is undefined is left out, an undefined array item is dropped. Anything else (arrays on the
 * way, predicates, functions, an array value inside an array constructor, which JSONata would
 * flatten) goes through the `jsonata` library.
 */
import jsonata from 'jsonata';
import {
  type FunctionRuntime,
  type JsonataError,
  registerStepFunctionsFunctions,
} from '../../asl/sfn-functions.ts';
import type { EvaluationBudget } from '../api.ts';
import { StatesVar } from './states-var.ts';
import type { CompiledJsonata, ExprNode } from './types.ts';

export type { EvaluationBudget } from '../api.ts';

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

const undecorated = (node: ExprNode) => decorations.every((key) => node[key] === undefined);

/** `path` of `variable` then plain `name` steps, with no predicates, stages or grouping. */
function plainPath(ast: ExprNode): string[] | undefined {
  const plain = undecorated;
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

/**
 * Every evaluation gets a depth and time budget, checked by jsonata's evaluation entry/exit hooks.
 * Without one, `( $f := function($x){ $f($x) + 1 }; $f(1) )` grows the heap until the process
 * dies (jsonata's recursion is async, so the JS stack never overflows), its tail-recursive form
 * spins forever, and neither spins nor recursion let a timer (TimeoutSeconds) or an abort run,
 * since jsonata only awaits microtasks. The hook yields to the event loop every
 * `EVALUATION_YIELD_EVERY` steps so those can fire, and fails the evaluation past the budget with
 * jsonata's own codes (U1001 stack overflow, U1002 timeout), which become
 * States.QueryEvaluationError.
 */
export const DEFAULT_EVALUATION_BUDGET: Required<EvaluationBudget> = {
  maxDepth: 10_000,
  maxMs: 10_000,
};
const EVALUATION_YIELD_EVERY = 1_000;
/** A binding name no JSONata variable can spell (it starts with a space). */
const BUDGET_BINDING = ' evaluationBudget';
/** The budget plus the run's interruption: the abort reason once the execution is stopped. */
export type CompilerBudget = EvaluationBudget & { interrupted?: () => unknown };
type Limits = Required<EvaluationBudget> & { interrupted?: () => unknown };
type Budget = { depth: number; steps: number; deadline: number; limits: Limits };

const budgetError = (code: 'U1001' | 'U1002', limits: Required<EvaluationBudget>) =>
  Object.assign(
    new Error(
      code === 'U1001'
        ? `Stack overflow error: the expression nested deeper than ${limits.maxDepth} evaluation steps. Check for a non-terminating recursive function.`
        : `Expression evaluation timeout: the expression ran longer than ${limits.maxMs} ms. Check for an infinite loop.`,
    ),
    { code },
  );

/** Thrown out of an evaluation the run stopped; evaluateField rethrows `reason` as it is. */
export class EvaluationInterrupted {
  constructor(readonly reason: unknown) {}
}

/** Binary operators whose cost is bounded by their operands' size (`..` builds ranges: not here). */
const boundedOperators = new Set([
  '+',
  '-',
  '*',
  '/',
  '%',
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '&',
  'and',
  'or',
  'in',
]);

/**
 * The nesting depth of an expression that cannot recurse, loop or multiply its work, or undefined
 * when it might: it calls or defines no function (so no recursion, no higher-order loop), builds
 * no range, every path step after the first is a plain name or wildcard (a variable or
 * constructor step would evaluate once per item, compounding), and predicates read only the item
 * (no variables, which could compound the same way). Such an expression does a bounded amount of
 * work over its data, so it needs neither the depth and time budget nor the hooks that keep it:
 * those hooks cost about as much as the evaluation itself.
 */
export function boundedDepth(node: ExprNode, inPredicate = false): number | undefined {
  let deepest = 0;
  const sub = (child: unknown, predicate = inPredicate): boolean => {
    if (typeof child !== 'object' || child === null) return false;
    const depth = boundedDepth(child as ExprNode, predicate);
    if (depth === undefined) return false;
    deepest = Math.max(deepest, depth);
    return true;
  };
  const filters = (list: unknown): boolean =>
    list === undefined ||
    (Array.isArray(list) &&
      list.every((entry: ExprNode) => entry?.type === 'filter' && sub(entry.expr, true)));
  if (['group', 'focus', 'index', 'tuple'].some((key) => node[key] !== undefined)) return undefined;
  if (!filters(node.predicate) || !filters(node.stages)) return undefined;
  switch (node.type) {
    case 'string':
    case 'number':
    case 'value':
    case 'name':
    case 'wildcard':
      break;
    case 'variable':
      if (inPredicate && node.value !== '') return undefined;
      break;
    case 'path': {
      const [first, ...rest] = (node.steps ?? []) as ExprNode[];
      if (!first || !sub(first)) return undefined;
      for (const step of rest) {
        if (step.type !== 'name' && step.type !== 'wildcard') return undefined;
        if (!sub(step)) return undefined;
      }
      break;
    }
    case 'unary':
      if (node.value === '-') {
        if (!sub(node.expression)) return undefined;
      } else if (node.value === '[') {
        if (!Array.isArray(node.expressions) || !node.expressions.every((item) => sub(item)))
          return undefined;
      } else if (node.value === '{') {
        const pairs = node.lhs;
        if (!Array.isArray(pairs) || !pairs.every((pair) => sub(pair?.[0]) && sub(pair?.[1])))
          return undefined;
      } else return undefined;
      break;
    case 'binary':
      if (!boundedOperators.has(node.value as string) || !sub(node.lhs) || !sub(node.rhs))
        return undefined;
      break;
    case 'condition':
      if (!sub(node.condition) || !sub(node.then)) return undefined;
      if (node.else !== undefined && !sub(node.else)) return undefined;
      break;
    case 'block':
      if (!Array.isArray(node.expressions) || !node.expressions.every((item) => sub(item)))
        return undefined;
      break;
    case 'bind':
      if (!sub(node.lhs) || !sub(node.rhs)) return undefined;
      break;
    default:
      return undefined;
  }
  return deepest + 1;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

type Environment = { lookup: (name: string) => unknown };

async function onEvaluateEntry(_expr: unknown, _input: unknown, env: Environment): Promise<void> {
  const budget = env.lookup(BUDGET_BINDING) as Budget | undefined;
  if (!budget) return;
  budget.depth += 1;
  if (budget.depth > budget.limits.maxDepth) throw budgetError('U1001', budget.limits);
  budget.steps += 1;
  if (budget.steps % EVALUATION_YIELD_EVERY === 0) {
    if (Date.now() > budget.deadline) throw budgetError('U1002', budget.limits);
    await yieldToEventLoop();
    const reason = budget.limits.interrupted?.();
    if (reason !== undefined) throw new EvaluationInterrupted(reason);
  }
}

function onEvaluateExit(_expr: unknown, _input: unknown, env: Environment): void {
  const budget = env.lookup(BUDGET_BINDING) as Budget | undefined;
  if (budget) budget.depth -= 1;
}

const hasOwn = Object.prototype.hasOwnProperty;
const SLOW = Symbol('slow');

/** A direct reader for an expression the fast path covers; SLOW when the data needs jsonata. */
type FastReader = (bindings: Record<string, unknown>) => unknown;

/**
 * The direct reader for a plain path, a literal, or an object or array constructor of those;
 * undefined when the expression needs jsonata whatever the data.
 */
function fastReader(ast: ExprNode): FastReader | undefined {
  const path = plainPath(ast);
  if (path) return (bindings) => readPlainPath(path, bindings);
  if (!undecorated(ast)) return undefined;
  if (ast.type === 'string' || ast.type === 'number' || ast.type === 'value') {
    const value = ast.value;
    if (typeof value === 'object' && value !== null) return undefined;
    return () => value;
  }
  if (ast.type === 'unary' && ast.value === '{') return objectReader(ast);
  if (ast.type === 'unary' && ast.value === '[') return arrayReader(ast);
  return undefined;
}

/** `{"k": v, ...}` with literal, distinct keys (jsonata fails duplicates with D1009). */
function objectReader(ast: ExprNode): FastReader | undefined {
  const pairs = ast.lhs as [ExprNode, ExprNode][] | undefined;
  if (!Array.isArray(pairs)) return undefined;
  const keys: string[] = [];
  const readers: FastReader[] = [];
  for (const [key, value] of pairs) {
    if (key.type !== 'string' || typeof key.value !== 'string' || !undecorated(key))
      return undefined;
    if (key.value === '__proto__' || keys.includes(key.value)) return undefined;
    const reader = fastReader(value);
    if (!reader) return undefined;
    keys.push(key.value);
    readers.push(reader);
  }
  return (bindings) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < readers.length; i++) {
      const value = (readers[i] as FastReader)(bindings);
      if (value === SLOW) return SLOW;
      if (value !== undefined) out[keys[i] as string] = value;
    }
    return out;
  };
}

/**
 * `[a, b, ...]`: an undefined item is dropped; a nested array constructor's value is one item,
 * any other array value would be spliced in by jsonata, so it takes the slow path.
 */
function arrayReader(ast: ExprNode): FastReader | undefined {
  const items = ast.expressions as ExprNode[] | undefined;
  if (!Array.isArray(items)) return undefined;
  const readers: FastReader[] = [];
  const nested: boolean[] = [];
  for (const item of items) {
    const reader = fastReader(item);
    if (!reader) return undefined;
    readers.push(reader);
    nested.push(item.type === 'unary' && item.value === '[');
  }
  return (bindings) => {
    const out: unknown[] = [];
    for (let i = 0; i < readers.length; i++) {
      const value = (readers[i] as FastReader)(bindings);
      if (value === SLOW) return SLOW;
      if (value === undefined) continue;
      if (Array.isArray(value) && !nested[i]) return SLOW;
      out.push(value);
    }
    return out;
  };
}

function readPlainPath(names: string[], bindings: Record<string, unknown>): unknown {
  const [head, ...steps] = names as [string, ...string[]];
  if (!(head in bindings)) return SLOW;
  let value = bindings[head];
  for (const name of steps) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return SLOW;
    if (!hasOwn.call(value, name) && !(name === 'context' && value instanceof StatesVar)) {
      // jsonata reads `value[name]`: undefined for a key that is nowhere on the prototype chain.
      if (name in value) return SLOW;
      return undefined;
    }
    value = (value as Record<string, unknown>)[name];
  }
  if (typeof value === 'function') return SLOW;
  return value;
}

export class ExpressionCompiler {
  private readonly cache = new Map<string, CompiledJsonata>();

  private readonly limits: Limits;

  constructor(
    private readonly runtime: ExpressionRuntime,
    budget: CompilerBudget = {},
  ) {
    this.limits = { ...DEFAULT_EVALUATION_BUDGET, ...budget };
  }

  /** Compiles (or returns the cached) expression; throws a JsonataError on a syntax error. */
  compile(text: string): CompiledJsonata {
    const cached = this.cache.get(text);
    if (cached) return cached;
    const expression = jsonata(text);
    registerStepFunctionsFunctions(expression, this.runtime);
    const ast = expression.ast() as unknown as ExprNode;
    const fast = fastReader(ast);
    // Each nesting level is at most a few evaluation steps deep: a bounded expression well inside
    // the depth budget can never exhaust it.
    const depth = boundedDepth(ast);
    if (depth !== undefined && depth * 4 < this.limits.maxDepth) {
      const unbudgeted = (bindings: Record<string, unknown>) =>
        expression.evaluate(undefined, bindings);
      return this.remember(text, ast, fast, unbudgeted);
    }
    const assign = expression.assign as unknown as (name: symbol, value: unknown) => void;
    assign(Symbol.for('jsonata.__evaluate_entry'), onEvaluateEntry);
    assign(Symbol.for('jsonata.__evaluate_exit'), onEvaluateExit);
    const slow = (bindings: Record<string, unknown>) => {
      // jsonata binds every enumerable key, inherited ones too: the budget rides on a child.
      const withBudget = Object.create(bindings) as Record<string, unknown>;
      withBudget[BUDGET_BINDING] = {
        depth: 0,
        steps: 0,
        deadline: Date.now() + this.limits.maxMs,
        limits: this.limits,
      } satisfies Budget;
      return expression.evaluate(undefined, withBudget);
    };
    return this.remember(text, ast, fast, slow);
  }

  private remember(
    text: string,
    ast: ExprNode,
    fast: FastReader | undefined,
    slow: (bindings: Record<string, unknown>) => unknown,
  ): CompiledJsonata {
    const compiled: CompiledJsonata = {
      text,
      ast,
      evaluate: fast
        ? (bindings) => {
            const value = fast(bindings);
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
