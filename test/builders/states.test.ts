import { describe, expect, it } from 'vitest';
import { choice } from '../../builders/choice.ts';
import { fail } from '../../builders/fail.ts';
import { expr } from '../../builders/jsonata.ts';
import { parallel } from '../../builders/parallel.ts';
import { pass } from '../../builders/pass.ts';
import { fragment } from '../../builders/state-machine.ts';
import { succeed } from '../../builders/succeed.ts';
import { wait } from '../../builders/wait.ts';

describe('pass', () => {
  it('emits a Pass with Output and Assign', () => {
    expect(pass('P', { Assign: { x: 1 }, Output: expr('$x'), Next: 'Q' }).state).toStrictEqual({
      Type: 'Pass',
      Output: '{% $x %}',
      Assign: { x: 1 },
      Next: 'Q',
    });
  });

  it('throws when both Next and End are given', () => {
    expect(() => pass('P', { Next: 'Q', End: true } as never)).toThrow(
      "Pass 'P': exactly one of Next or End: true is required",
    );
  });
});

describe('choice', () => {
  it('emits rules with Condition first', () => {
    const built = choice('C', {
      Choices: [{ Next: 'A', Condition: expr('$x > 1') }],
      Default: 'B',
    });
    expect(built.state).toStrictEqual({
      Type: 'Choice',
      Choices: [{ Condition: '{% $x > 1 %}', Next: 'A' }],
      Default: 'B',
    });
    expect(Object.keys(built.state.Choices[0] ?? {})).toStrictEqual(['Condition', 'Next']);
  });

  it('throws on a JSONPath rule without Condition', () => {
    expect(() =>
      choice('C', { Choices: [{ Variable: '$.x', NumericEquals: 1, Next: 'A' } as never] }),
    ).toThrow(
      "Choice 'C': Choices[0]: Condition must be a '{% expr %}' string or a boolean, got undefined",
    );
  });

  it('throws on an empty Choices list', () => {
    expect(() => choice('C', { Choices: [] })).toThrow(
      "Choice 'C': Choices must list at least one rule",
    );
  });
});

describe('wait', () => {
  it('emits a Wait with Seconds', () => {
    expect(wait('W', { Seconds: 5, Next: 'N' }).state).toStrictEqual({
      Type: 'Wait',
      Seconds: 5,
      Next: 'N',
    });
  });

  it('throws on negative Seconds', () => {
    expect(() => wait('W', { Seconds: -1, Next: 'N' })).toThrow(
      "Wait 'W': Seconds must be an integer >= 0, got -1",
    );
  });

  it('throws on a Timestamp that is neither RFC 3339 nor an expression', () => {
    expect(() => wait('W', { Timestamp: 'tomorrow', Next: 'N' })).toThrow(
      `Wait 'W': Timestamp must be an RFC 3339 timestamp or a '{% expr %}', got "tomorrow"`,
    );
  });

  it('throws when both Seconds and Timestamp are given', () => {
    expect(() =>
      wait('W', { Seconds: 1, Timestamp: '2026-01-01T00:00:00Z', Next: 'N' } as never),
    ).toThrow("Wait 'W': exactly one of Seconds or Timestamp is required");
  });
});

describe('succeed and fail', () => {
  it('emits a Succeed with Output', () => {
    expect(succeed('Done', { Output: expr('$x') }).state).toStrictEqual({
      Type: 'Succeed',
      Output: '{% $x %}',
    });
  });

  it('emits a Fail whose Error and Cause are expressions', () => {
    expect(fail('F', { Error: expr('$e.Error'), Cause: expr('$e.Cause') }).state).toStrictEqual({
      Type: 'Fail',
      Error: '{% $e.Error %}',
      Cause: '{% $e.Cause %}',
    });
  });

  it('throws on an empty Error', () => {
    expect(() => fail('F', { Error: '' })).toThrow(
      `Fail 'F': Error must be a non-empty string, got ""`,
    );
  });
});

describe('parallel', () => {
  it('emits branches built as fragments', () => {
    const branch = fragment({ startAt: 'A', states: [pass('A', { End: true })] });
    expect(parallel('Both', { Branches: [branch], Next: 'N' }).state).toStrictEqual({
      Type: 'Parallel',
      Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }],
      Next: 'N',
    });
  });

  it('throws on no branches', () => {
    expect(() => parallel('Both', { Branches: [], Next: 'N' })).toThrow(
      "Parallel 'Both': Branches must list at least one branch",
    );
  });
});
