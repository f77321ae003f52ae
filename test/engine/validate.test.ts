import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../../engine/index.ts';
import { machine } from './helpers.ts';

const valid = machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Succeed' } });

describe('validateDefinition', () => {
  it('accepts a valid definition', () => {
    expect(validateDefinition(valid)).toStrictEqual([]);
  });

  it('reports every problem at once, each with where it is', () => {
    const problems = validateDefinition(
      machine({
        A: { Type: 'Pass', Next: 'Missing', Output: 1, Bogus: true },
        B: { Type: 'Wait', End: true },
        C: { Type: 'Task', End: true, TimeoutSeconds: 0 },
      }),
    );
    expect(problems).toStrictEqual(
      expect.arrayContaining([
        "/States/A/Next: MISSING_TRANSITION_TARGET: no state named 'Missing' in this scope",
        "/States/A/Bogus: field 'Bogus' is not supported on a Pass state",
        '/States/B: a Wait state needs exactly one of Seconds or Timestamp, got none',
        '/States/C/Resource: a Task state needs a Resource ARN',
        '/States/C/TimeoutSeconds: must be an integer >= 1 and <= 99999999 or a {% %} expression, got 0',
        "/States/B: state 'B' is not reachable from StartAt",
        "/States/C: state 'C' is not reachable from StartAt",
      ]),
    );
  });

  it('accepts JSONPath states with paths and templates, and reports invalid paths and intrinsic functions', () => {
    expect(
      validateDefinition({
        StartAt: 'A',
        States: { A: { Type: 'Pass', Parameters: { 'x.$': '$.y' }, End: true } },
      }),
    ).toStrictEqual([]);
    const problems = validateDefinition({
      StartAt: 'A',
      States: {
        A: {
          Type: 'Pass',
          InputPath: 'a.b',
          Parameters: { 'x.$': 'States.Nope(1)', 'y.$': 'States.Format(' },
          ResultPath: '$.items[*]',
          End: true,
        },
      },
    });
    expect(problems).toHaveLength(4);
    expect(problems[0]).toBe("/States/A/InputPath: 'a.b' is not a JSONPath (it must start with $)");
    expect(
      validateDefinition({
        StartAt: 'A',
        States: { A: { Type: 'Pass', Parameters: { 'list.$': ['$.a'] }, End: true } },
      }),
    ).toStrictEqual([
      "/States/A/Parameters/list.$: The value for the field 'list.$' must be a STRING that contains a JSONPath but was an ARRAY",
    ]);
    expect(problems.join('\n')).toContain(
      "/States/A/Parameters/x.$: invalid intrinsic function 'States.Nope(1)'",
    );
    expect(problems.join('\n')).toContain(
      "/States/A/ResultPath: '$.items[*]' must be a reference path",
    );
  });

  it('runs JSONPath states whose fields mean the same in JSONata (no paths, templates or rules)', () => {
    expect(
      validateDefinition({
        StartAt: 'A',
        States: { A: { Type: 'Pass', Result: { x: 1 }, End: true } },
      }),
    ).toStrictEqual([]);
  });

  it('refuses JSONPath-only fields in a JSONata state', () => {
    const problems = validateDefinition(
      machine({ A: { Type: 'Pass', ResultPath: '$.x', End: true } }),
    );
    expect(problems).toStrictEqual([
      "/States/A/ResultPath: the QueryLanguage is 'JSONata', but field 'ResultPath' is only supported for the 'JSONPath' QueryLanguage",
    ]);
  });

  it('reports a JSONata syntax error with the expression', () => {
    const problems = validateDefinition(
      machine({ A: { Type: 'Pass', Output: '{% $states.input[ %}', End: true } }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^\/States\/A\/Output: INVALID_JSONATA_EXPRESSION '\$states\.input\['/,
    );
  });

  it('refuses a top-level field reference, as CreateStateMachine does', () => {
    const problems = validateDefinition(
      machine({ A: { Type: 'Pass', Output: { v: '{% phone %}' }, End: true } }),
    );
    expect(problems[0]).toContain("Reference to 'phone' at the top level is not supported");
  });

  it('refuses $states.result outside the Output and Assign of a Task, Map or Parallel', () => {
    const problems = validateDefinition(
      machine({ A: { Type: 'Pass', Output: '{% $states.result %}', End: true } }),
    );
    expect(problems[0]).toContain("'$states.result' is only available");
  });

  it('refuses $states.errorOutput outside a Catch', () => {
    const problems = validateDefinition(
      machine({
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::x',
          Output: '{% $states.errorOutput %}',
          End: true,
        },
      }),
    );
    expect(problems[0]).toContain("'$states.errorOutput' is only available in a Catch");
  });

  it('refuses States.ALL that is not alone and last', () => {
    const problems = validateDefinition(
      machine({
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::x',
          Retry: [{ ErrorEquals: ['States.ALL', 'Other'] }, { ErrorEquals: ['X'] }],
          End: true,
        },
      }),
    );
    expect(problems).toStrictEqual(
      expect.arrayContaining([
        '/States/T/Retry/0/ErrorEquals: States.ALL must appear alone in ErrorEquals',
        '/States/T/Retry/0: a retrier with States.ALL must be the last one',
      ]),
    );
  });

  // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html: a
  // retrier's MaxDelaySeconds "Values must be greater than 0 and less than 31622401".
  it.each([31622401, 0, 2.5, '10'])('refuses a retrier with MaxDelaySeconds %j', (value) => {
    const problems = validateDefinition(
      machine({
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::x',
          Retry: [{ ErrorEquals: ['X'], MaxDelaySeconds: value }],
          End: true,
        },
      }),
    );
    expect(problems).toStrictEqual([
      `/States/T/Retry/0/MaxDelaySeconds: MaxDelaySeconds must be an integer greater than 0 and less than 31622401, got ${JSON.stringify(value)}`,
    ]);
  });

  // Map Items given a JSON object. https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemspath.html
  // now says a JSON object input is iterated "for each key-value pair", without saying what an
  // iteration receives; AWS recorded a computed object failing (November 2024, corpus case
  // map_state_items_variable_sampling/object, pinned in error-causes.test.ts), and CDK models
  // Items as "the array that the Map state will iterate over" (a JSON array or a JSONata
  // expression, https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_stepfunctions.ProvideItems.html).
  // The engine keeps the recorded behaviour: a literal object is refused here.
  it('refuses a literal JSON object as a Map’s Items', () => {
    const problems = validateDefinition(
      machine({
        M: {
          Type: 'Map',
          Items: { a: 1 },
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      }),
    );
    expect(problems).toStrictEqual(['/States/M/Items: must be an array or a {% %} expression']);
  });

  it('accepts a retrier with MaxDelaySeconds 31622400', () => {
    const problems = validateDefinition(
      machine({
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::x',
          Retry: [{ ErrorEquals: ['X'], MaxDelaySeconds: 31622400 }],
          End: true,
        },
      }),
    );
    expect(problems).toStrictEqual([]);
  });

  it('refuses an inner scope assigning a variable the outer scope assigns', () => {
    const problems = validateDefinition(
      machine({
        A: { Type: 'Pass', Assign: { x: 1 }, Next: 'M' },
        M: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'I',
            States: { I: { Type: 'Pass', Assign: { x: 2 }, End: true } },
          },
          End: true,
        },
      }),
    );
    expect(problems[0]).toContain("variable 'x' is assigned here and in the outer scope");
  });

  it('reports a placeholder without a value and accepts it once substituted', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a definition-substitution placeholder
    const placeholder = '${FnArn}';
    const def = machine({ T: { Type: 'Task', Resource: placeholder, End: true } });
    expect(validateDefinition(def)[0]).toContain(`placeholder ${placeholder} has no value`);
    expect(
      validateDefinition(def, { FnArn: 'arn:aws:lambda:us-east-1:1:function:f' }),
    ).toStrictEqual([]);
  });

  it('refuses ItemReader on an inline Map', () => {
    const problems = validateDefinition(
      machine({
        M: {
          Type: 'Map',
          ItemReader: {
            Resource: 'arn:aws:states:::s3:getObject',
            ReaderConfig: { InputType: 'CSV' },
          },
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      }),
    );
    expect(problems[0]).toContain('ItemReader is only supported by a DISTRIBUTED Map');
  });

  it('refuses a JSONPath state inside a JSONata state machine', () => {
    const problems = validateDefinition(
      machine({ A: { Type: 'Pass', QueryLanguage: 'JSONPath', End: true } }),
    );
    expect(problems).toStrictEqual([
      "/States/A: 'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
    ]);
  });
});
