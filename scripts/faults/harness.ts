/**
 * The fault suite's harness: a project state folder of its own per scenario, the real CLI as a
 * child process (its own process group, so a SIGKILL takes the CLI and everything it started
 * but a Spark step, which runs in a group of its own as on a crashed machine), and the
 * measurements of the table: clusters left running, data objects lost or corrupted, processes
 * left behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { projectRoot } from '../../runtime/project-root.ts';
import { venvPython } from '../../runtime/venv.ts';

export type SparkMode = 'real' | 'stand-in';

export const CLI_ENTRY = 'cli/start-workflow.ts';
/** The CLI's entry with the training step's spark-submit swapped for a stand-in (no Spark). */
export const STAND_IN_ENTRY = 'test/cli/fixtures/start-workflow-stand-in.ts';
const INJECT = join(projectRoot, 'scripts', 'faults', 'inject.ts');
const STAND_IN_SCRIPT = join(
  projectRoot,
  'test',
  'runtime',
  'fixtures',
  'stand-in-spark-submit.py',
);
export const DATA_BUCKET = 'market-pipeline-data';

export type CliRun = {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** When the process ended (ms since the epoch, harness clock). */
  endedAt: number;
};

export type CliProcess = {
  child: ChildProcess;
  /** Resolves once the output so far matches `pattern`. */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
  /** SIGKILL to the CLI's whole process group. */
  kill: () => void;
  done: Promise<CliRun>;
  output: () => string;
};

export type CliOptions = {
  env?: Record<string, string>;
  /** The stand-in spark-submit that waits until it is killed (a step still training). */
  standInWaits?: boolean;
  /** Run as this user and group (root sees no read-only folder). */
  uid?: number;
};

