/**
 * The project-managed Python virtualenv (`.venv/`): created on first use, and brought up to date
 * whenever a requirements file changes (a marker per file content hash records what is installed).
 * Used by `npm test` (pytest, moto), the embedded runtime (spark-submit) and `.ci/run`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from './project-root.ts';

export const venvDir = join(projectRoot, '.venv');
export const venvPython = join(venvDir, 'bin', 'python');
export const devRequirements = join(projectRoot, 'requirements-dev.txt');

function requirementsHash(file: string): string {
  // Hash the file and every file it includes with -r, so an edit to either reinstalls.
  const hash = createHash('sha256');
  const visit = (path: string): void => {
    const text = readFileSync(path, 'utf8');
    hash.update(text);
    for (const line of text.split('\n')) {
      const m = /^\s*-r\s+(\S+)/.exec(line);
      if (m?.[1]) visit(resolve(dirname(path), m[1]));
    }
  };
  visit(file);
  return hash.digest('hex').slice(0, 16);
}

/** true when `.venv` exists and already has `requirementsFile` (as it is now) installed. */
export function isVenvReady(requirementsFile = devRequirements): boolean {
  return (
    existsSync(venvPython) &&
    existsSync(join(venvDir, '.installed', requirementsHash(requirementsFile)))
  );
}

function findPython(): string {
  for (const candidate of ['python3.11', 'python3', 'python']) {
    const probe = spawnSync(
      candidate,
      ['-c', 'import sys; print(sys.version_info[:2] >= (3, 9))'],
      {
        encoding: 'utf8',
      },
    );
    if (probe.status === 0 && probe.stdout.trim() === 'True') return candidate;
  }
  throw new Error(
    'python3 (3.9 or newer) was not found on PATH: install it (Debian: apt-get install python3 python3-venv) and retry',
  );
}

/**
 * Makes sure `.venv` exists and has `requirementsFile` installed. Prints progress to stderr
 * (pip's own output included) unless `quiet`.
 */
export function ensureVenv(
  requirementsFile = devRequirements,
  options: { quiet?: boolean } = {},
): string {
  const log = (msg: string): void => {
    if (!options.quiet) process.stderr.write(`[venv] ${msg}\n`);
  };
  const marker = join(venvDir, '.installed', requirementsHash(requirementsFile));
  if (existsSync(venvPython) && existsSync(marker)) return venvPython;
  if (!existsSync(venvPython)) {
    const python = findPython();
    log(`creating ${venvDir} with ${python}`);
    execFileSync(python, ['-m', 'venv', venvDir], { stdio: 'inherit' });
  }
  log(`installing ${requirementsFile} (first run downloads pyspark, about 320 MB)`);
  const pip = spawnSync(
    venvPython,
    ['-m', 'pip', 'install', '--disable-pip-version-check', '-r', requirementsFile],
    { stdio: options.quiet ? 'ignore' : ['ignore', 'inherit', 'inherit'] },
  );
  if (pip.status !== 0) {
    throw new Error(`pip install -r ${requirementsFile} failed with exit code ${pip.status}`);
  }
  mkdirSync(dirname(marker), { recursive: true });
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  log('ready');
  return venvPython;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureVenv(process.argv[2] ? resolve(process.argv[2]) : devRequirements);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
}
