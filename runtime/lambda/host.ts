/**
 * In-process Lambda functions for the embedded runtime: each function's handler module (the one
 * the stack deploys) runs in its own worker thread, created with the environment the stack would
 * set. A worker has its own `process.env`, so the handler's module-scope config (read once at
 * import) and anything read lazily (the AWS SDK's credentials) see the function's environment,
 * while the CLI's process env is never modified and concurrent runs cannot see each other's.
 * The worker's stdout/stderr (Powertools' JSON logs and EMF metrics) go to a log file, the local
 * stand-in for the function's CloudWatch log group.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LambdaContext, LambdaHandler } from '../../engine/api.ts';
import type { HostMessage, SerialisedError, WorkerData, WorkerMessage } from './protocol.ts';

export type LambdaFunctionOptions = {
  /** Function name, e.g. market-pipeline-download-ticker. */
  name: string;
  /** Absolute path of the handler module (tasks/<task>/handler.ts). */
  modulePath: string;
  /** @default 'handler' */
  exportName?: string;
  /** The function's whole environment (nothing is inherited from this process). */
  env: Record<string, string>;
  /** Where the function's stdout/stderr are appended. */
  logFile: string;
};

export type LocalLambdaFunction = {
  name: string;
  handler: LambdaHandler;
  logFile: string;
  /** Resolves once the module is imported; rejects with its init error. */
  ready: Promise<void>;
  stop: () => Promise<void>;
};

const workerScript = join(dirname(fileURLToPath(import.meta.url)), 'worker.ts');
const tsxApi = pathToFileURL(
  createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs'),
).href;
/**
 * Worker threads do not inherit the TypeScript loader of this process (vitest's or tsx's), so
 * the worker registers tsx itself before importing worker.ts.
 */
const bootstrap = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(pathToFileURL(workerScript).href)}); });`;

function toError(e: SerialisedError): Error {
  const err = new Error(e.message);
  err.name = e.name;
  err.stack = e.stack;
  return err;
}

function portable(context: LambdaContext): HostMessage['context'] {
  const { getRemainingTimeInMillis, ...rest } = context;
  return { ...rest, deadlineMs: Date.now() + getRemainingTimeInMillis() };
}

export function startLambdaFunction(options: LambdaFunctionOptions): LocalLambdaFunction {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const logStream = createWriteStream(options.logFile, { flags: 'a' });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let worker: Worker | undefined;
  let ready: Promise<void> = Promise.resolve();
  let stopped = false;

  const start = (): void => {
    const data: WorkerData = {
      modulePath: options.modulePath,
      exportName: options.exportName ?? 'handler',
    };
    const w = new Worker(bootstrap, {
      eval: true,
      env: options.env,
      workerData: data,
      stdout: true,
      stderr: true,
      name: options.name,
    });
    w.stdout.pipe(logStream, { end: false });
    w.stderr.pipe(logStream, { end: false });
    worker = w;
    ready = new Promise<void>((resolve, reject) => {
      w.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'init-error') {
          const err = toError(message.error);
          err.message = `Lambda ${options.name} failed to initialise: ${err.name}: ${err.message}`;
          reject(err);
        } else {
          const call = pending.get(message.id);
          if (!call) return;
          pending.delete(message.id);
          if (message.type === 'result') call.resolve(JSON.parse(message.resultJson));
          else call.reject(toError(message.error));
        }
      });
      w.on('error', (err) => {
        err.message = `Lambda ${options.name} failed: ${err.name}: ${err.message}`;
        reject(err);
      });
      w.on('exit', (code) => {
        if (worker === w) worker = undefined;
        reject(new Error(`Lambda ${options.name} exited during initialisation (code ${code})`));
        // A crashed execution environment fails its in-flight invocations, as Lambda reports
        // a runtime exit: Lambda.Unknown.
        for (const [id, call] of pending) {
          pending.delete(id);
          const err = new Error(
            `RequestId: ${id} Error: Runtime exited with error: exit status ${code}`,
          );
          err.name = 'Lambda.Unknown';
          call.reject(err);
        }
      });
    });
    ready.catch(() => {});
  };
  start();

  const handler: LambdaHandler = async (payload, context) => {
    if (stopped) throw new Error(`Lambda ${options.name} is stopped`);
    if (!worker) start(); // a fresh execution environment after a crash
    await ready;
    const id = nextId++;
    const message: HostMessage = {
      id,
      payloadJson: JSON.stringify(payload ?? null),
      context: portable(context),
    };
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker?.postMessage(message);
    });
  };

  return {
    name: options.name,
    handler,
    logFile: options.logFile,
    get ready() {
      return ready;
    },
    stop: async () => {
      stopped = true;
      await worker?.terminate();
      worker = undefined;
      await new Promise<void>((resolve) => logStream.end(resolve));
    },
  };
}
