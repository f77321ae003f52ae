/**
 * Workflow variables. Each state machine (the top level, a Parallel branch, a Map iteration) has
 * its own workflow-local scope; an inner scope reads the outer scopes' variables but writes only
 * its own, so concurrent branches never race (AWS "Variable scope"). A Distributed Map's child
 * executions start with no outer scope, as AWS documents.
 *
 * Outer scopes do not change while an inner one runs (the Parallel or Map state that owns it is
 * still running), so an inner scope may cache the flattened view of everything it can see.
 */
import type { JsonValue } from './api.ts';

export class Scope {
  private own: Record<string, JsonValue> | undefined;
  private flat: Record<string, JsonValue> | undefined;

  constructor(private readonly parent?: Scope) {}

  /** Applies a state's assignments (all evaluated beforehand against the old values). */
  assign(values: Readonly<Record<string, JsonValue>>): void {
    if (!this.own) this.own = Object.create(null) as Record<string, JsonValue>;
    for (const name of Object.keys(values)) this.own[name] = values[name] as JsonValue;
    this.flat = undefined;
  }

  /** Every variable visible here (outer ones included), or undefined when there is none. */
  visible(): Readonly<Record<string, JsonValue>> | undefined {
    const outer = this.parent?.visible();
    if (!this.own) return outer;
    if (!this.flat) this.flat = outer ? { ...outer, ...this.own } : { ...this.own };
    return this.flat;
  }
}
