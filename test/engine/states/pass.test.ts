import { describe, expect, it } from 'vitest';
import { machine, run, types } from '../helpers.ts';

describe('Pass state', () => {
  it('passes its input through when it has no Output', async () => {
    const result = await run(machine({ P: { Type: 'Pass', End: true } }), { a: 1 });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toStrictEqual({ a: 1 });
    expect(types(result)).toStrictEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('outputs its Output template with expressions at any depth', async () => {
    const def = machine({
      P: {
        Type: 'Pass',
        Output: { x: '{% $states.input.a + 1 %}', list: [1, '{% $states.input.a %}'], lit: 'text' },
        End: true,
      },
    });
    const result = await run(def, { a: 2 });
    expect(result.output).toStrictEqual({ x: 3, list: [1, 2], lit: 'text' });
  });

  it.each([
    ['a number', 42],
    ['a string', 'plain text'],
    ['an empty array', []],
    ['null', null],
  ])('outputs %s given as Output as it is', async (_, output) => {
    const result = await run(machine({ P: { Type: 'Pass', Output: output, End: true } }), { a: 1 });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toStrictEqual(output);
  });

  it('keeps strings that are not exactly {% … %} as literals, JSONPath-looking ones included', async () => {
    const literals = {
      padded: ' {% $states.input.a %} ',
      variable: '$states.input',
      path: '$.a',
      'key.$': '$',
      context: '$$.Execution.Id',
      intrinsic: "States.Format('{}', 1)",
      quote: '"',
      nested: [{ deep: '$.a' }, '{%$states.input.a%}'],
    };
    const result = await run(machine({ P: { Type: 'Pass', Output: literals, End: true } }), {
      a: 7,
    });
    expect(result.output).toStrictEqual({ ...literals, nested: [{ deep: '$.a' }, 7] });
  });

  it('evaluates regular expression literals, a $ inside them included', async () => {
    const def = machine({
      P: {
        Type: 'Pass',
        Output: {
          dollar: "{% $contains('cost: $12', /\\$\\d+/) %}",
          anchored: "{% $contains('cost: $12', /^\\$/) %}",
        },
        End: true,
      },
    });
    expect((await run(def)).output).toStrictEqual({ dollar: true, anchored: false });
  });

  it('records the input and output as JSON text in the entered and exited events', async () => {
    const result = await run(machine({ P: { Type: 'Pass', Output: { b: 2 }, End: true } }), {
      a: 1,
    });
    const [, entered, exited] = result.events;
    expect(entered?.stateEnteredEventDetails).toStrictEqual({
      name: 'P',
      input: '{"a":1}',
      inputDetails: { truncated: false },
    });
    expect(exited?.stateExitedEventDetails).toStrictEqual({
      name: 'P',
      output: '{"b":2}',
      outputDetails: { truncated: false },
    });
  });

  it('chains previousEventId from event to event', async () => {
    const result = await run(
      machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } }),
    );
    expect(result.events.map((e) => [e.id, e.previousEventId])).toStrictEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 3],
      [5, 4],
      [6, 5],
    ]);
  });

  it('fails with States.QueryEvaluationError naming the field when an expression returns nothing', async () => {
    const def = machine({
      P: { Type: 'Pass', Output: { v: '{% $states.input.absent %}' }, End: true },
    });
    const result = await run(def, {});
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.QueryEvaluationError');
    expect(result.cause).toBe(
      "An error occurred while executing the state 'P' (entered at the event id #2). The JSONata expression '$states.input.absent' specified for the field 'Output/v' returned nothing (undefined).",
    );
    expect(types(result)).toStrictEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'EvaluationFailed',
      'ExecutionFailed',
    ]);
  });

  it('reports the failing field and state in the EvaluationFailed event', async () => {
    const def = machine({ P: { Type: 'Pass', Output: '{% $x + 1 %}', End: true } });
    const result = await run(def, {});
    const evaluation = result.events.find(
      (e) => e.type === 'EvaluationFailed',
    )?.evaluationFailedEventDetails;
    expect(evaluation?.state).toBe('P');
    expect(evaluation?.location).toBe('Output');
    expect(evaluation?.error).toBe('States.QueryEvaluationError');
  });
});
