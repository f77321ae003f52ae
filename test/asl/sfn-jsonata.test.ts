import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../asl/sfn-functions.ts';
import { evaluateExpression } from '../../asl/sfn-jsonata.ts';

const evaluate = (source: string, input: unknown = {}) =>
  evaluateExpression(`{% ${source} %}`, { input });

describe('evaluateExpression (build-time Step Functions JSONata)', () => {
  it('$partition with a chunk size of 0 returns nothing, as the engine does', async () => {
    expect(await evaluate('$partition([1, 2, 3], 0)')).toBeUndefined();
  });

  it('$range collapses a single value to the bare number, as the engine does', async () => {
    expect(await evaluate('$range(1, 9, 9)')).toBe(1);
  });

  it('$random(seed) draws the number the engine draws for that seed', async () => {
    expect(await evaluate('$random(7)')).toBe(seededRandom(7));
  });

  it('refuses $eval as Step Functions does', async () => {
    await expect(evaluate("$eval('1 + 1')")).rejects.toMatchObject({ code: 'T1006' });
  });

  it('$parse reads JSON text from the input', async () => {
    expect(await evaluate('$parse($states.input.s)', { s: '{"a":[1,true]}' })).toStrictEqual({
      a: [1, true],
    });
  });
});
