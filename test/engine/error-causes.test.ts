/**
 * Every error path of the engine's states, with the error and cause it reports (the inventory of
 * docs/engine.md, "Errors and causes"). Each row says where its wording comes from:
 * - `corpus`: AWS recorded it (a case of the AWS-recorded conformance corpus; the corpus itself
 *   is not part of the project);
 * - `aws-recorded`: an AWS recording outside that corpus: the size-quota causes from LocalStack's
 *   AWS-validated snapshot
 *   https://github.com/localstack/localstack/blob/main/tests/aws/services/stepfunctions/v2/error_handling/test_states_errors.snapshot.json
 *   (2024-03-21), and "returned nothing (undefined)" from a production execution's cause quoted
 *   in a public repository (umccr's OrcaBus data-sharing service: "... specified for the field
 *   'Arguments/Input/pushLocation' returned nothing (undefined).");
 * - `aws-form`: no recording of this path, but the same sentence AWS uses for a sibling path
 *   (the corpus's JSONata "returned an unexpected result type" form);
 * - `ours`: AWS's text for the path is not documented or recorded anywhere we found.
 * A cause prefixed `@` is the text after AWS's "An error occurred while executing the state 'X'
 * (entered at the event id #N). " prefix, which the table adds.
 */
import { describe, expect, it } from 'vitest';
import { machine, run } from './helpers.ts';

type Row = {
  path: string;
  source: 'corpus' | 'aws-recorded' | 'aws-form' | 'ours';
  definition: unknown;
  input?: unknown;
  options?: Parameters<typeof run>[2];
  error: string;
  cause: string;
};

const echo = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
const distributed = {
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
  StartAt: 'P',
  States: { P: { Type: 'Pass', End: true } },
};
const jsonPath = (states: Record<string, unknown>) => ({
  StartAt: Object.keys(states)[0],
  States: states,
});
const noop = { integrations: { 'arn:aws:states:::noop': async () => ({}) } };
const big = "{% $pad('', 270000, 'y') %}";

