import { describe, expect, it } from 'vitest';
import type { StateMachine } from '../../asl/types.ts';
import { placeholdersDeclared } from '../../checks/placeholders.ts';
import type { CheckContext } from '../../checks/types.ts';
import { MARKET_DATA_PIPELINE_PLACEHOLDERS } from '../../workflows/market-data-pipeline.ts';
import { at, broken, distributedBuild, inlineBuild, pipelineBuild, trainBuild } from './helpers.ts';

type Build = { definition: StateMachine; checkContext: CheckContext };

const run = (
  build: Build = trainBuild,
  d = build.definition,
  placeholders = build.checkContext.placeholders,
) => placeholdersDeclared.run(d, { ...build.checkContext, placeholders });

describe('placeholders check', () => {
  it('passes both collect-bars variants and train-model with the placeholders they declare', () => {
    expect([run(inlineBuild), run(distributedBuild), run(trainBuild)]).toStrictEqual([[], [], []]);
  });

  it('passes the composed pipeline with the two state machines it starts', () => {
    expect(pipelineBuild.checkContext.placeholders).toStrictEqual(
      MARKET_DATA_PIPELINE_PLACEHOLDERS,
    );
    expect(run(pipelineBuild)).toStrictEqual([]);
  });

  it('fails on an undeclared placeholder and a malformed one', () => {
    const d = broken(trainBuild.definition, (c) => {
      (at(c, 'Train').Arguments as Record<string, unknown>).ClusterId = '${ClusterIdParam}';
      at(c, 'CreateCluster').Comment = 'see ${}';
    });
    expect(run(trainBuild, d)).toStrictEqual([
      'malformed placeholder "${}" (want ${Name})',
      'placeholder ${ClusterIdParam} is used but not declared',
    ]);
  });

  it('fails on a declared placeholder nothing uses', () => {
    expect(
      run(trainBuild, trainBuild.definition, [
        ...trainBuild.checkContext.placeholders,
        'EmrAutoScalingRole',
      ]),
    ).toStrictEqual(['placeholder ${EmrAutoScalingRole} is declared but never used']);
  });

  it("fails on a child's state machine the composed pipeline starts but does not declare", () => {
    expect(
      run(pipelineBuild, pipelineBuild.definition, ['CollectBarsStateMachineArn']),
    ).toStrictEqual(['placeholder ${TrainModelStateMachineArn} is used but not declared']);
  });
});
