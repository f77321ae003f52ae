/**
 * The state folder (`.local/` by default) must be writable before a run starts: the local S3
 * keeps its objects there, the EMR emulator its ledger and step logs, the Lambdas their logs and
 * the run its record. A folder that is not (read-only, another owner, a read-only file system)
 * would otherwise surface as an error deep inside s3rver or a log stream, after the run started.
 */
import { existsSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** How deep below the state folder existing folders are probed (s3/<bucket>, lambda/<fn>). */
const PROBE_DEPTH = 2;

function foldersToProbe(dir: string, depth: number): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  if (depth === 0) return [dir];
  const below = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => foldersToProbe(join(dir, e.name), depth - 1));
  return [dir, ...below];
}

/**
 * Throws naming the first folder of the state folder (itself, or an existing folder up to two
 * levels down) this process cannot create a file in, with the system's reason.
 */
export function checkStateDirWritable(stateDir: string): void {
  for (const dir of foldersToProbe(stateDir, PROBE_DEPTH)) {
    const probe = join(dir, `.write-probe-${process.pid}`);
    try {
      writeFileSync(probe, '');
      unlinkSync(probe);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new Error(
        `the local runtime's state folder is not writable: cannot create a file in ${dir} (${code}). The local S3, the EMR ledger and the logs are kept there: make it writable (chmod -R u+w ${stateDir}) or choose another with --state-dir`,
        { cause: error },
      );
    }
  }
}
