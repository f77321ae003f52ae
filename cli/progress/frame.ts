/** The live TTY view: a few lines redrawn in place (see {@link TtyView}). */
import { elapsedMs, formatDuration, mapCounts, progressBar, sanitize } from './format.ts';
import type { NestedProgress, ProgressSnapshot } from './model.ts';

/** `↳ run-1-collect: DownloadTickers`, with the status once it has ended. */
export const nestedLine = (child: NestedProgress): string =>
  `↳ ${sanitize(child.name)}: ${sanitize(child.state ?? 'starting')}${child.status === 'RUNNING' ? '' : ` (${child.status})`}`;

const BAR_WIDTH = 24;

/** The lines of one frame, each cut to `width` columns so the terminal never wraps them. */
export function renderFrame(snapshot: ProgressSnapshot, now: Date, width: number): string[] {
  const state = sanitize(snapshot.currentState ?? 'starting');
  const lines = [`▶ ${state} · ${formatDuration(elapsedMs(snapshot, now))} elapsed`];
  const map = snapshot.downloads;
  if (map) {
    const done = map.succeeded + map.failed;
    lines.push(
      `  ${sanitize(map.name)} ${progressBar(done, map.total, BAR_WIDTH)} ${mapCounts(map, now)}`,
    );
  }
  for (const child of snapshot.nested ?? []) lines.push(`  ${nestedLine(child)}`);
  return lines.map((line) => truncate(line, width));
}

function truncate(line: string, width: number): string {
  const chars = [...line];
  return chars.length <= width ? line : `${chars.slice(0, Math.max(1, width - 1)).join('')}…`;
}

type Stream = { write: (text: string) => unknown; columns?: number };

/** ESC [ n F: cursor to the start of the line n lines up; ESC [ J: clear to the end of screen. */
const up = (lines: number) => `\u001b[${lines}F\u001b[J`;

/**
 * Redraws the frame in place. Other output (log lines) goes through {@link TtyView.log}, which
 * clears the frame, prints the line and draws the frame again below it.
 */
export class TtyView {
  private drawn = 0;

  constructor(private readonly stream: Stream) {}

  draw(snapshot: ProgressSnapshot, now: Date): void {
    const lines = renderFrame(snapshot, now, Math.max(20, (this.stream.columns ?? 80) - 1));
    this.stream.write(`${this.clear()}${lines.join('\n')}\n`);
    this.drawn = lines.length;
  }

  log(line: string, snapshot: ProgressSnapshot, now: Date): void {
    this.stream.write(`${this.clear()}${sanitize(line)}\n`);
    this.drawn = 0;
    this.draw(snapshot, now);
  }

  /** Leaves the last frame on screen. */
  finish(snapshot: ProgressSnapshot, now: Date): void {
    this.draw(snapshot, now);
    this.drawn = 0;
  }

  private clear(): string {
    return this.drawn > 0 ? up(this.drawn) : '';
  }
}
