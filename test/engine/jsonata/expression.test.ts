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

  it('answers random constructors of paths and literals exactly as the jsonata library does', async () => {
    // A fixed-seed generator: the same 500 cases every run.
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)] as T;
    const value = (depth: number): unknown => {
      const r = rnd();
      if (depth > 2 || r < 0.3) return pick([1, 'x', null, true, 0, '', -2.5]);
      if (r < 0.5) return [];
      if (r < 0.75) return Array.from({ length: Math.floor(rnd() * 3) }, () => value(depth + 1));
      const object: Record<string, unknown> = {};
      for (const key of ['a', 'b', 'c']) if (rnd() < 0.6) object[key] = value(depth + 1);
      return object;
    };
    const path = () =>
      pick(['$states.input', '$v']) +
      Array.from({ length: Math.floor(rnd() * 3) }, () => `.${pick(['a', 'b', 'c', 'zz'])}`).join(
        '',
      );
    const expression = (depth: number): string => {
      const r = rnd();
      if (depth > 2 || r < 0.4)
        return rnd() < 0.7 ? path() : pick(['1', '"s"', 'null', 'true', '-3']);
      if (r < 0.7) {
        const keys = ['a', 'b', 'c', 'd'].filter(() => rnd() < 0.6);
        return `{${keys.map((key) => `"${key}": ${expression(depth + 1)}`).join(', ')}}`;
      }
      const items = Array.from({ length: Math.floor(rnd() * 3) }, () => expression(depth + 1));
      return `[${items.join(', ')}]`;
    };
    const c = compiler();
    let fast = 0;
    for (let i = 0; i < 500; i++) {
      const text = expression(0);
      const bindings = { states: { input: value(0) }, v: value(0) };
      const result = c.compile(text).evaluate(bindings);
      if (!(result instanceof Promise)) fast++;
      const reference = await jsonata(text).evaluate(undefined, bindings);
      expect(JSON.stringify(await result), `${text} on ${JSON.stringify(bindings)}`).toBe(
        JSON.stringify(reference),
      );
    }
    expect(fast).toBeGreaterThan(100);
  });
});
