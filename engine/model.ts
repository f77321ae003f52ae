/**
 * The compiled form of a validated definition: one model per state, every JSONata expression
 * already compiled, defaults filled in. Executors read only these.
 */
import type { JsonValue } from './api.ts';
import type { Bindings, FieldExpression, Template } from './jsonata/types.ts';
import type { PathField, PathIo } from './jsonpath/io.ts';

/** A field holding either a literal or an expression. */
export type ValueField =
  | { readonly literal: JsonValue }
  | { readonly fx: FieldExpression }
  /** A JSONPath state's `...Path` field or Choice rule: evaluated against the state's bindings. */
  | { readonly jsonPath: (bindings: Bindings) => JsonValue };

export type AssignModel = { readonly entries: readonly (readonly [string, Template])[] };

export type RetrierModel = {
  readonly errorEquals: readonly string[];
  readonly intervalSeconds: number;
  readonly maxAttempts: number;
  readonly backoffRate: number;
  readonly maxDelaySeconds: number | undefined;
  readonly jitter: 'FULL' | 'NONE';
};

export type CatcherModel = {
  readonly errorEquals: readonly string[];
  readonly next: string;
  readonly output: Template | undefined;
  readonly assign: AssignModel | undefined;
  /** A JSONPath catcher's ResultPath. */
  readonly resultPath: PathField;
};

/** What every state model carries; each state type adds its own fields. */
export type StateBase = {
  readonly name: string;
  /** A JSONPath state's input and output processing; undefined for a JSONata state. */
  readonly io: PathIo | undefined;
  readonly next: string | undefined;
  readonly end: boolean;
  readonly output: Template | undefined;
  readonly assign: AssignModel | undefined;
  readonly retry: readonly RetrierModel[];
  readonly catchers: readonly CatcherModel[];
};

export type PassModel = StateBase & { readonly type: 'Pass' };

export type TaskModel = StateBase & {
  readonly type: 'Task';
  readonly resource: string;
  readonly arguments: Template | undefined;
  readonly timeoutSeconds: ValueField | undefined;
  readonly heartbeatSeconds: ValueField | undefined;
};

export type ChoiceRuleModel = {
  readonly condition: ValueField;
  readonly next: string;
  readonly output: Template | undefined;
  readonly assign: AssignModel | undefined;
};

export type ChoiceModel = StateBase & {
  readonly type: 'Choice';
  readonly rules: readonly ChoiceRuleModel[];
  readonly defaultNext: string | undefined;
};

export type WaitModel = StateBase & {
  readonly type: 'Wait';
  readonly seconds: ValueField | undefined;
  readonly timestamp: ValueField | undefined;
};

export type SucceedModel = StateBase & { readonly type: 'Succeed' };

export type FailModel = StateBase & {
  readonly type: 'Fail';
  readonly error: ValueField | undefined;
  readonly cause: ValueField | undefined;
};

export type ParallelModel = StateBase & {
  readonly type: 'Parallel';
  readonly branches: readonly FragmentModel[];
  readonly arguments: Template | undefined;
};

export type ItemReaderModel = {
  readonly resource: string;
  readonly arguments: Template | undefined;
  readonly inputType: 'CSV' | 'JSON' | 'JSONL' | undefined;
  readonly csvHeaderLocation: 'FIRST_ROW' | 'GIVEN';
  readonly csvHeaders: readonly string[] | undefined;
  readonly csvDelimiter: string;
  readonly maxItems: ValueField | undefined;
};

export type ItemBatcherModel = {
  readonly maxItemsPerBatch: ValueField | undefined;
  readonly maxInputBytesPerBatch: ValueField | undefined;
  readonly batchInput: Template | undefined;
};

export type ResultWriterModel = {
  readonly resource: string | undefined;
  readonly arguments: Template | undefined;
  readonly outputType: 'JSON' | 'JSONL';
  readonly transformation: 'NONE' | 'COMPACT' | 'FLATTEN';
};

export type MapModel = StateBase & {
  readonly type: 'Map';
  readonly processor: FragmentModel;
  readonly mode: 'INLINE' | 'DISTRIBUTED';
  readonly executionType: 'STANDARD' | 'EXPRESS';
  readonly label: string | undefined;
  readonly items: Template | undefined;
  readonly itemSelector: Template | undefined;
  readonly itemReader: ItemReaderModel | undefined;
  readonly itemBatcher: ItemBatcherModel | undefined;
  readonly resultWriter: ResultWriterModel | undefined;
  readonly maxConcurrency: ValueField | undefined;
  readonly toleratedFailurePercentage: ValueField | undefined;
  readonly toleratedFailureCount: ValueField | undefined;
};

export type StateModel =
  | PassModel
  | TaskModel
  | ChoiceModel
  | WaitModel
  | SucceedModel
  | FailModel
  | ParallelModel
  | MapModel;

export type FragmentModel = {
  readonly startAt: string;
  readonly states: ReadonlyMap<string, StateModel>;
};

export type MachineModel = FragmentModel & {
  readonly timeoutSeconds: number | undefined;
};
