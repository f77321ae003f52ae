/**
 * JSONPath Choice rules, from the AWS documentation ("Choice workflow state": Variable,
 * comparison operators and their ...Path variants, And/Or/Not, Is* tests, StringMatches).
 */
import { describe, expect, it } from 'vitest';
import { run } from '../helpers.ts';
import { pathMachine } from './helpers.ts';

/** Which branch a single rule picks for an input: 'yes' when it matches, else 'no'. */
async function pick(rule: Record<string, unknown>, input: unknown): Promise<unknown> {
  const result = await run(
    pathMachine({
      C: { Type: 'Choice', Choices: [{ ...rule, Next: 'Yes' }], Default: 'No' },
      Yes: { Type: 'Pass', Result: 'yes', End: true },
      No: { Type: 'Pass', Result: 'no', End: true },
    }),
    input,
  );
  expect(result.status, result.cause).toBe('SUCCEEDED');
  return result.output;
}

describe('JSONPath Choice comparisons', () => {
  it.each([
    ['StringEquals', 'b', 'b', 'yes'],
    ['StringEquals', 'b', 'c', 'no'],
    ['StringLessThan', 'a', 'b', 'yes'],
    ['StringGreaterThan', 'a', 'b', 'no'],
    ['StringLessThanEquals', 'b', 'b', 'yes'],
    ['StringGreaterThanEquals', 'c', 'b', 'yes'],
    ['NumericEquals', 1, 1, 'yes'],
    ['NumericEquals', 1.5, 1, 'no'],
    ['NumericLessThan', 1, 2, 'yes'],
    ['NumericGreaterThan', 3, 2, 'yes'],
    ['NumericLessThanEquals', 2, 2, 'yes'],
    ['NumericGreaterThanEquals', 1, 2, 'no'],
    ['BooleanEquals', true, true, 'yes'],
    ['BooleanEquals', false, true, 'no'],
    ['TimestampEquals', '2024-01-01T00:00:00Z', '2024-01-01T01:00:00+01:00', 'yes'],
    ['TimestampLessThan', '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', 'yes'],
    ['TimestampGreaterThan', '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', 'no'],
    ['TimestampLessThanEquals', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'yes'],
    ['TimestampGreaterThanEquals', '2024-01-03T00:00:00Z', '2024-01-02T00:00:00Z', 'yes'],
  ])(
    '%s: %j against %j picks %s, and so does its Path variant',
    async (op, actual, other, expected) => {
      expect(await pick({ Variable: '$.v', [op]: other }, { v: actual })).toBe(expected);
      expect(await pick({ Variable: '$.v', [`${op}Path`]: '$.o' }, { v: actual, o: other })).toBe(
        expected,
      );
    },
  );

  it('is false, not an error, when the value has another type', async () => {
    expect(await pick({ Variable: '$.v', NumericEquals: 1 }, { v: '1' })).toBe('no');
    expect(await pick({ Variable: '$.v', StringEquals: '1' }, { v: 1 })).toBe('no');
    expect(
      await pick({ Variable: '$.v', TimestampEquals: '2024-01-01T00:00:00Z' }, { v: 'x' }),
    ).toBe('no');
  });

  it('StringMatches: * is a wildcard, \\* a literal star', async () => {
    expect(await pick({ Variable: '$.v', StringMatches: 'log-*.txt' }, { v: 'log-1.txt' })).toBe(
      'yes',
    );
    expect(await pick({ Variable: '$.v', StringMatches: 'a\\*' }, { v: 'a*' })).toBe('yes');
    expect(await pick({ Variable: '$.v', StringMatches: 'a\\*' }, { v: 'ab' })).toBe('no');
  });

  it('And, Or and Not combine rules', async () => {
    const rule = {
      And: [
        { Variable: '$.n', NumericGreaterThan: 1 },
        {
          Or: [
            { Variable: '$.s', StringEquals: 'x' },
            { Not: { Variable: '$.b', IsPresent: true } },
          ],
        },
      ],
    };
    expect(await pick(rule, { n: 2, s: 'x' })).toBe('yes');
    expect(await pick(rule, { n: 2, s: 'y' })).toBe('yes');
    expect(await pick(rule, { n: 2, s: 'y', b: 1 })).toBe('no');
    expect(await pick(rule, { n: 1, s: 'x' })).toBe('no');
  });

  it.each([
    ['IsPresent', { v: null }, 'yes'],
    ['IsNull', { v: null }, 'yes'],
    ['IsNumeric', { v: 1.5 }, 'yes'],
    ['IsString', { v: '' }, 'yes'],
    ['IsBoolean', { v: false }, 'yes'],
    ['IsTimestamp', { v: '2024-05-01T10:00:00Z' }, 'yes'],
    ['IsTimestamp', { v: '2024-13-01T10:00:00Z' }, 'no'],
    ['IsNumeric', { v: '1' }, 'no'],
  ])('%s on %j picks %s', async (op, input, expected) => {
    expect(await pick({ Variable: '$.v', [op]: true }, input)).toBe(expected);
    expect(await pick({ Variable: '$.v', [op]: false }, input)).toBe(
      expected === 'yes' ? 'no' : 'yes',
    );
  });

  it('IsPresent is false for a missing value; other operators fail with States.Runtime', async () => {
    expect(await pick({ Variable: '$.missing', IsPresent: false }, {})).toBe('yes');
    const result = await run(
      pathMachine({
        C: {
          Type: 'Choice',
          Choices: [{ Variable: '$.missing', NumericEquals: 1, Next: 'D' }],
          Default: 'D',
        },
        D: { Type: 'Succeed' },
      }),
      {},
    );
    expect(result.error).toBe('States.Runtime');
    expect(result.cause).toContain("Invalid path '$.missing'");
  });

  it('reads variables in Variable and applies InputPath/OutputPath around the rules', async () => {
    const result = await run(
      pathMachine({
        S: { Type: 'Pass', Assign: { limit: 3 }, Next: 'C' },
        C: {
          Type: 'Choice',
          InputPath: '$.data',
          OutputPath: '$.n',
          Choices: [{ Variable: '$.n', NumericLessThanEqualsPath: '$limit', Next: 'Small' }],
          Default: 'Big',
        },
        Small: { Type: 'Succeed' },
        Big: { Type: 'Pass', Result: 'big', End: true },
      }),
      { data: { n: 2 } },
    );
    expect(result.output).toBe(2);
  });

  it('applies a matched rule Assign', async () => {
    const result = await run(
      pathMachine({
        C: {
          Type: 'Choice',
          Choices: [
            { Variable: '$.n', NumericEquals: 1, Assign: { 'picked.$': '$.n' }, Next: 'D' },
          ],
          Default: 'D',
        },
        D: { Type: 'Pass', Parameters: { 'picked.$': '$picked' }, End: true },
      }),
      { n: 1 },
    );
    expect(result.output).toStrictEqual({ picked: 1 });
  });
});
