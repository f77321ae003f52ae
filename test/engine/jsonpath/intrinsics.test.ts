/**
 * Intrinsic functions of JSONPath states, from the AWS documentation ("Intrinsic functions for
 * JSONPath states"): each function's result and its argument rules (States.IntrinsicFailure).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers.ts';
import { intrinsic, pathMachine } from './helpers.ts';

async function value(call: string, input: unknown = {}): Promise<unknown> {
  const result = await intrinsic(call, input);
  expect(result.status, result.cause).toBe('SUCCEEDED');
  return (result.output as { value: unknown }).value;
}

async function failure(call: string, input: unknown = {}) {
  const result = await intrinsic(call, input);
  expect(result.status).toBe('FAILED');
  return result;
}

describe('States.Format', () => {
  it('fills {} placeholders in order, with literals, paths and escapes', async () => {
    expect(await value("States.Format('Hello, my name is {}.', $.name)", { name: 'Ada' })).toBe(
      'Hello, my name is Ada.',
    );
    expect(await value("States.Format('{} + {} = {}', 1, 2.5, true)")).toBe('1 + 2.5 = true');
    expect(await value("States.Format('braces \\{\\} and {}', null)")).toBe('braces {} and null');
    expect(await value("States.Format('it\\'s {}', 'fine')")).toBe("it's fine");
  });

  it('prints objects and arrays as Java does ({a=1, b=[x, y]})', async () => {
    expect(await value("States.Format('{}', $.o)", { o: { a: 1, b: ['x', 'y'] } })).toBe(
      '{a=1, b=[x, y]}',
    );
  });

  it('fails with States.IntrinsicFailure when placeholders and values differ in number', async () => {
    const result = await failure("States.Format('{} {}', 'one')");
    expect(result.error).toBe('States.IntrinsicFailure');
  });
});

describe('JSON functions', () => {
  it('States.StringToJson parses, States.JsonToString serialises compactly', async () => {
    expect(await value('States.StringToJson($.s)', { s: '{"a":[1,2]}' })).toStrictEqual({
      a: [1, 2],
    });
    expect(await value('States.JsonToString($.o)', { o: { a: [1, 'x'] } })).toBe('{"a":[1,"x"]}');
  });

  it('States.JsonMerge merges shallowly (the second wins) and refuses a deep merge', async () => {
    const input = { a: { x: 1, n: { p: 1 } }, b: { y: 2, n: { q: 2 } } };
    expect(await value('States.JsonMerge($.a, $.b, false)', input)).toStrictEqual({
      x: 1,
      y: 2,
      n: { q: 2 },
    });
    expect((await failure('States.JsonMerge($.a, $.b, true)', input)).error).toBe(
      'States.IntrinsicFailure',
    );
  });
});

describe('array functions', () => {
  it('States.Array builds an array of its arguments', async () => {
    expect(await value("States.Array('a', 1, $.x, States.Array())", { x: { k: 1 } })).toStrictEqual(
      ['a', 1, { k: 1 }, []],
    );
  });

  it('States.ArrayPartition chunks, the last chunk shorter', async () => {
    expect(await value('States.ArrayPartition($.a, 2)', { a: [1, 2, 3, 4, 5] })).toStrictEqual([
      [1, 2],
      [3, 4],
      [5],
    ]);
    expect(await value('States.ArrayPartition($.a, 3)', { a: [] })).toStrictEqual([]);
    expect((await failure('States.ArrayPartition($.a, 0)', { a: [1] })).error).toBe(
      'States.IntrinsicFailure',
    );
  });

  it('States.ArrayContains compares by value', async () => {
    const input = { a: [1, { k: [2] }, 'x'] };
    expect(await value('States.ArrayContains($.a, $.v)', { ...input, v: { k: [2] } })).toBe(true);
    expect(await value("States.ArrayContains($.a, 'y')", input)).toBe(false);
  });

  it('States.ArrayRange is inclusive, steps either way, at most 1000 items', async () => {
    expect(await value('States.ArrayRange(1, 9, 2)')).toStrictEqual([1, 3, 5, 7, 9]);
    expect(await value('States.ArrayRange(5, 1, -2)')).toStrictEqual([5, 3, 1]);
    expect((await failure('States.ArrayRange(1, 2000, 1)')).error).toBe('States.IntrinsicFailure');
    expect((await failure('States.ArrayRange(1, 5, 0)')).error).toBe('States.IntrinsicFailure');
  });

  it('States.ArrayGetItem, States.ArrayLength, States.ArrayUnique', async () => {
    const input = { a: ['x', 'y', 'x', { k: 1 }, { k: 1 }] };
    expect(await value('States.ArrayGetItem($.a, 1)', input)).toBe('y');
    expect(await value('States.ArrayLength($.a)', input)).toBe(5);
    expect(await value('States.ArrayUnique($.a)', input)).toStrictEqual(['x', 'y', { k: 1 }]);
    expect((await failure('States.ArrayGetItem($.a, 9)', input)).error).toBe(
      'States.IntrinsicFailure',
    );
    expect((await failure("States.ArrayLength('no')")).error).toBe('States.IntrinsicFailure');
  });
});

describe('encoding, hashing, math, strings, UUID', () => {
  it('States.Base64Encode and States.Base64Decode', async () => {
    expect(await value("States.Base64Encode('Data to encode')")).toBe('RGF0YSB0byBlbmNvZGU=');
    expect(await value("States.Base64Decode('RGF0YSB0byBkZWNvZGU=')")).toBe('Data to decode');
    expect((await failure('States.Base64Encode($.s)', { s: 'x'.repeat(10_001) })).error).toBe(
      'States.IntrinsicFailure',
    );
  });

  it('States.Hash with each algorithm, refusing others', async () => {
    for (const [algorithm, node] of [
      ['MD5', 'md5'],
      ['SHA-1', 'sha1'],
      ['SHA-256', 'sha256'],
      ['SHA-384', 'sha384'],
      ['SHA-512', 'sha512'],
    ] as const) {
      expect(await value(`States.Hash('input data', '${algorithm}')`)).toBe(
        createHash(node).update('input data').digest('hex'),
      );
    }
    expect((await failure("States.Hash('x', 'SHA-3')")).error).toBe('States.IntrinsicFailure');
  });

  it('States.MathAdd rounds each operand to the nearest integer (halves up)', async () => {
    expect(await value('States.MathAdd(111, -1)')).toBe(110);
    expect(await value('States.MathAdd($.a, $.b)', { a: 1.5, b: 1.49 })).toBe(3);
    expect(await value('States.MathAdd($.a, 0)', { a: -1.5 })).toBe(-1);
  });

  it('States.MathRandom draws an integer in [start, end), the same for the same seed', async () => {
    const drawn = (await value('States.MathRandom(1, 10)')) as number;
    expect(Number.isInteger(drawn) && drawn >= 1 && drawn < 10).toBe(true);
    const seeded = await value('States.MathRandom(1, 1000, 7)');
    expect(await value('States.MathRandom(1, 1000, 7)')).toBe(seeded);
    expect((await failure('States.MathRandom(5, 5)')).error).toBe('States.IntrinsicFailure');
  });

  it('States.StringSplit splits on every delimiter character and drops empty pieces', async () => {
    expect(await value("States.StringSplit('1,2,,3', ',')")).toStrictEqual(['1', '2', '3']);
    expect(await value("States.StringSplit('a-b+c', '-+')")).toStrictEqual(['a', 'b', 'c']);
  });

  it('States.UUID gives a v4 UUID', async () => {
    expect(await value('States.UUID()')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('nests calls and reads the Context object and variables', async () => {
    const result = await run(
      pathMachine({
        Setup: { Type: 'Pass', Assign: { sep: '-' }, Next: 'P-1' },
        'P-1': {
          Type: 'Pass',
          Parameters: {
            'value.$': 'States.ArrayGetItem(States.StringSplit($$.State.Name, $sep), 0)',
          },
          End: true,
        },
      }),
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toStrictEqual({ value: 'P' });
  });

  it('fails with States.Runtime when an argument path finds nothing', async () => {
    const result = await failure('States.ArrayLength($.missing)');
    expect(result.error).toBe('States.Runtime');
    expect(result.cause).toContain("The JSONPath '$.missing' specified for the field 'value.$'");
  });
});
