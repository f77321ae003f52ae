import { describe, expect, it } from 'vitest';
import { applySubstitutions } from '../../engine/index.ts';

describe('applySubstitutions', () => {
  it('replaces placeholders in string values at any depth', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: definition-substitution placeholders
    const definition = { a: 'arn:${Fn}', b: ['${Bucket}/x'], c: { d: 1 } };
    expect(applySubstitutions(definition, { Fn: 'f', Bucket: 'data' })).toStrictEqual({
      definition: { a: 'arn:f', b: ['data/x'], c: { d: 1 } },
      problems: [],
    });
  });

  it('reports each placeholder left without a value, with where it is', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a definition-substitution placeholder
    const { problems } = applySubstitutions({ States: { T: { Resource: '${Missing}' } } }, {});
    expect(problems).toStrictEqual([
      `/States/T/Resource: placeholder \${Missing} has no value; pass it in options.substitutions ({ "Missing": '...' })`,
    ]);
  });
});
