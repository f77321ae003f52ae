/**
 * ASL constants, defined once. Error names are an API: Retry and Catch match on them.
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
export const StatesError = {
  ALL: 'States.ALL',
  HeartbeatTimeout: 'States.HeartbeatTimeout',
  Timeout: 'States.Timeout',
  TaskFailed: 'States.TaskFailed',
  Permissions: 'States.Permissions',
  ResultPathMatchFailure: 'States.ResultPathMatchFailure',
  ParameterPathFailure: 'States.ParameterPathFailure',
  QueryEvaluationError: 'States.QueryEvaluationError',
  BranchFailed: 'States.BranchFailed',
  NoChoiceMatched: 'States.NoChoiceMatched',
  IntrinsicFailure: 'States.IntrinsicFailure',
  ExceedToleratedFailureThreshold: 'States.ExceedToleratedFailureThreshold',
  ItemReaderFailed: 'States.ItemReaderFailed',
  ResultWriterFailed: 'States.ResultWriterFailed',
  DataLimitExceeded: 'States.DataLimitExceeded',
  Runtime: 'States.Runtime',
} as const;
export type StatesErrorName = (typeof StatesError)[keyof typeof StatesError];

/** Errors the Lambda service (not the function) raises; AWS recommends retrying them. */
export const LambdaServiceErrors = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
] as const;

/** Lambda's throttling error (account or function concurrency reached): retry with backoff. */
export const LambdaThrottlingErrors = ['Lambda.TooManyRequestsException'] as const;

/** Service integration resource ARNs used by this project. */
export const Resource = {
  LambdaInvoke: 'arn:aws:states:::lambda:invoke',
  EmrCreateClusterSync: 'arn:aws:states:::elasticmapreduce:createCluster.sync',
  EmrAddStepSync: 'arn:aws:states:::elasticmapreduce:addStep.sync',
  EmrTerminateClusterSync: 'arn:aws:states:::elasticmapreduce:terminateCluster.sync',
  S3GetObject: 'arn:aws:states:::s3:getObject',
  S3ListObjectsV2: 'arn:aws:states:::s3:listObjectsV2',
  S3PutObject: 'arn:aws:states:::s3:putObject',
  AwsSdkPrefix: 'arn:aws:states:::aws-sdk:',
  /** AWS SDK integration: the object body comes back as a string in `Body`. */
  AwsSdkS3GetObject: 'arn:aws:states:::aws-sdk:s3:getObject',
  AwsSdkS3PutObject: 'arn:aws:states:::aws-sdk:s3:putObject',
  /** Start a nested execution and wait for it; its output comes back as JSON, not a string. */
  StatesStartExecutionSync2: 'arn:aws:states:::states:startExecution.sync:2',
} as const;

/** Step Functions service quotas the static checks enforce. */
export const Limits = {
  /** Max payload (input/output/result) size in bytes: 256 KiB. */
  maxPayloadBytes: 256 * 1024,
  /** Max events in one execution's history. */
  maxHistoryEvents: 25_000,
  /** Inline Map runs at most this many iterations at once, whatever MaxConcurrency says. */
  inlineMapMaxConcurrency: 40,
  /**
   * Longest a Standard execution may run: "1 year" (service quotas). AWS's other one-year
   * maxima are 31,622,400 s (366 days: a retrier's MaxDelaySeconds), so that is the number.
   */
  maxExecutionSeconds: 31_622_400,
  /** Largest value of one workflow variable (and of one state's Assign): 256 KiB. */
  maxVariableBytes: 256 * 1024,
  /** Largest total of every variable an execution stores: 10 MiB. */
  maxVariablesTotalBytes: 10 * 1024 * 1024,
} as const;

/**
 * JSONPath's input and output processing fields of a state (and `Iterator`, the JSONPath-era name
 * of a Map's ItemProcessor); JSONata has Arguments, Output and Items instead.
 */
export const JsonPathIoFields = [
  'InputPath',
  'OutputPath',
  'ResultPath',
  'Parameters',
  'ResultSelector',
  'Result',
  'ItemsPath',
  'Iterator',
] as const;

/** The `...Path` variants of state fields that JSONata writes as `{% %}` expressions instead. */
export const JsonPathStatePathFields = [
  'SecondsPath',
  'TimestampPath',
  'ErrorPath',
  'CausePath',
  'MaxConcurrencyPath',
  'ToleratedFailurePercentagePath',
  'ToleratedFailureCountPath',
  'TimeoutSecondsPath',
  'HeartbeatSecondsPath',
] as const;

/**
 * Fields that exist only in the JSONPath query language: the state fields above, a Choice rule's
 * `Variable`, and the `...Path` fields of ItemReader.ReaderConfig and ItemBatcher.
 */
export const JsonPathOnlyFields = [
  ...JsonPathIoFields,
  ...JsonPathStatePathFields,
  'Variable',
  'MaxItemsPath',
  'MaxItemsPerBatchPath',
  'MaxInputBytesPerBatchPath',
  'BatchInputPath',
] as const;

/** Choice rule operators of the JSONPath query language; a JSONata rule has only `Condition`. */
export const JsonPathChoiceOperators = [
  'And',
  'Or',
  'Not',
  'BooleanEquals',
  'IsBoolean',
  'IsNull',
  'IsNumeric',
  'IsPresent',
  'IsString',
  'IsTimestamp',
  'NumericEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'StringEquals',
  'StringGreaterThan',
  'StringGreaterThanEquals',
  'StringLessThan',
  'StringLessThanEquals',
  'StringMatches',
  'TimestampEquals',
  'TimestampGreaterThan',
  'TimestampGreaterThanEquals',
  'TimestampLessThan',
  'TimestampLessThanEquals',
] as const;
