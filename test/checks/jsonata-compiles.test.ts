import { describe, expect, it } from 'vitest';
import { jsonataCompiles } from '../../checks/jsonata-compiles.ts';
import {
  at,
  broken,
  distributedBuild,
  inlineBuild,
  inner,
  pipelineBuild,
  trainBuild,
} from './helpers.ts';

const run = (d = inlineBuild.definition) =>
  jsonataCompiles.run(d, inlineBuild.checkContext) as string[];

describe('jsonata-compiles check', () => {
  it('passes both collect-bars variants and train-model', () => {
    expect([run(), run(distributedBuild.definition), run(trainBuild.definition)]).toStrictEqual([
      [],
      [],
      [],
    ]);
  });

  it("passes the composed pipeline, its children's inputs and the failure it rethrows", () => {
    expect(run(pipelineBuild.definition)).toStrictEqual([]);
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

  it("fails on a nested execution's input that does not compile", () => {
    const d = broken(pipelineBuild.definition, (c) => {
      (at(c, 'TrainModel').Arguments as { Input: unknown }).Input =
        "{% { 'manifest': $collected.manifest %}";
    });
    const problems = run(d);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^State machine: Task 'TrainModel': Arguments\.Input: JSONata syntax error at position \d+/,
    );
  });

  it('fails on an expression without the canonical spaces', () => {
    const d = broken(trainBuild.definition, (c) => {
      (at(c, 'Train').Arguments as { ClusterId: string }).ClusterId = '{%$clusterId%}';
    });
    expect(run(d)).toStrictEqual([
      `State machine: Task 'Train': Arguments.ClusterId: not in the form '{% expr %}' (one space inside each delimiter): "{%$clusterId%}"`,
    ]);
  });
});
