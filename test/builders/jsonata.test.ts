import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import {
  assertExpressionsCompile,
  expr,
  expressionProblem,
  findExpressions,
  literal,
} from '../../builders/jsonata.ts';

describe('expr', () => {
  it('wraps a source with one space inside each delimiter', () => {
    expect(expr('$states.input')).toBe('{% $states.input %}');
  });

  it('collapses line breaks and indentation to single spaces', () => {
    expect(
      expr(`{
      'a': 1,
      'b': 2
    }`),
    ).toBe("{% { 'a': 1, 'b': 2 } %}");
  });

  it('refuses an empty expression', () => {
    expect(() => expr('  ')).toThrow('empty JSONata expression');
  });

  it("refuses '%}' inside the expression", () => {
    expect(() => expr("'50%}'")).toThrow("'%}' may not appear");
  });
});

describe('literal', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", '"it\'s"'],
    [['a', 1, null, true], "['a', 1, null, true]"],
    [{ k: 'v' }, "{ 'k': 'v' }"],
  ])('writes %j as %s', (value, source) => {
    expect(literal(value)).toBe(source);
  });

  it('round-trips through jsonata for strings with quotes, backslashes and newlines', async () => {
    const values = ["it's", 'a"b', 'back\\slash', 'line\nbreak'];
    const back = await Promise.all(values.map((v) => jsonata(literal(v)).evaluate(null)));
    expect(back).toStrictEqual(values);
  });
});

describe('expressionProblem', () => {
  it('accepts a well-formed expression', () => {
    expect(expressionProblem('{% $count([1, 2]) %}')).toBeUndefined();
  });

  it('reports a syntax error with its position', () => {
    expect(expressionProblem('{% $count([1, 2] %}')).toMatch(
      /JSONata syntax error at position \d+/,
    );
  });

  it('rejects an expression without the spaces inside the delimiters', () => {
    expect(expressionProblem('{%$states.input%}')).toMatch("not in the form '{% expr %}'");
  });
});

describe('findExpressions', () => {
  it('finds expressions at any depth with their paths, and nothing else', () => {
    const found = findExpressions({ a: '{% 1 %}', b: ['x', { c: '{% 2 %}' }], d: 3 }, 'Arguments');
    expect(found).toStrictEqual([
      { path: 'Arguments.a', value: '{% 1 %}' },
      { path: 'Arguments.b[1].c', value: '{% 2 %}' },
    ]);
  });
});

describe('assertExpressionsCompile', () => {
  it('names the state and the field of the expression that does not compile', () => {
    expect(() =>
      assertExpressionsCompile("Task 'Download'", 'Arguments', {
        Payload: { ticker: '{% $states.input. %}' },
      }),
    ).toThrow(/^Task 'Download': Arguments\.Payload\.ticker: JSONata syntax error/);
  });
});
