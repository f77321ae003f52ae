/** An in-memory terminal for driving the `asl` command's `main` in process. */
import type { AslIo } from '../../../engine/cli/io.ts';
import { projectRoot } from '../../../runtime/project-root.ts';

export type FakeAslIo = AslIo & {
  out: () => string;
  err: () => string;
  /** The history lines printed, without their time offset: `Type State detail`. */
  lines: () => string[];
};

export function fakeIo(options: { interruptOn?: string } = {}): FakeAslIo {
  let out = '';
  let err = '';
  const handlers = new Set<() => void>();
  return {
    stdout: {
      write: (text: string) => {
        out += text;
        // Simulates Ctrl-C as soon as a line with this text is printed.
        if (options.interruptOn && text.includes(options.interruptOn)) {
          for (const handler of [...handlers]) handler();
        }
      },
    },
    stderr: { write: (text: string) => (err += text) },
    cwd: projectRoot,
    onInterrupt: (handler) => {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    out: () => out,
    err: () => err,
    lines: () =>
      out
        .split('\n')
        .filter((line) => /^\s+\+\d+\.\d{3}s /.test(line))
        .map((line) => line.replace(/^\s+\+\d+\.\d{3}s\s+/, '').replace(/\s+/g, ' ')),
  };
}
