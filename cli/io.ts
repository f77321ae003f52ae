/**
 * Everything the CLI touches in the outside world, injected so tests drive `main` in-process with
 * a fake terminal and clock, and the entry point wires the real ones.
 */
import { createInterface } from 'node:readline/promises';

export type OutStream = { write: (text: string) => unknown; isTTY?: boolean; columns?: number };

export type Io = {
  stdout: OutStream;
  stderr: OutStream;
  env: Record<string, string | undefined>;
  now: () => Date;
  /** Sleeps `ms`; resolves early (without throwing) when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Calls `handler` on every Ctrl-C (SIGINT) until the returned function is called. */
  onInterrupt: (handler: () => void) => () => void;
  /** Asks a yes/no question on the terminal; false when there is no terminal to ask on. */
  confirm: (question: string) => Promise<boolean>;
};

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    now: () => new Date(),
    sleep: abortableSleep,
    onInterrupt: (handler) => {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
    confirm: async (question) => {
      if (!process.stdin.isTTY) return false;
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      // In raw mode Ctrl-C reaches readline as a keypress, not as a SIGINT: treat it as "no".
      const cancel = new AbortController();
      rl.once('SIGINT', () => cancel.abort());
      try {
        const answer = await rl.question(`${question} [y/N] `, { signal: cancel.signal });
        return /^y(es)?$/i.test(answer.trim());
      } catch {
        return false;
      } finally {
        rl.close();
      }
    },
  };
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
