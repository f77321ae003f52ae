/**
 * What the local Spark step needs from the machine: Java 17+ and the project venv (pyspark from
 * `tasks/train/requirements.txt`, created on first use). Failures are one clear line each.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../project-root.ts';
import { isVenvReady, venvDir } from '../venv.ts';

export const sparkRequirementsFile = join(projectRoot, 'tasks', 'train', 'requirements.txt');
export const venvSparkSubmit = join(venvDir, 'bin', 'spark-submit');
export const minJavaMajor = 17;

export class LocalRequirementError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalRequirementError';
  }
}

type Output = { code: number | null; stdout: string; stderr: string; error?: Error };

function run(command: string, args: string[], onLine?: (line: string) => void): Promise<Output> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const lines = (chunk: Buffer, into: 'stdout' | 'stderr'): void => {
      const text = chunk.toString('utf8');
      if (into === 'stdout') stdout += text;
      else stderr += text;
      if (onLine) for (const line of text.split('\n')) if (line.trim()) onLine(line.trimEnd());
    };
    child.stdout.on('data', (c: Buffer) => lines(c, 'stdout'));
    child.stderr.on('data', (c: Buffer) => lines(c, 'stderr'));
    child.on('error', (error) => resolve({ code: null, stdout, stderr, error }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `java -version` prints e.g. `openjdk version "17.0.15"` or `java version "1.8.0_381"`. */
export function javaMajor(versionOutput: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!m?.[1]) return undefined;
  const first = Number(m[1]);
  return first === 1 && m[2] ? Number(m[2]) : first;
}

/** The java spark-submit will use: `$JAVA_HOME/bin/java`, else `java` on PATH (as spark-class). */
function javaCommand(): string {
  const home = process.env.JAVA_HOME;
  return home ? join(home, 'bin', 'java') : 'java';
}

/** Resolves with the Java major version, or rejects with a one-line LocalRequirementError. */
export async function checkJava(): Promise<number> {
  const java = javaCommand();
  const out = await run(java, ['-version']);
  const hint = `install Java ${minJavaMajor} or newer (Debian: apt-get install openjdk-17-jre-headless) or point JAVA_HOME at one`;
  if (out.error || out.code !== 0) {
    throw new LocalRequirementError(
      `Java ${minJavaMajor}+ is required to run the Spark step locally, but '${java}' could not be run: ${hint}`,
    );
  }
  const major = javaMajor(out.stderr + out.stdout);
  if (major === undefined || major < minJavaMajor) {
    throw new LocalRequirementError(
      `Java ${minJavaMajor}+ is required to run the Spark step locally, but '${java}' is version ${major ?? 'unknown'}: ${hint}`,
    );
  }
  return major;
}

let venvPreparation: Promise<string> | undefined;

/**
 * Makes sure the venv has the training job's requirements and returns the path of its
 * `spark-submit`. The first call in a process that finds the venv missing or stale runs
 * `runtime/venv.ts` in a child process (pip must not block the event loop that serves
 * local S3 and the engine), forwarding its progress lines to `log`.
 */
export function prepareSparkVenv(log: (line: string) => void): Promise<string> {
  if (isVenvReady(sparkRequirementsFile) && existsSync(venvSparkSubmit)) {
    return Promise.resolve(venvSparkSubmit);
  }
  venvPreparation ??= (async () => {
    log(`venv: preparing ${venvDir} from ${sparkRequirementsFile} (first use; pyspark is ~320 MB)`);
    const script = join(projectRoot, 'runtime', 'venv.ts');
    const out = await run(
      process.execPath,
      ['--import', 'tsx', script, sparkRequirementsFile],
      // ensure-venv prefixes its own lines with `[venv] `; keep one prefix.
      (line) => log(`venv: ${line.replace(/^\[venv\] /, '')}`),
    );
    if (out.code !== 0 || !existsSync(venvSparkSubmit)) {
      const last = `${out.stderr}\n${out.error?.message ?? ''}`
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .pop();
      throw new LocalRequirementError(
        `Could not prepare the Python venv for Spark (${venvDir}): ${last ?? `exit code ${out.code}`}`,
      );
    }
    log('venv: ready');
    return venvSparkSubmit;
  })();
  // A failed preparation may be retried by a later run (e.g. after installing python3).
  venvPreparation.catch(() => {
    venvPreparation = undefined;
  });
  return venvPreparation;
}
