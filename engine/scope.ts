/**
 * Workflow variables. Each state machine (the top level, a Parallel branch, a Map iteration) has
 * its own workflow-local scope; an inner scope reads the outer scopes' variables but writes only
 * its own, so concurrent branches never race (AWS "Variable scope"). A Distributed Map's child
 * executions start with no outer scope, as AWS documents.
 *
 * Scopes are null-prototype objects chained through their prototypes: JSONata binds every
 * enumerable property (own and inherited) with `for...in`, so a scope is its own binding view.
 */
import type { JsonValue } from './api.ts';

export class Scope {
  readonly vars: Record<string, JsonValue>;

  constructor(parent?: Scope) {
    this.vars = Object.create(parent ? parent.vars : null) as Record<string, JsonValue>;
  }

  /** Applies a state's assignments (all evaluated beforehand against the old values). */
  assign(values: Readonly<Record<string, JsonValue>>): void {
    for (const name of Object.keys(values)) this.vars[name] = values[name] as JsonValue;
  }
}
