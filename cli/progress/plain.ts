/**
 * The piped view: plain lines, no control codes, written only when something changed (a new
 * state, a progress step of 10%, or a minute of progress without a step), so a CI log stays short.
 */
import { elapsedMs, formatDuration, mapCounts, sanitize } from './format.ts';
import { nestedLine } from './frame.ts';
import type { ProgressSnapshot } from './model.ts';

const STEP = 0.1;
const HEARTBEAT_MS = 60_000;

export class PlainView {
  private state: string | undefined;
  private lastStep = -1;
  private lastProgressAt = 0;
  private lastCounts = '';
  private readonly nestedLines = new Map<string, string>();

  constructor(private readonly write: (line: string) => void) {}

  update(snapshot: ProgressSnapshot, now: Date): void {
    const clock = `[${formatDuration(elapsedMs(snapshot, now))}]`;
    if (snapshot.currentState !== undefined && snapshot.currentState !== this.state) {
      this.state = snapshot.currentState;
      this.write(`${clock} ${sanitize(snapshot.currentState)}`);
    }
    for (const child of snapshot.nested ?? []) {
      const line = nestedLine(child);
      if (this.nestedLines.get(child.name) === line) continue;
      this.nestedLines.set(child.name, line);
      this.write(`${clock}   ${line}`);
    }
    const map = snapshot.downloads;
    if (!map || map.total === undefined || map.total === 0) return;
    const finished = map.succeeded + map.failed;
    const step = Math.floor(finished / map.total / STEP);
    const counts = mapCounts(map, now);
    const stale = now.getTime() - this.lastProgressAt >= HEARTBEAT_MS;
    const countsChanged = counts.replace(/, [\d.]+\/s$/, '') !== this.lastCounts;
    if (step > this.lastStep || (stale && countsChanged && finished > 0)) {
      this.lastStep = step;
      this.lastProgressAt = now.getTime();
      this.lastCounts = counts.replace(/, [\d.]+\/s$/, '');
      this.write(`${clock} ${sanitize(map.name)}: ${counts}`);
    }
  }

  log(line: string): void {
    this.write(sanitize(line));
  }
}
