/** Small text helpers shared by the TTY and plain renderers and the final report. */
import type { MapProgress, ProgressSnapshot } from './model.ts';

/** `m:ss`, or `h:mm:ss` from an hour. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
    : `${minutes}:${seconds}`;
}

export function elapsedMs(snapshot: ProgressSnapshot, now: Date): number {
  if (!snapshot.startedAt) return 0;
  const end = snapshot.stoppedAt ?? now;
  return end.getTime() - snapshot.startedAt.getTime();
}

/** Items finished per second since the Map started (until it finished). */
export function mapRate(map: MapProgress, now: Date): number | undefined {
  if (!map.startedAt) return undefined;
  const end = map.finishedAt ?? now;
  const seconds = (end.getTime() - map.startedAt.getTime()) / 1000;
  const finished = map.succeeded + map.failed;
  return seconds > 0 && finished > 0 ? finished / seconds : undefined;
}

export function progressBar(done: number, total: number | undefined, width: number): string {
  if (!total || total <= 0) return `[${'·'.repeat(width)}]`;
  const filled = Math.min(width, Math.round((done / total) * width));
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}

/** "52/100 done, 1 failed, 4.3/s" */
export function mapCounts(map: MapProgress, now: Date): string {
  const total = map.total !== undefined ? `/${map.total}` : '';
  const rate = mapRate(map, now);
  const parts = [`${map.succeeded}${total} done`, `${map.failed} failed`];
  if (rate !== undefined) parts.push(`${rate >= 10 ? rate.toFixed(0) : rate.toFixed(1)}/s`);
  return parts.join(', ');
}

/**
 * Text from the run (state names, causes, log lines) with control characters replaced, so that
 * it can neither move the cursor in a TTY nor leak escape codes into a piped log.
 */
export function sanitize(text: string, keepNewlines = false): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const control = code < 0x20 || (code >= 0x7f && code < 0xa0);
    if (!control || (keepNewlines && (char === '\n' || char === '\t'))) out += char;
    else out += char === '\t' || char === '\n' || char === '\r' ? ' ' : '?';
  }
  return out;
}
