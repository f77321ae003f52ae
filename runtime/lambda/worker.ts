/**
 * Runs inside a worker thread: one in-process "Lambda execution environment". It imports the
 * handler module once (so module-scope code, like each handler's `config.ts` reading env, sees
 * this worker's own `process.env`) and serves invocations posted by host.ts. Results cross the
 * thread boundary as JSON, as a Lambda response does.
 */
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import type { HostMessage, WorkerData, WorkerMessage } from './protocol.ts';

const port = parentPort;
if (!port) throw new Error('runtime/lambda/worker.ts must run in a worker thread');
const data = workerData as WorkerData;

function serialise(err: unknown): { name: string; message: string; stack: string } {
  const e = err instanceof Error ? err : new Error(String(err));
  return { name: e.name, message: e.message, stack: e.stack ?? '' };
}

const post = (message: WorkerMessage): void => port.postMessage(message);

async function load(): Promise<
  ((payload: unknown, context: unknown) => Promise<unknown>) | undefined
> {
  try {
    const mod = (await import(pathToFileURL(data.modulePath).href)) as Record<string, unknown>;
    const exported = mod[data.exportName];
    if (typeof exported !== 'function') {
      throw new TypeError(`${data.modulePath} does not export a function '${data.exportName}'`);
    }
    return exported as (payload: unknown, context: unknown) => Promise<unknown>;
  } catch (err) {
    // Reported as a message, not rethrown: an uncaught error could overtake it.
    post({ type: 'init-error', error: serialise(err) });
    port?.close();
    return undefined;
  }
}

const handler = await load();
if (handler) {
  port.on('message', (message: HostMessage) => {
    const { id, payloadJson, context } = message;
    const lambdaContext = {
      ...context,
      getRemainingTimeInMillis: () => Math.max(0, context.deadlineMs - Date.now()),
    };
    void (async () => {
      try {
        const result = await handler(JSON.parse(payloadJson), lambdaContext);
        post({ type: 'result', id, resultJson: JSON.stringify(result ?? null) });
      } catch (err) {
        post({ type: 'error', id, error: serialise(err) });
      }
    })();
  });
  post({ type: 'ready' });
}
