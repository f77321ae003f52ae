/** The last lines of a step's stderr, whether it is stored gzipped (EMR's S3 logs) or not. */
import { gunzipSync } from 'node:zlib';

export const STDERR_TAIL_LINES = 20;

export function tailLines(body: Uint8Array, count = STDERR_TAIL_LINES): string[] {
  const gzipped = body.length > 2 && body[0] === 0x1f && body[1] === 0x8b;
  const text = (gzipped ? gunzipSync(body) : Buffer.from(body)).toString('utf8');
  const lines = text.replace(/\s+$/, '').split(/\r?\n/);
  return lines.length === 1 && lines[0] === '' ? [] : lines.slice(-count);
}
