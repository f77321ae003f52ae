import { describe, expect, it } from 'vitest';
import { placeholdersDeclared } from '../../checks/placeholders.ts';
import { at, broken, distributedBuild, inlineBuild } from './helpers.ts';

const run = (d = inlineBuild.definition, placeholders = inlineBuild.checkContext.placeholders) =>
  placeholdersDeclared.run(d, { ...inlineBuild.checkContext, placeholders });

describe('placeholders check', () => {
  it('passes both pipeline variants with PIPELINE_PLACEHOLDERS', () => {
    expect([run(), run(distributedBuild.definition)]).toStrictEqual([[], []]);
  });

  it('fails on an undeclared placeholder and a malformed one', () => {
    const d = broken(inlineBuild.definition, (c) => {
      (at(c, 'Train').Arguments as Record<string, unknown>).ClusterId = '${ClusterIdParam}';
      at(c, 'CreateCluster').Comment = 'see ${}';
    });
    expect(run(d)).toStrictEqual([
      'malformed placeholder "${}" (want ${Name})',
      'placeholder ${ClusterIdParam} is used but not declared',
    ]);
  });

  it('fails on a declared placeholder nothing uses', () => {
    expect(
      run(inlineBuild.definition, [...inlineBuild.checkContext.placeholders, 'EmrAutoScalingRole']),
    ).toStrictEqual(['placeholder ${EmrAutoScalingRole} is declared but never used']);
  });
});
