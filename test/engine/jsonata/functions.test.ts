import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../engine/index.ts';
import { machine, run } from '../helpers.ts';

/** Evaluates one expression in a Pass state's Output and returns the result (or the failure). */
async function evaluate(expression: string, input: unknown = {}) {
  const result = await run(
    machine({ E: { Type: 'Pass', Output: `{% ${expression} %}`, End: true } }),
    input,
  );
  return result.status === 'SUCCEEDED'
    ? { value: result.output }
    : { error: result.error, cause: result.cause };
}

describe('JSONata functions Step Functions adds', () => {
  it('$partition splits an array into chunks, the last one holding the rest', async () => {
    expect(await evaluate('$partition([1,2,3,4,5], 2)')).toStrictEqual({
      value: [[1, 2], [3, 4], [5]],
    });
  });

  it('$partition rounds a fractional chunk size down', async () => {
    expect(await evaluate('$partition([1,2,3], 2.9)')).toStrictEqual({ value: [[1, 2], [3]] });
  });

  it('$range counts from start to end inclusive by step', async () => {
    expect(await evaluate('$range(0, 10, 5)')).toStrictEqual({ value: [0, 5, 10] });
    expect(await evaluate('$range(3, 1, -1)')).toStrictEqual({ value: [3, 2, 1] });
  });

  it('$range collapses a single value to the bare number', async () => {
    expect(await evaluate('$range(1, 9, 9)')).toStrictEqual({ value: 1 });
  });

  it('$hash digests a string with the named algorithm', async () => {
    expect(await evaluate("$hash('abc', 'SHA-256')")).toStrictEqual({
      value: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
    expect(await evaluate("$hash('abc', 'MD5')")).toStrictEqual({
      value: '900150983cd24fb0d6963f7d28e17f72',
    });
  });

  it('$hash refuses an unknown algorithm with States.QueryEvaluationError', async () => {
    const result = await evaluate("$hash('abc', 'sha-256')");
    expect(result.error).toBe('States.QueryEvaluationError');
    expect(result.cause).toContain(
      '$hash algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512',
    );
  });

  it('$random with a seed returns the same number in [0, 1) every time', async () => {
    const a = await evaluate('$random(7)');
    const b = await evaluate('$random(7)');
    expect(a).toStrictEqual(b);
    expect(a.value).toBe(seededRandom(7));
    expect(a.value).toBeGreaterThanOrEqual(0);
    expect(a.value).toBeLessThan(1);
    expect((await evaluate('$random(8)')).value).not.toBe(a.value);
  });

  it('$random without a seed draws from the injected random source', async () => {
    const result = await run(
      machine({ E: { Type: 'Pass', Output: '{% $random() %}', End: true } }),
      {},
      { random: () => 0.125 },
    );
    expect(result.output).toBe(0.125);
  });

  it('$uuid returns a v4 UUID', async () => {
    expect((await evaluate('$uuid()')).value).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('$parse deserialises a JSON string', async () => {
    expect(await evaluate('$parse($states.input.s)', { s: '{"a":[1,true]}' })).toStrictEqual({
      value: { a: [1, true] },
    });
  });

  it('$parse fails with States.QueryEvaluationError on text that is not JSON', async () => {
    expect((await evaluate("$parse('{bad')")).error).toBe('States.QueryEvaluationError');
  });

  it('refuses $eval as Step Functions does: the name is not a function there', async () => {
    const result = await evaluate("$eval('1 + 1')");
    expect(result.error).toBe('States.QueryEvaluationError');
    expect(result.cause).toContain('T1006: Attempted to invoke a non-function');
  });

  it('keeps JSONata’s own functions', async () => {
    expect(await evaluate("$uppercase('x') & $string($sum([1,2]))")).toStrictEqual({ value: 'X3' });
  });
});
