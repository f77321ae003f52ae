/**
 * The shapes of compiled JSONata: syntax-tree nodes, compiled expressions and templates. A leaf
 * module (it imports only the engine's public JSON types) so the state models, the Context
 * object and the compilers can all name these shapes without importing one another.
 */
import type { JsonValue } from '../api.ts';

/** A node of the jsonata syntax tree (the library's own typing omits several node kinds). */
export type ExprNode = {
  type: string;
  value?: unknown;
  steps?: ExprNode[];
  position?: number;
  [key: string]: unknown;
};

export type CompiledJsonata = {
  /** The expression text without `{% %}` and surrounding blanks, as AWS quotes it. */
  readonly text: string;
  readonly ast: ExprNode;
  /** Evaluates with these bindings (`states` plus variables); sync when the fast path applies. */
  evaluate(bindings: Record<string, unknown>): unknown;
};

export type Bindings = Record<string, unknown>;

/** An expression bound to the field it was written in. */
export type FieldExpression = { readonly expr: CompiledJsonata; readonly field: string };

export type Template =
  | { readonly dynamic: false; readonly value: JsonValue }
  | {
      readonly dynamic: true;
      /** Synchronous when every expression in it took the fast path. */
      evaluate(bindings: Bindings): JsonValue | Promise<JsonValue>;
      /** Set when the whole template is one expression (for type errors naming it). */
      readonly fx?: FieldExpression;
    };
