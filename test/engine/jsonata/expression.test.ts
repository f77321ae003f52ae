import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { boundedDepth, ExpressionCompiler } from '../../../engine/jsonata/expression.ts';
import type { ExprNode } from '../../../engine/jsonata/types.ts';

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

  const depthOf = (text: string) => boundedDepth(jsonata(text).ast() as unknown as ExprNode);

  it.each([
    '$states.input.a + 1',
    '{"a": $states.input.items[id > 5].ticker, "n": -$states.input.n}',
    '($x := $states.input.a; $x.b & "!")',
    '$states.input.a ? [1, 2] : "no"',
    '$states.input.items[0].*',
  ])('runs %s without the evaluation budget (it cannot recurse or loop)', (text) => {
    expect(depthOf(text)).toBeGreaterThan(0);
  });

  it.each([
    '$count($states.input)',
    '( $f := function($x){ $f($x) }; $f(1) )',
    '[1..10]',
    '$states.input.items.$states.input.items',
    '$states.input.items[$states.input.x]',
    '$states.input.**',
    '$states.input ~> $string',
    '$states.input.a{"k": b}',
    '$states.input.a^(b)',
    '$states.input.a#$i',
  ])('keeps the evaluation budget for %s', (text) => {
    expect(depthOf(text)).toBeUndefined();
  });

  it('keeps the budget for a bounded expression when the depth budget is tiny', async () => {
    const tiny = new ExpressionCompiler({ random: () => 0.5, nowMs: () => 0 }, { maxDepth: 2 });
    const bindings = { states: { input: { a: 1, b: 2 } } };
    await expect(
      tiny.compile('$states.input.a + $states.input.b').evaluate(bindings),
    ).rejects.toMatchObject({ code: 'U1001' });
    expect(await compiler().compile('$states.input.a + $states.input.b').evaluate(bindings)).toBe(
      3,
    );
  });
});
