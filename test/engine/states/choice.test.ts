import { describe, expect, it } from 'vitest';
import { machine, run, types } from '../helpers.ts';

const choice = machine({
  C: {
    Type: 'Choice',
    Choices: [
      {
        Condition: '{% $states.input.n > 10 %}',
        Next: 'Big',
        Output: { size: 'big' },
        Assign: { picked: 'big' },
      },
      { Condition: '{% $states.input.n > 5 %}', Next: 'Medium' },
    ],
    Default: 'Small',
    Output: { size: 'default' },
  },
  Big: { Type: 'Pass', Output: { out: '{% $states.input %}', picked: '{% $picked %}' }, End: true },
  Medium: { Type: 'Pass', End: true },
  Small: { Type: 'Pass', End: true },
});

describe('Choice state', () => {
  it('takes the first rule whose Condition is true, with that rule’s Output and Assign', async () => {
    const result = await run(choice, { n: 20 });
    expect(result.output).toStrictEqual({ out: { size: 'big' }, picked: 'big' });
    expect(types(result)).toStrictEqual([
      'ExecutionStarted',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('passes its input through a matched rule without Output', async () => {
    const result = await run(choice, { n: 7 });
    expect(result.output).toStrictEqual({ n: 7 });
  });

  it('takes Default with the state’s own Output when no rule matches', async () => {
    const result = await run(choice, { n: 1 });
    expect(result.output).toStrictEqual({ size: 'default' });
  });

  it('fails with States.Runtime when no rule matches and there is no Default (AWS reserves NoChoiceMatched)', async () => {
    const def = machine({
      C: { Type: 'Choice', Choices: [{ Condition: '{% false %}', Next: 'X' }] },
      X: { Type: 'Pass', End: true },
    });
    const result = await run(def);
    expect(result.error).toBe('States.Runtime');
    expect(result.cause).toMatch(
      /^An error occurred while executing the state 'C' \(entered at the event id #2\)\. No Choice rule matched/,
    );
    expect(types(result)).toStrictEqual([
      'ExecutionStarted',
      'ChoiceStateEntered',
      'ExecutionFailed',
    ]);
  });

  it('fails with States.QueryEvaluationError when a Condition is not a boolean', async () => {
    const def = machine({
      C: {
        Type: 'Choice',
        Choices: [{ Condition: '{% $states.input.n %}', Next: 'X' }],
        Default: 'X',
      },
      X: { Type: 'Pass', End: true },
    });
    const result = await run(def, { n: 1 });
    expect(result.error).toBe('States.QueryEvaluationError');
    expect(result.cause).toContain(
      "specified for the field 'Choices[0]/Condition' returned an unexpected result type. Expected 'boolean', but was 'number' for value: 1",
    );
  });

  it('accepts a literal boolean Condition', async () => {
    const def = machine({
      C: { Type: 'Choice', Choices: [{ Condition: true, Next: 'X' }] },
      X: { Type: 'Pass', Output: 'x', End: true },
    });
    expect((await run(def)).output).toBe('x');
  });
});
