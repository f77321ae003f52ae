/** An in-memory terminal for driving `main` in-process: captured output, a fixed clock. */
import type { Io } from '../../cli/io.ts';

export type FakeIo = Io & {
  out: () => string;
  err: () => string;
  /** Simulates Ctrl-C. */
  interrupt: () => void;
};

export function fakeIo(
  options: { isTTY?: boolean; now?: Date; env?: Record<string, string> } = {},
): FakeIo {
  let out = '';
  let err = '';
  const handlers = new Set<() => void>();
  const now = options.now ?? new Date('2026-11-28T12:00:00Z');
  return {
    stdout: { write: (text: string) => (out += text), isTTY: options.isTTY ?? false, columns: 100 },
    stderr: { write: (text: string) => (err += text) },
    env: options.env ?? {},
    now: () => now,
    sleep: async () => {},
    onInterrupt: (handler) => {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    confirm: async () => false,
    out: () => out,
    err: () => err,
    interrupt: () => {
      for (const handler of [...handlers]) handler();
    },
  };
}
