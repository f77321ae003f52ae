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
    '$states.input.missing',
    '$states.input.a.missing.deeper',
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

  const constructors = [
    '{"id": $states.input.a, "ok": $states.input.a.b}',
    '{"a": {"b": $states.input.a.b, "n": null, "t": true}, "s": "x", "1": 1}',
    '{}',
    '[]',
    '[$states.input.a.b]',
    '[[$states.input.a.b], $states.input.a, 2]',
    '[$v, "x", {"k": $v.x}]',
    '{"list": [$states.input.a], "same": $states.input}',
    '"text"',
    '3',
    'null',
  ];

  it.each(constructors)(
    'answers the constructor %s exactly as the jsonata library does',
    async (text) => {
      const c = compiler();
      for (const input of inputs) {
        const bindings = { states: { input }, v: input };
        const fast = await c.compile(text).evaluate(bindings);
        const reference = await jsonata(text).evaluate(undefined, bindings);
        expect(JSON.stringify(fast), `${text} on ${JSON.stringify(input)}`).toBe(
          JSON.stringify(reference),
        );
      }
    },
  );

  it('builds constructors of plain paths and literals without the async evaluator', () => {
    const c = compiler();
    const bindings = { states: { input: { id: 7, ok: true, tag: 't' } } };
    expect(
      c
        .compile(
          '{"id": $states.input.id, "ok": $states.input.ok, "tags": [$states.input.tag, "x"], "none": $states.input.missing}',
        )
        .evaluate(bindings),
    ).toEqual({ id: 7, ok: true, tags: ['t', 'x'] });
  });

  it('leaves duplicate keys to jsonata, which fails them', async () => {
    const c = compiler();
    const result = c.compile('{"a": 1, "a": 2}').evaluate({ states: { input: {} } });
    expect(result).toBeInstanceOf(Promise);
    await expect(result).rejects.toMatchObject({ code: 'D1009' });
  });
});
