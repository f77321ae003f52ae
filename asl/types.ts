/**
 * A typed model of Amazon States Language in the JSONata query language.
 *
 * Spec: https://states-language.net/spec.html and
 * https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 *
 * Every state is a discriminated union on `Type`. JSONPath-only fields (InputPath, Parameters,
 * ResultSelector, ResultPath, OutputPath, ItemsPath, ...) are deliberately absent: a definition
 * built from these types cannot mix query languages by accident.
 */

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };

/** A JSONata expression string as Step Functions expects it: `{% expr %}`. */
export type JsonataString = `{% ${string} %}`;

/**
 * A value that may be, or may contain, JSONata expressions. Strings of the form `{% ... %}` are
 * evaluated; every other value is taken literally (nested objects and arrays are walked).
 */
export type Template = JsonValue;

/** A field that is either a literal of type T or a JSONata expression producing one. */
export type OrExpr<T> = T | JsonataString;

export type QueryLanguage = 'JSONata' | 'JSONPath';

/** Variable assignments; evaluated against the state's input/result, visible after the state. */
export type Assign = Record<string, Template>;

export type Next = { Next: string; End?: never };
export type End = { End: true; Next?: never };
export type Transition = Next | End;

export type JitterStrategy = 'FULL' | 'NONE';

export type Retrier = {
  ErrorEquals: string[];
  /** @default 1 */
  IntervalSeconds?: number;
  /** @default 3 */
  MaxAttempts?: number;
  /** @default 2 */
  BackoffRate?: number;
  /** Upper bound on any single retry interval. */
  MaxDelaySeconds?: number;
  /** @default 'NONE' */
  JitterStrategy?: JitterStrategy;
  Comment?: string;
};

export type Catcher = {
  ErrorEquals: string[];
  Next: string;
  /** Evaluated with `$states.errorOutput`; becomes the input of `Next`. @default the error output */
  Output?: Template;
  Assign?: Assign;
  Comment?: string;
};

type Common = {
  Comment?: string;
  QueryLanguage?: 'JSONata';
};

type WithIo = {
  Output?: Template;
  Assign?: Assign;
};

type WithErrorHandling = {
  Retry?: Retrier[];
  Catch?: Catcher[];
};

export type TaskState = Common &
  WithIo &
  WithErrorHandling &
  Transition & {
    Type: 'Task';
    Resource: string;
    Arguments?: Template;
    TimeoutSeconds?: OrExpr<number>;
    HeartbeatSeconds?: OrExpr<number>;
    Credentials?: Template;
  };

export type PassState = Common & WithIo & Transition & { Type: 'Pass' };

export type ChoiceRule = {
  Condition: OrExpr<boolean>;
  Next: string;
  Output?: Template;
  Assign?: Assign;
  Comment?: string;
};

export type ChoiceState = Common &
  WithIo & {
    Type: 'Choice';
    Choices: ChoiceRule[];
    Default?: string;
  };

export type WaitState = Common &
  WithIo &
  Transition & {
    Type: 'Wait';
  } & ({ Seconds: OrExpr<number>; Timestamp?: never } | { Timestamp: string; Seconds?: never });

export type SucceedState = Common & { Type: 'Succeed'; Output?: Template };

export type FailState = Common & {
  Type: 'Fail';
  Error?: string;
  Cause?: string;
};

/** A nested state machine: a Parallel branch or a Map item processor. */
export type StateMachineFragment = {
  StartAt: string;
  States: Record<string, State>;
  Comment?: string;
};

export type ParallelState = Common &
  WithIo &
  WithErrorHandling &
  Transition & {
    Type: 'Parallel';
    Branches: StateMachineFragment[];
    Arguments?: Template;
  };

export type InlineProcessorConfig = { Mode: 'INLINE' };
export type DistributedProcessorConfig = {
  Mode: 'DISTRIBUTED';
  ExecutionType: 'STANDARD' | 'EXPRESS';
};

export type ItemProcessor = StateMachineFragment & {
  /** @default { Mode: 'INLINE' } */
  ProcessorConfig?: InlineProcessorConfig | DistributedProcessorConfig;
};

export type ReaderConfig = {
  InputType?: 'CSV' | 'JSON' | 'JSONL' | 'MANIFEST';
  CSVHeaderLocation?: 'FIRST_ROW' | 'GIVEN';
  CSVHeaders?: string[];
  CSVDelimiter?: 'COMMA' | 'PIPE' | 'SEMICOLON' | 'SPACE' | 'TAB';
  MaxItems?: OrExpr<number>;
};

export type ItemReader = {
  /** `arn:aws:states:::s3:getObject` or `arn:aws:states:::s3:listObjectsV2`. */
  Resource: string;
  ReaderConfig?: ReaderConfig;
  Arguments?: Template;
};

export type ItemBatcher = {
  MaxItemsPerBatch?: OrExpr<number>;
  MaxInputBytesPerBatch?: OrExpr<number>;
  BatchInput?: Template;
};

export type ResultWriter = {
  /** `arn:aws:states:::s3:putObject`. */
  Resource: string;
  Arguments?: Template;
  WriterConfig?: {
    OutputType?: 'JSON' | 'JSONL';
    Transformation?: 'NONE' | 'COMPACT' | 'FLATTEN';
  };
};

export type MapState = Common &
  WithIo &
  WithErrorHandling &
  Transition & {
    Type: 'Map';
    ItemProcessor: ItemProcessor;
    /** The array to iterate (JSONata). @default `$states.input` */
    Items?: OrExpr<JsonValue[]>;
    ItemSelector?: Template;
    ItemReader?: ItemReader;
    ItemBatcher?: ItemBatcher;
    ResultWriter?: ResultWriter;
    /** 0 means no limit. @default 0 */
    MaxConcurrency?: OrExpr<number>;
    ToleratedFailurePercentage?: OrExpr<number>;
    ToleratedFailureCount?: OrExpr<number>;
    Label?: string;
  };

export type State =
  | TaskState
  | PassState
  | ChoiceState
  | WaitState
  | SucceedState
  | FailState
  | ParallelState
  | MapState;

export type StateType = State['Type'];

export type StateMachine = StateMachineFragment & {
  QueryLanguage: 'JSONata';
  /** Execution timeout; fails the execution with States.Timeout. */
  TimeoutSeconds?: number;
  Version?: '1.0';
};
