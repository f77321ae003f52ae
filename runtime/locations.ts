/** The "where everything went" lines a local run prints at its end. */
import { join } from 'node:path';
import type { LocalRunLocations } from './types.ts';

/** Where s3rver keeps an object: `<s3 dir>/<bucket>/<key>._S3rver_object`. */
export function localObjectPath(s3Directory: string, s3Uri: string): string | undefined {
  const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(s3Uri);
  if (!m?.[1]) return undefined;
  return join(s3Directory, m[1], m[2] ?? '');
}

export function describeRun(l: LocalRunLocations): string[] {
  const lines = [
    `local S3 was ${l.s3Endpoint}; objects are under ${l.s3Directory}/<bucket>/<key>._S3rver_object`,
  ];
  if (l.dataPrefix)
    lines.push(`raw bars:   ${l.dataPrefix} -> ${localObjectPath(l.s3Directory, l.dataPrefix)}`);
  if (l.modelPrefix)
    lines.push(`model:      ${l.modelPrefix} -> ${localObjectPath(l.s3Directory, l.modelPrefix)}`);
  lines.push(`EMR ledger: ${l.emrLedger}`);
  for (const c of l.clusters ?? []) {
    lines.push(`cluster ${c.id}: ${c.state}`);
    for (const s of c.steps) lines.push(`  step ${s.id} '${s.name}' ${s.state}: logs ${s.logDir}`);
  }
  for (const [name, file] of Object.entries(l.lambdaLogs ?? {}))
    lines.push(`Lambda ${name} log: ${file}`);
  return lines;
}
