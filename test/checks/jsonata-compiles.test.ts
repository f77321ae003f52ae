import { describe, expect, it } from 'vitest';
import { jsonataCompiles } from '../../checks/jsonata-compiles.ts';
import { at, broken, distributedBuild, inlineBuild, inner } from './helpers.ts';

const run = (d = inlineBuild.definition) =>
  jsonataCompiles.run(d, inlineBuild.checkContext) as string[];

describe('jsonata-compiles check', () => {
  it('passes both pipeline variants', () => {
    expect([run(), run(distributedBuild.definition)]).toStrictEqual([[], []]);
  });

  it('fails on an expression that does not compile, naming state and field', () => {
    const d = broken(inlineBuild.definition, (c) => {
      inner(c, 'DownloadTicker').Output = "{% { 'ticker': $states.input.ticker %}";
    });
    const problems = run(d);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^Map 'DownloadTickers' ItemProcessor: Task 'DownloadTicker': Output: JSONata syntax error at position \d+/,
    );
  });

  it('fails on an expression without the canonical spaces', () => {
    const d = broken(inlineBuild.definition, (c) => {
      (at(c, 'Train').Arguments as { ClusterId: string }).ClusterId = '{%$clusterId%}';
    });
    expect(run(d)).toStrictEqual([
      `State machine: Task 'Train': Arguments.ClusterId: not in the form '{% expr %}' (one space inside each delimiter): "{%$clusterId%}"`,
    ]);
  });
});