const rows: Row[] = [
  // Wait
  {
    path: 'Wait Timestamp expression, not ISO-8601',
    source: 'ours',
    definition: machine({ W: { Type: 'Wait', Timestamp: '{% "tomorrow" %}', End: true } }),
    error: 'States.QueryEvaluationError',
    cause:
      '@The JSONata expression \'"tomorrow"\' specified for the field \'Timestamp\' returned "tomorrow", which is not an ISO-8601 extended offset date-time.',
  },
  {
    path: 'Wait Timestamp expression, not a string',
    source: 'aws-form',
    definition: machine({ W: { Type: 'Wait', Timestamp: '{% 5 %}', End: true } }),
    error: 'States.QueryEvaluationError',
    cause:
      "@The JSONata expression '5' specified for the field 'Timestamp' returned an unexpected result type. Expected 'string', but was 'number' for value: 5",
  },
  {
    path: 'Wait Seconds expression, not an integer',
    source: 'aws-form',
    definition: machine({ W: { Type: 'Wait', Seconds: '{% 1.5 %}', End: true } }),
    error: 'States.QueryEvaluationError',
    cause:
      "@The JSONata expression '1.5' specified for the field 'Seconds' returned an unexpected result type. Expected 'integer', but was 'number' for value: 1.5",
  },
  {
    path: 'Wait Seconds expression, out of 0..99999999',
    source: 'ours',
    definition: machine({ W: { Type: 'Wait', Seconds: '{% -1 %}', End: true } }),
    error: 'States.QueryEvaluationError',
    cause:
      "@The JSONata expression '-1' specified for the field 'Seconds' returned -1, which is out of range: the field must be between 0 and 99999999.",
  },
  {
    path: 'Wait TimestampPath, not ISO-8601 (JSONPath)',
    source: 'corpus',
    definition: jsonPath({ W: { Type: 'Wait', TimestampPath: '$.t', End: true } }),
    input: { t: '2016-12-05T21:29:29' },
    error: 'States.Runtime',
    cause:
      '@The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.t == 2016-12-05T21:29:29',
  },
  {
    path: 'Wait SecondsPath, negative (JSONPath)',
    source: 'corpus',
    definition: jsonPath({ W: { Type: 'Wait', SecondsPath: '$.s', End: true } }),
    input: { s: -1 },
    error: 'States.Runtime',
    cause: '@The SecondsPath parameter references a negative value: $.s == -1',
  },
  {
    path: 'Wait SecondsPath, not an integer (JSONPath)',
    source: 'ours',
    definition: jsonPath({ W: { Type: 'Wait', SecondsPath: '$.s', End: true } }),
    input: { s: 1.5 },
    error: 'States.Runtime',
    cause: '@The SecondsPath parameter does not reference a valid integer: $.s == 1.5',
  },
  // Map
  {
    path: 'Map Items expression, not an array (an object too)',
    source: 'corpus',
    definition: machine({
      M: { Type: 'Map', Items: '{% {"foo": "bar"} %}', ItemProcessor: echo, End: true },
    }),
    error: 'States.QueryEvaluationError',
    cause:
      '@The JSONata expression \'{"foo": "bar"}\' specified for the field \'Items\' returned an unexpected result type. Expected \'array\', but was \'object\' for value: {"foo":"bar"}',
  },
  {
    path: 'Map without Items, input not an array (JSONata)',
    source: 'corpus',
    definition: machine({ M: { Type: 'Map', ItemProcessor: echo, End: true } }),
    input: { a: 1 },
    error: 'States.QueryEvaluationError',
    cause: '@Map state input must be an array but was: {"a":1}',
  },
  {
    path: 'Map ItemsPath, not an array (JSONPath)',
    source: 'ours',
    definition: jsonPath({ M: { Type: 'Map', ItemsPath: '$.x', ItemProcessor: echo, End: true } }),
    input: { x: { a: 1 } },
    error: 'States.Runtime',
    cause: '@ItemsPath must select an array but selected: {"a":1}',
  },
  {
    path: 'Map ItemSelector expression, nothing',
    source: 'aws-recorded',
    definition: machine({
      M: {
        Type: 'Map',
        Items: [1],
        ItemSelector: { v: '{% $states.input.nope %}' },
        ItemProcessor: echo,
        End: true,
      },
    }),
    error: 'States.QueryEvaluationError',
    cause:
      "@The JSONata expression '$states.input.nope' specified for the field 'ItemSelector/v' returned nothing (undefined).",
  },
  {
    path: 'Map ItemSelector expression, throws',
    source: 'ours',
    definition: machine({
      M: {
        Type: 'Map',
        Items: [1],
        ItemSelector: '{% $number("x") %}',
        ItemProcessor: echo,
        End: true,
      },
    }),
    error: 'States.QueryEvaluationError',
    cause:
      '@The JSONata expression \'$number("x")\' specified for the field \'ItemSelector\' threw an error during evaluation. D3030: Unable to cast value to a number: "x"',
  },
  {
    path: 'Map MaxConcurrency expression, negative',
    source: 'ours',
    definition: machine({
      M: { Type: 'Map', Items: [1], MaxConcurrency: '{% -1 %}', ItemProcessor: echo, End: true },
    }),
    error: 'States.QueryEvaluationError',
    cause:
      "@The JSONata expression '-1' specified for the field 'MaxConcurrency' returned -1, which is out of range: the field must be >= 0.",
  },
  {
    path: 'Map ToleratedFailurePercentage expression, out of 0..100',
    source: 'ours',
    definition: machine({
      M: {
        Type: 'Map',
        Items: [1],
        ToleratedFailurePercentage: '{% 101 %}',
        ItemProcessor: distributed,
        End: true,
      },
    }),
    error: 'States.QueryEvaluationError',
    cause:
      "@The JSONata expression '101' specified for the field 'ToleratedFailurePercentage' returned 101, which is out of range: the field must be between 0 and 100.",
  },
  {
    path: 'Map ToleratedFailurePercentagePath, out of 0..100 (JSONPath)',
    source: 'corpus',
    definition: jsonPath({
      M: {
        Type: 'Map',
        ToleratedFailurePercentagePath: '$.p',
        ItemsPath: '$.items',
        ItemProcessor: distributed,
        End: true,
      },
    }),
    input: { p: 100.1, items: [1] },
    error: 'States.Runtime',
    cause: '@ToleratedFailurePercentage must be between 0 and 100.',
  },
  {
    path: 'Map ToleratedFailureCountPath, negative (JSONPath)',
    source: 'corpus',
    definition: jsonPath({
      M: {
        Type: 'Map',
        ToleratedFailureCountPath: '$.c',
        ItemsPath: '$.items',
        ItemProcessor: distributed,
        End: true,
      },
    }),
    input: { c: -1, items: [1] },
    error: 'States.Runtime',
    cause: '@ToleratedFailureCount cannot be negative.',
  },
  {
    path: 'Map MaxConcurrencyPath, not an integer (JSONPath)',
    source: 'corpus',
    definition: jsonPath({
      M: {
        Type: 'Map',
        MaxConcurrencyPath: '$.m',
        ItemsPath: '$.items',
        ItemProcessor: echo,
        End: true,
      },
    }),
    input: { m: 'NoNumber', items: [1] },
    error: 'States.Runtime',
    cause:
      '@The MaxConcurrencyPath field refers to value "NoNumber" which is not a valid integer: $.m',
  },
  {
    path: 'Distributed Map, tolerated failures exceeded',
    source: 'ours',
    definition: machine({
      M: {
        Type: 'Map',
        Items: [1],
        ItemProcessor: {
          ...distributed,
          StartAt: 'F',
          States: { F: { Type: 'Fail', Error: 'E' } },
        },
        End: true,
      },
    }),
    error: 'States.ExceedToleratedFailureThreshold',
    cause: 'The specified tolerated failure threshold was exceeded',
  },
  {
    path: 'ItemBatcher, one item over MaxInputBytesPerBatch',
    source: 'ours',
    definition: machine({
      M: {
        Type: 'Map',
        Items: [{ a: 'xxxxxxxxxxxxxxxxxxxx' }],
        ItemBatcher: { MaxInputBytesPerBatch: 10 },
        ItemProcessor: distributed,
        End: true,
      },
    }),
    error: 'States.Runtime',
    cause:
      "@Item 0 is 28 bytes, larger than the ItemBatcher's MaxInputBytesPerBatch (10) on its own.",
  },
  // Choice
  {
    path: 'Choice Condition, not a boolean',
    source: 'aws-form',
    definition: machine({
      C: { Type: 'Choice', Choices: [{ Condition: '{% 1 %}', Next: 'S' }], Default: 'S' },
      S: { Type: 'Succeed' },
    }),
    error: 'States.QueryEvaluationError',
    cause:
      "@The JSONata expression '1' specified for the field 'Choices[0]/Condition' returned an unexpected result type. Expected 'boolean', but was 'number' for value: 1",
  },
  {
    path: 'Choice, no rule matched and no Default',
    source: 'ours',
    definition: machine({
      C: { Type: 'Choice', Choices: [{ Condition: '{% false %}', Next: 'S' }] },
      S: { Type: 'Succeed' },
    }),
    error: 'States.Runtime',
    cause:
      '@No Choice rule matched and the Choice state has no Default (AWS reports States.NoChoiceMatched as States.Runtime).',
  },
  {
    path: 'Choice Variable missing in a comparison (JSONPath)',
    source: 'ours',
    definition: jsonPath({
      C: {
        Type: 'Choice',
        Choices: [{ Variable: '$.x', NumericEquals: 1, Next: 'S' }],
        Default: 'S',
      },
      S: { Type: 'Succeed' },
    }),
    error: 'States.Runtime',
    cause: "@Invalid path '$.x': The choice state's condition path references an invalid value.",
  },
  // Fail
  {
    path: 'Fail Error expression, not a string',
    source: 'aws-form',
    definition: machine({ F: { Type: 'Fail', Error: '{% 42 %}' } }),
    error: 'States.QueryEvaluationError',
    cause:
      "@The JSONata expression '42' specified for the field 'Error' returned an unexpected result type. Expected 'string', but was 'number' for value: 42",
  },
  {
    path: 'Fail Cause expression, not a string',
    source: 'aws-form',
    definition: machine({ F: { Type: 'Fail', Error: 'E', Cause: '{% {"a": 1} %}' } }),
    error: 'States.QueryEvaluationError',
    cause:
      "@The JSONata expression '{\"a\": 1}' specified for the field 'Cause' returned an unexpected result type. Expected 'string', but was 'object' for value: {\"a\":1}",
  },
  {
    path: 'Fail ErrorPath finds nothing (JSONPath)',
    source: 'corpus',
    definition: jsonPath({ F: { Type: 'Fail', ErrorPath: '$.e' } }),
    error: 'States.Runtime',
    cause:
      "@The JSONPath '$.e' specified for the field 'ErrorPath' could not be found in the input '{}'",
  },
  // Expressions anywhere
  {
    path: 'Output expression, nothing',
    source: 'aws-recorded',
    definition: machine({ P: { Type: 'Pass', Output: '{% $states.input.nope %}', End: true } }),
    error: 'States.QueryEvaluationError',
    cause:
      "@The JSONata expression '$states.input.nope' specified for the field 'Output' returned nothing (undefined).",
  },
  {
    path: 'Output expression, a function',
    source: 'ours',
    definition: machine({ P: { Type: 'Pass', Output: '{% $sum %}', End: true } }),
    error: 'States.QueryEvaluationError',
    cause:
      "@The JSONata expression '$sum' specified for the field 'Output' returned a function, which is not a JSON value.",
  },
  {
    path: 'Assign expression, throws',
    source: 'ours',
    definition: machine({ P: { Type: 'Pass', Assign: { x: '{% $number("x") %}' }, End: true } }),
    error: 'States.QueryEvaluationError',
    cause:
      '@The JSONata expression \'$number("x")\' specified for the field \'Assign/x\' threw an error during evaluation. D3030: Unable to cast value to a number: "x"',
  },
  {
    path: 'TimeoutSeconds expression, below 1',
    source: 'ours',
    definition: machine({
      T: { Type: 'Task', Resource: 'arn:aws:states:::noop', TimeoutSeconds: '{% 0 %}', End: true },
    }),
    options: noop,
    error: 'States.QueryEvaluationError',
    cause:
      "@The JSONata expression '0' specified for the field 'TimeoutSeconds' returned 0, which is out of range: the field must be >= 1.",
  },
  {
    path: 'TimeoutSecondsPath, not a positive integer (JSONPath)',
    source: 'ours',
    definition: jsonPath({
      T: { Type: 'Task', Resource: 'arn:aws:states:::noop', TimeoutSecondsPath: '$.t', End: true },
    }),
    input: { t: 'x' },
    options: noop,
    error: 'States.Runtime',
    cause:
      '@The TimeoutSecondsPath field refers to value "x" which is not a valid positive integer: $.t',
  },
  // JSONPath input and output processing
  {
    path: 'InputPath finds nothing',
    source: 'corpus',
    definition: jsonPath({ P: { Type: 'Pass', InputPath: '$.x', End: true } }),
    error: 'States.Runtime',
    cause: "@Invalid path '$.x' : No results for path: $['x']",
  },
  {
    path: 'Parameters path finds nothing',
    source: 'corpus',
    definition: jsonPath({ P: { Type: 'Pass', Parameters: { 'v.$': '$.x' }, End: true } }),
    error: 'States.Runtime',
    cause: "@The JSONPath '$.x' specified for the field 'v.$' could not be found in the input '{}'",
  },
  {
    path: 'ResultPath through a non-object',
    source: 'ours',
    definition: jsonPath({ P: { Type: 'Pass', Result: 1, ResultPath: '$.a.b', End: true } }),
    input: { a: 1 },
    error: 'States.Runtime',
    cause: '@Unable to apply ReferencePath $.a.b to input "{\\"a\\":1}"',
  },
  {
    path: 'Intrinsic function, bad arguments',
    source: 'ours',
    definition: jsonPath({
      P: { Type: 'Pass', Parameters: { 'v.$': 'States.ArrayGetItem($.a, 5)' }, End: true },
    }),
    input: { a: [1] },
    error: 'States.IntrinsicFailure',
    cause:
      '@Invalid arguments in States.ArrayGetItem: index 5 is out of bounds for an array of 1 item(s)',
  },
  // Size quotas
  {
    path: 'A state’s output over 256 KiB',
    source: 'aws-recorded',
    definition: machine({ P: { Type: 'Pass', Output: big, End: true } }),
    error: 'States.DataLimitExceeded',
    cause:
      "The state/task 'P' returned a result with a size exceeding the maximum number of bytes service limit.",
  },
  {
    path: 'A task’s result over 256 KiB',
    source: 'aws-recorded',
    definition: machine({
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { FunctionName: 'big' },
        End: true,
      },
    }),
    options: { lambdaHandlers: { big: async () => 'x'.repeat(270_000) } },
    error: 'States.DataLimitExceeded',
    cause:
      "The state/task 'lambda' returned a result with a size exceeding the maximum number of bytes service limit.",
  },
  {
    path: 'A Map’s result over 256 KiB',
    source: 'aws-recorded',
    definition: machine({
      M: {
        Type: 'Map',
        Items: '{% [1..30] %}',
        ItemProcessor: {
          StartAt: 'P',
          States: { P: { Type: 'Pass', Output: "{% $pad('', 10000, 'x') %}", End: true } },
        },
        End: true,
      },
    }),
    error: 'States.DataLimitExceeded',
    cause:
      "The state/task 'M' returned a result with a size exceeding the maximum number of bytes service limit.",
  },
  {
    path: 'A task’s arguments over 256 KiB',
    source: 'ours',
    definition: machine({
      T: { Type: 'Task', Resource: 'arn:aws:states:::noop', Arguments: big, End: true },
    }),
    options: noop,
    error: 'States.DataLimitExceeded',
    cause:
      "@The parameters of task 'T' has a size of 270002 bytes, exceeding the maximum number of bytes service limit (262144).",
  },
  {
    path: 'One variable over 256 KiB',
    source: 'ours',
    definition: machine({ P: { Type: 'Pass', Assign: { v: big }, End: true } }),
    error: 'States.DataLimitExceeded',
    cause:
      "@The variable 'v' assigned by state 'P' has a size of 270002 bytes, exceeding the maximum number of bytes service limit (262144).",
  },
  // Resources
  {
    path: 'Task with a resource nothing handles',
    source: 'ours',
    definition: machine({ T: { Type: 'Task', Resource: 'arn:aws:states:::nope', End: true } }),
    error: 'States.Runtime',
    cause:
      "@No integration handles the resource 'arn:aws:states:::nope'. Register a handler for it: runExecution(definition, input, { integrations: { 'arn:aws:states:::nope': async (args, ctx) => result } }) (a key may also be an ARN prefix).",
  },
];

describe('error causes: every path of the inventory', () => {
  it.each(rows)('$path ($source)', async (row) => {
    const result = await run(row.definition, row.input ?? {}, row.options ?? {});
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe(row.error);
    if (row.cause.startsWith('@')) {
      expect(result.cause).toMatch(
        /^An error occurred while executing the state '[^']+' \(entered at the event id #\d+\)\. /,
      );
      expect(result.cause?.replace(/^An error occurred[^)]*\)\. /, '')).toBe(row.cause.slice(1));
    } else {
      expect(result.cause).toBe(row.cause);
    }
  });
});