/** A child's output lines for the report when something is off. */
export function transcript(run: CliRun): string {
  return `exit ${run.code ?? run.signal}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}

export class FaultProject {
  readonly stateDir: string;
  readonly triggerDir: string;
  private readonly standIn: string;
  private readonly standInWaits: string;

  constructor(
    readonly spark: SparkMode,
    readonly id: string,
  ) {
    const root = mkdtempSync(join(tmpdir(), `faults-${id}-`));
    chmodSync(root, 0o755);
    this.stateDir = join(root, 'local');
    this.triggerDir = join(root, 'triggers');
    mkdirSync(this.stateDir);
    mkdirSync(this.triggerDir);
    this.standIn = this.writeStandIn(join(root, 'stand-in-spark-submit'), '');
    this.standInWaits = this.writeStandIn(
      join(root, 'stand-in-spark-submit-waits'),
      ' --until-killed',
    );
  }

  private writeStandIn(path: string, flag: string): string {
    const quote = (v: string) => `'${v.replaceAll("'", `'\\''`)}'`;
    writeFileSync(
      path,
      `#!/usr/bin/env bash\nexec ${quote(venvPython)} ${quote(STAND_IN_SCRIPT)}${flag} "$@"\n`,
    );
    chmodSync(path, 0o755);
    return path;
  }

  /** `--provider synthetic --state-dir <this project>` and the given arguments. */
  args(...more: string[]): string[] {
    return ['--state-dir', this.stateDir, ...more];
  }

  /** Starts the real CLI on this project's state folder. */
  cli(args: string[], options: CliOptions = {}): CliProcess {
    const standIn = this.spark === 'stand-in' || options.standInWaits;
    const entry = standIn ? STAND_IN_ENTRY : CLI_ENTRY;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      // No real credentials or profile may leak in: everything is on 127.0.0.1.
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      NODE_NO_WARNINGS: '1',
      MARKET_PIPELINE_FAULTS_DIR: this.triggerDir,
      ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}),
      ...(standIn
        ? { STAND_IN_SPARK_SUBMIT: options.standInWaits ? this.standInWaits : this.standIn }
        : {}),
      ...options.env,
    };
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', INJECT, entry, ...args], {
      cwd: projectRoot,
      env,
      detached: true, // its own process group: the SIGKILL reaches everything it started
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
    });
    let stdout = '';
    let stderr = '';
    const waiters: Array<{ pattern: RegExp; resolve: () => void }> = [];
    const check = () => {
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(stdout + stderr)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      check();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      check();
    });
    const done = new Promise<CliRun>((resolve) => {
      child.on('close', (code, signal) =>
        resolve({ code, signal, stdout, stderr, endedAt: Date.now() }),
      );
    });
    let exited = false;
    void done.then(() => {
      exited = true;
    });
    return {
      child,
      done,
      output: () => stdout + stderr,
      kill: () => {
        if (child.pid !== undefined && !exited) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      },
      waitFor: (pattern, timeoutMs = 120_000) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`timed out waiting for ${pattern}:\n${stdout}\n${stderr}`)),
            timeoutMs,
          );
          waiters.push({
            pattern,
            resolve: () => {
              clearTimeout(timer);
              resolve();
            },
          });
          void done.then(() => {
            if (waiters.some((w) => w.pattern === pattern)) {
              clearTimeout(timer);
              reject(new Error(`the CLI ended before ${pattern}:\n${stdout}\n${stderr}`));
            }
          });
          check();
        }),
    };
  }

  /** Drops a trigger file for scripts/faults/inject.ts in the CLI. */
  trigger(name: 'kill-s3' | 'clock-offset', content = ''): void {
    writeFileSync(join(this.triggerDir, name), content);
  }

  /** The EMR ledger's clusters (state, owner, steps' pids). */
  clusters(): LedgerCluster[] {
    const file = join(this.stateDir, 'emr', 'clusters.json');
    if (!existsSync(file)) return [];
    return JSON.parse(readFileSync(file, 'utf8')) as LedgerCluster[];
  }

  /** Clusters not TERMINATED / TERMINATED_WITH_ERRORS. */
  leakedClusters(): string[] {
    return this.clusters()
      .filter((c) => !c.Status.State.startsWith('TERMINATED'))
      .map((c) => `${c.Id} ${c.Status.State}`);
  }

  /** Processes still alive whose command line names this project's folders (Spark steps). */
  leftoverProcesses(): string[] {
    const root = join(this.stateDir, '..');
    const found: string[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
      let cmdline = '';
      try {
        cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {
        continue;
      }
      if (cmdline.includes(root)) found.push(`${entry} ${cmdline.slice(0, 120)}`);
    }
    return found;
  }

  /** Every object of the data bucket, with what is needed to tell it is intact. */
  objects(): Snapshot {
    const bucket = join(this.stateDir, 's3', DATA_BUCKET);
    const snapshot: Snapshot = new Map();
    const walk = (dir: string) => {
      if (!existsSync(dir)) return;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('._S3rver_object')) {
          const key = relative(bucket, path).slice(0, -'._S3rver_object'.length);
          snapshot.set(key, inspectObject(key, path));
        }
      }
    };
    walk(bucket);
    return snapshot;
  }

  /** Makes the project's folders writable again and removes them (kept with FAULTS_KEEP=1). */
  dispose(): void {
    if (process.env.FAULTS_KEEP === '1') {
      process.stderr.write(`faults: kept ${join(this.stateDir, '..')}\n`);
      return;
    }
    const root = join(this.stateDir, '..');
    for (const p of this.leftoverProcesses()) {
      try {
        process.kill(Number(p.split(' ')[0]), 'SIGKILL');
      } catch {
        // gone
      }
    }
    setWritable(root);
    rmSync(root, { recursive: true, force: true });
  }
}

export type LedgerCluster = {
  Id: string;
  Status: { State: string };
  Local?: { ownerPid?: number };
  Steps: Array<{ Id: string; Status: { State: string }; Local: { pid?: number } }>;
};

export type ObjectFacts = {
  bytes: number;
  sha256: string;
  /** Data rows of a bars file (header excluded). */
  rows?: number;
  /** Why the object is unreadable or not what its key says; undefined when it is fine. */
  problem?: string;
};

export type Snapshot = Map<string, ObjectFacts>;

const BARS_HEADER = 'ts,open,high,low,close,volume';

