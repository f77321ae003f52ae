/**
 * Workflow variables. Each state machine (the top level, a Parallel branch, a Map iteration) has
 * its own workflow-local scope; an inner scope reads the outer scopes' variables but writes only
 * its own, so concurrent branches never race (AWS "Variable scope"). A Distributed Map's child
 * executions start with no outer scope, as AWS documents.
 *
 * Outer scopes do not change while an inner one runs (the Parallel or Map state that owns it is
 * still running), so an inner scope may cache the flattened view of everything it can see.
 *
 * Every scope of an execution shares one byte count of the variables stored (their JSON sizes),
 * for the 10 MiB quota on the total; an inner scope gives its bytes back when its branch or
 * iteration ends (`release`), since its variables end with it.
 */
import type { JsonValue } from './api.ts';

export class Scope {
  private own: Record<string, JsonValue> | undefined;
  private flat: Record<string, JsonValue> | undefined;
  private sizes: Map<string, number> | undefined;
  private ownBytes = 0;
  /** Bytes of every variable stored in this execution's live scopes. */
  private readonly usage: { bytes: number };

  constructor(private readonly parent?: Scope) {
    this.usage = parent ? parent.usage : { bytes: 0 };
  }

  /**
   * The execution's stored-variable bytes once these assignments (name -> JSON size) replace
   * this scope's values of the same names.
   */
  totalBytesAfter(sizes: Readonly<Record<string, number>>): number {
    let total = this.usage.bytes;
    for (const name of Object.keys(sizes)) {
      total += (sizes[name] as number) - (this.sizes?.get(name) ?? 0);
    }
    return total;
  }

  /**
   * Applies a state's assignments (all evaluated beforehand against the old values), with each
   * value's JSON size when the caller counts them.
   */
  assign(
    values: Readonly<Record<string, JsonValue>>,
    sizes?: Readonly<Record<string, number>>,
  ): void {
    if (!this.own) this.own = Object.create(null) as Record<string, JsonValue>;
    for (const name of Object.keys(values)) this.own[name] = values[name] as JsonValue;
    if (sizes) {
      if (!this.sizes) this.sizes = new Map();
      for (const name of Object.keys(sizes)) {
        const delta = (sizes[name] as number) - (this.sizes.get(name) ?? 0);
        this.sizes.set(name, sizes[name] as number);
        this.ownBytes += delta;
        this.usage.bytes += delta;
      }
    }
    this.flat = undefined;
  }

  /** Gives this scope's bytes back to the execution's count (its branch or iteration ended). */
  release(): void {
    this.usage.bytes -= this.ownBytes;
    this.ownBytes = 0;
    this.sizes = undefined;
  }

  /** Every variable visible here (outer ones included), or undefined when there is none. */
  visible(): Readonly<Record<string, JsonValue>> | undefined {
    const outer = this.parent?.visible();
    if (!this.own) return outer;
    if (!this.flat) this.flat = outer ? { ...outer, ...this.own } : { ...this.own };
    return this.flat;
  }
}
