/**
 * Inputs JSON cannot carry fail StartExecution-style (InvalidExecutionInput) naming where, not as
 * States.Runtime "Internal engine error" (issue 14).
 */
import { describe, expect, it } from 'vitest';
import { jsonInputProblem, MAX_JSON_DEPTH } from '../../engine/json.ts';
import { machine, run } from './helpers.ts';

const echo = machine({ P: { Type: 'Pass', Output: '{% $states.input %}', End: true } });
const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

describe('odd execution inputs', () => {
  it('refuses a circular input naming the reference', async () => {
    const input: Record<string, unknown> = { x: 1, list: [1, 2] };
    (input.list as unknown[]).push(input);
    const result = await run(echo, input);
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('InvalidExecutionInput');
    expect(result.cause).toBe(
      'The execution input is not valid JSON: a circular reference at $.list[2]',
    );
  });

  it('refuses a 5,000-deep input naming the limit', async () => {
    const result = await run(echo, nested(5_000));
    expect(result.error).toBe('InvalidExecutionInput');
    expect(result.cause).toMatch(
      /^The execution input is not valid JSON: nesting deeper than 2000 levels \(at \$\.a\.a\.a/,
    );
  });

  it(`runs an input nested exactly ${MAX_JSON_DEPTH} levels`, async () => {
    const result = await run(echo, nested(MAX_JSON_DEPTH - 1));
    expect(result.status).toBe('SUCCEEDED');
  });

  it('refuses a BigInt, which has no JSON text', () => {
    expect(jsonInputProblem({ n: 10n })).toBe('a BigInt at $.n, which JSON cannot represent');
  });

  it('accepts the same object twice when it is not its own ancestor', () => {
    const shared = { k: 1 };
    expect(jsonInputProblem({ a: shared, b: [shared, shared] })).toBeUndefined();
  });
});
