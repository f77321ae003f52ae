/** Messages between the Lambda host (main thread) and a Lambda worker thread. */
import type { LambdaContext } from '../../engine/api.ts';

export type WorkerData = { modulePath: string; exportName: string };

export type SerialisedError = { name: string; message: string; stack: string };

/** The context minus its function, which cannot cross threads: the worker rebuilds it. */
export type PortableContext = Omit<LambdaContext, 'getRemainingTimeInMillis'> & {
  deadlineMs: number;
};

export type HostMessage = { id: number; payloadJson: string; context: PortableContext };

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'init-error'; error: SerialisedError }
  | { type: 'result'; id: number; resultJson: string }
  | { type: 'error'; id: number; error: SerialisedError };
