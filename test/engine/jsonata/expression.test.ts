import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { ExpressionCompiler } from '../../../engine/jsonata/expression.ts';

const compiler = () => new ExpressionCompiler({ random: () => 0.5, nowMs: () => 0 });

describe('expression compilation', () => {
  it('compiles an expression text once and reuses it', () => {
    const c = compiler();
    const a = c.compile('$states.input.a');
    expect(c.compile('$states.input.a')).toBe(a);
    expect(c.size).toBe(1);
  });

  const inputs: unknown[] = [
    { a: { b: 1 } },
    { a: { b: [1, 2] } },
    { a: { b: [[1], 2] } },
    { a: [{ b: 1 }, { b: 2 }] },
    { a: { b: null } },
    { a: 'text' },
    { a: [] },
    { a: { constructor: 5 } },
    [1, 2],
    'scalar',
    {},
  ];
  const paths = [
    '$states.input',
    '$states.input.a',
    '$states.input.a.b',
    '$states.input.a.constructor',
    '$v.x',
    '$v',
  ];

  it.each(paths)('answers the plain path %s exactly as the jsonata library does', async (path) => {
    const c = compiler();
    for (const input of inputs) {
      const bindings = { states: { input }, v: input };
      const fast = await c.compile(path).evaluate(bindings);
      const reference = await jsonata(path).evaluate(undefined, bindings);
      expect(JSON.stringify(fast), `${path} on ${JSON.stringify(input)}`).toBe(
        JSON.stringify(reference),
      );
    }
  });
});
