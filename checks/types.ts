/**
 * Static checks over a whole definition. Each check returns every problem it finds (an empty
 * list when the definition passes), each naming the state, the field and the value.
 */
import type { StateMachine } from '../asl/types.ts';
import type { HistoryModel } from './history-estimate.ts';
import type { PayloadModel } from './payload-estimate.ts';

export type CheckContext = {
  /** The `${Name}` placeholders the workflow declares (e.g. PIPELINE_PLACEHOLDERS). */
  placeholders: readonly string[];
  /** Iterations per Map, for the history estimate. */
  history: HistoryModel;
  /** Worst-case samples, for the payload estimate. */
  payload: PayloadModel;
};

export type Check = {
  name: string;
  /** What the check enforces, one line (docs/workflow.md lists them). */
  rule: string;
  run: (definition: StateMachine, ctx: CheckContext) => string[] | Promise<string[]>;
};