function inspectObject(key: string, path: string): ObjectFacts {
  const raw = readFileSync(path);
  const facts: ObjectFacts = {
    bytes: raw.length,
    sha256: createHash('sha256').update(raw).digest('hex'),
  };
  const problems: string[] = [];
  // s3rver answers a GET or a listing of an object whose metadata file does not parse with 500.
  const metadataFile = path.replace(/\._S3rver_object$/, '._S3rver_metadata.json');
  if (existsSync(metadataFile)) {
    try {
      JSON.parse(readFileSync(metadataFile, 'utf8'));
    } catch {
      problems.push('metadata file does not parse (S3 answers InternalError)');
    }
  }
  const md5File = `${path}.md5`;
  if (existsSync(md5File)) {
    const md5 = createHash('md5').update(raw).digest('hex');
    if (readFileSync(md5File, 'utf8').trim() !== md5) problems.push('ETag (md5) does not match');
  }
  // A streamed PutObject stored with its aws-chunked framing starts `<hex>;chunk-signature=`.
  if (/^[0-9a-f]+;chunk-signature=|^[0-9a-f]+\r\n/.test(raw.subarray(0, 80).toString('latin1'))) {
    problems.push('aws-chunked framing stored');
  }
  let text: string | undefined;
  if (key.endsWith('.gz')) {
    try {
      text = gunzipSync(raw).toString('utf8');
    } catch (error) {
      problems.push(`gzip does not decompress (${(error as Error).message})`);
    }
  } else if (/\.(csv|json)$/.test(key)) text = raw.toString('utf8');
  if (text !== undefined && /bars\.csv(\.gz)?$/.test(key)) {
    const lines = text.split('\n');
    if (lines[0] !== BARS_HEADER) problems.push('bars header missing');
    if (!text.endsWith('\n')) problems.push('bars truncated (no final newline)');
    const rows = lines.filter((l) => l.length > 0).slice(1);
    if (rows.some((l) => l.split(',').length !== 6))
      problems.push('bars row with a wrong field count');
    facts.rows = rows.length;
  }
  if (text !== undefined && key.endsWith('.json')) {
    try {
      JSON.parse(text);
    } catch {
      problems.push('JSON does not parse');
    }
  }
  if (problems.length > 0) facts.problem = problems.join('; ');
  return facts;
}

/**
 * Objects lost or corrupted between two snapshots: an object present before must still be there,
 * identical or replaced by one with at least as many rows; every object after must be readable.
 */
export function damagedObjects(before: Snapshot, after: Snapshot): string[] {
  const damaged: string[] = [];
  for (const [key, was] of before) {
    const now = after.get(key);
    // A bars object may flip encoding (.csv <-> .csv.gz) with its rows kept.
    const other = key.endsWith('.gz') ? key.slice(0, -3) : `${key}.gz`;
    const replacement = now ?? after.get(other);
    if (!replacement) {
      damaged.push(`${key}: lost`);
      continue;
    }
    if (replacement.sha256 !== was.sha256 && (replacement.rows ?? 0) < (was.rows ?? 0)) {
      damaged.push(`${key}: replaced by fewer rows (${was.rows} -> ${replacement.rows})`);
    }
  }
  for (const [key, facts] of after) if (facts.problem) damaged.push(`${key}: ${facts.problem}`);
  return damaged;
}

/** chmod -R u+w (the read-only scenario leaves folders the cleanup could not delete). */
export function setWritable(path: string): void {
  if (!existsSync(path)) return;
  const stat = statSync(path);
  chmodSync(path, stat.mode | 0o700);
  if (stat.isDirectory()) for (const entry of readdirSync(path)) setWritable(join(path, entry));
}

/** chmod -R a-w, and the owner set to `uid` (the CLI of the read-only scenario runs as it). */
export function setReadOnly(path: string): void {
  const stat = statSync(path);
  chmodSync(path, stat.isDirectory() ? 0o555 : 0o444);
  if (stat.isDirectory()) for (const entry of readdirSync(path)) setReadOnly(join(path, entry));
}

/** What a finished CLI run says: its status line, error and the message of a refused start. */
export type Outcome = {
  exit: string;
  status: string;
  error?: string;
  /** The execution's cause, or the CLI's own `start-workflow: ...` message. */
  message?: string;
};

export function outcomeOf(run: CliRun): Outcome {
  const text = `${run.stdout}\n${run.stderr}`;
  const status =
    /^(SUCCEEDED|FAILED|ABORTED|TIMED_OUT) in /m.exec(run.stdout)?.[1] ??
    (run.signal ? 'KILLED' : 'ERROR');
  const error = /^ {2}error +(.+)$/m.exec(run.stdout)?.[1]?.trim();
  const cause = /^ {2}cause +(.+)$/m.exec(run.stdout)?.[1]?.trim();
  const refused = /^start-workflow: (.+)$/m.exec(text)?.[1]?.trim();
  return {
    exit: run.signal ? run.signal : String(run.code),
    status,
    ...(error ? { error } : {}),
    ...(cause || refused ? { message: (cause ?? refused) as string } : {}),
  };
}

/** Polls `check` every 25 ms until it returns true (no fixed sleeps). */
export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
