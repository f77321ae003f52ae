/**
 * Cancellation inside the engine. An execution, each Parallel branch, Map iteration and Map Run
 * child, and each task with a timeout has a token; aborting one aborts its descendants. Tokens
 * cost O(1) to create and drop: a Map may run 10,000 children under one parent, where an
 * AbortController each (or one `addEventListener` per child on a shared AbortSignal, which Node
 * scans linearly) dominates the run. Integrations still get a real AbortSignal, made on first use.
 */
export type AbortListener = (reason: unknown) => void;

export class Cancel {
  aborted = false;
  reason: unknown = undefined;
  private parent: Cancel | undefined;
  private children: Set<Cancel> | undefined;
  private listeners: Set<AbortListener> | undefined;
  private controller: AbortController | undefined;

  /** A token aborted whenever this one is. */
  child(): Cancel {
    const token = new Cancel();
    if (this.aborted) {
      token.aborted = true;
      token.reason = this.reason;
    } else {
      if (!this.children) this.children = new Set();
      this.children.add(token);
      token.parent = this;
    }
    return token;
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.parent?.children?.delete(this);
    this.parent = undefined;
    const children = this.children;
    this.children = undefined;
    if (children) for (const child of children) child.abort(reason);
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners) for (const listener of listeners) listener(reason);
    this.controller?.abort(reason);
  }

  onAbort(listener: AbortListener): void {
    if (!this.listeners) this.listeners = new Set();
    this.listeners.add(listener);
  }

  offAbort(listener: AbortListener): void {
    this.listeners?.delete(listener);
  }

  /** Stops following the parent; call when the work this token guards is over. */
  dispose(): void {
    this.parent?.children?.delete(this);
    this.parent = undefined;
  }

  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }

  /** An AbortSignal that follows this token (created on first use). */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }
}

/** Rejects with the token's reason as soon as it aborts, whatever the promise does. */
export function raceAbort<T>(promise: Promise<T>, cancel: Cancel): Promise<T> {
  if (cancel.aborted) return Promise.reject(cancel.reason);
  return new Promise<T>((resolve, reject) => {
    cancel.onAbort(reject);
    promise.then(
      (value) => {
        cancel.offAbort(reject);
        resolve(value);
      },
      (error) => {
        cancel.offAbort(reject);
        reject(error);
      },
    );
  });
}
