/** An in-memory terminal for driving `main` in-process: captured output, a fixed clock. */
import { abortableSleep, type Io } from '../../cli/io.ts';

export type FakeIo = Io & {
  out: () => string;
  err: () => string;
  /** Simulates Ctrl-C. */
  interrupt: () => void;
};

export function fakeIo(
  options: {
    isTTY?: boolean;
    now?: Date;
    env?: Record<string, string>;
    /** The answer to a yes/no question (default: no, as without a terminal). */
    confirm?: boolean;
    /** Sleep for real (AWS polling against a server); default: return at once. */
    realSleep?: boolean;
  } = {},
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
    sleep: options.realSleep ? abortableSleep : async () => {},
    onInterrupt: (handler) => {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    confirm: async () => options.confirm ?? false,
    out: () => out,
    err: () => err,
    interrupt: () => {
      for (const handler of [...handlers]) handler();
    },
  };
}
