/**
 * The local EMR emulator behind the engine's three EMR `.sync` integrations (`EmrBackend`).
 * Clusters live in the JSON ledger (`<stateDir>/emr/clusters.json`); steps run on this machine
 * (see step.ts). Lifecycle as on EMR: STARTING -> BOOTSTRAPPING -> WAITING, RUNNING while a step
 * runs, WAITING again after it, TERMINATING -> TERMINATED (or TERMINATED_WITH_ERRORS).
 *
 * Idle auto-termination is honoured on the runtime's clock: a WAITING cluster with no step for
 * `AutoTerminationPolicy.IdleTimeout` seconds of workflow time is terminated. The engine's
 * workflow time follows real time and only sleeps are scaled, so the timer runs
 * `IdleTimeout * timeScale` real seconds, or `IdleTimeout` real seconds when `timeScale` is 0
 * (skipped sleeps elsewhere do not advance it). The reaper (runtime/reaper.ts) covers stopped
 * executions either way.
 */
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { EmrBackend } from '../../engine/api.ts';
import { localAccountId, localRegion } from '../lambda/environment.ts';
import { venvPython } from '../venv.ts';
import { addStep } from './add-step.ts';
import { ClusterBook } from './cluster-book.ts';
import { createCluster, terminateCluster } from './create-cluster.ts';
import type { RandomSource } from './ids.ts';
import type { Ledger } from './ledger.ts';
import { prepareSparkVenv } from './requirements.ts';
import type { StateChangeReason } from './types.ts';

export type LocalEmrOptions = {
  /** The ledger, logs and work folders live under `<stateDir>/emr/`. */
  stateDir: string;
  /** The local S3 the steps read from and write to. */
  s3: S3Client;
  /** Real seconds per workflow second for provisioning, termination and idle timeouts. @default 1 */
  timeScale?: number;
  /** For cluster and step ids. @default Math.random */
  random?: RandomSource;
  /** Used when no task context gives the runtime's clock (idle timeouts, reaping). @default Date */
  now?: () => Date;
  log?: (line: string) => void;
  /** @default the runtime's region, as in the Lambda ARNs (lambda/environment.ts) */
  region?: string;
  /** @default the runtime's account, as in the Lambda ARNs (lambda/environment.ts) */
  accountId?: string;
  /** Workflow seconds from STARTING to WAITING. @default 3 */
  provisioningSeconds?: number;
  /** Workflow seconds from TERMINATING to TERMINATED. @default 1 */
  terminationSeconds?: number;
  /** Resolves the spark-submit to run. @default the project venv's, prepared on first use */
  sparkSubmit?: (log: (line: string) => void) => Promise<string>;
  /** Environment of step processes. @default process.env plus the venv's Python for PySpark */
  env?: NodeJS.ProcessEnv;
};

export type LocalEmrPaths = { ledger: string; logs: string; work: string };

export type LocalEmr = EmrBackend & {
  ledger: Ledger;
  paths: LocalEmrPaths;
  /** Terminates a cluster outside any task (reaper, idle timeout); false if already terminated. */
  terminate: (clusterId: string, reason: StateChangeReason) => Promise<boolean>;
  /** Resolves once no step is running or being recorded and no termination is under way. */
  settle: () => Promise<void>;
  /** Stops idle timers. Clusters and their ledger entries are left as they are. */
  close: () => void;
};

export function createLocalEmr(options: LocalEmrOptions): LocalEmr {
  const root = join(options.stateDir, 'emr');
  const paths: LocalEmrPaths = {
    ledger: join(root, 'clusters.json'),
    logs: join(root, 'logs'),
    work: join(root, 'work'),
  };
  const book = new ClusterBook({
    s3: options.s3,
    paths,
    timeScale: options.timeScale ?? 1,
    random: options.random ?? Math.random,
    log: options.log ?? (() => {}),
    region: options.region ?? localRegion,
    accountId: options.accountId ?? localAccountId,
    provisioningMs: (options.provisioningSeconds ?? 3) * 1000,
    terminationMs: (options.terminationSeconds ?? 1) * 1000,
    sparkSubmit: options.sparkSubmit ?? prepareSparkVenv,
    env: options.env ?? defaultStepEnv(),
    now: options.now ?? (() => new Date()),
  });
  return {
    ledger: book.ledger,
    paths,
    createCluster: (request, ctx) => createCluster(book, request, ctx),
    addStep: (request, ctx) => addStep(book, request, ctx),
    terminateCluster: (request, ctx) => terminateCluster(book, request, ctx),
    terminate: (id, reason) => book.terminate(id, reason),
    settle: () => book.settle(),
    close: () => book.close(),
  };
}

/**
 * Step processes use the venv's Python for PySpark's driver and workers (it has numpy; the
 * system python3 may not), and bind Spark to 127.0.0.1 (no hostname lookups, nothing exposed).
 */
function defaultStepEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PYSPARK_PYTHON: venvPython,
    PYSPARK_DRIVER_PYTHON: venvPython,
    SPARK_LOCAL_IP: '127.0.0.1',
  };
}
