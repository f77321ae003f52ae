import { describe, expect, it } from 'vitest';
import { freeVariables, variablesAssigned } from '../../checks/variables.ts';
import { at, broken, distributedBuild, inlineBuild, pipelineBuild, trainBuild } from './helpers.ts';

const run = (d = inlineBuild.definition) => variablesAssigned.run(d, inlineBuild.checkContext);

describe('variables check', () => {
  it('passes both collect-bars variants and train-model', () => {
    expect([run(), run(distributedBuild.definition), run(trainBuild.definition)]).toStrictEqual([
      [],
      [],
      [],
    ]);
  });

  it('passes the composed pipeline', () => {
    expect(run(pipelineBuild.definition)).toStrictEqual([]);
  });

  it('fails on a misspelt variable', () => {
    const d = broken(inlineBuild.definition, (c) => {
      at(c, 'DownloadTickers').Items = '{% $tikers %}';
    });
    expect(run(d)).toStrictEqual([
      "State machine: Map 'DownloadTickers': Items reads $tikers, which no state in scope assigns",
    ]);
  });

  it("fails when a distributed child reads the parent's variables", () => {
    const d = broken(distributedBuild.definition, (c) => {
      const m = at(c, 'DownloadTickers') as {
        ItemProcessor: { States: Record<string, Record<string, unknown>> };
      };
      const batch = m.ItemProcessor.States.DownloadBatch as { Arguments: { Payload: string } };
      batch.Arguments.Payload = '{% $merge([$states.input, { "run": $run }]) %}';
    });
    expect(run(d)).toStrictEqual([
      "Map 'DownloadTickers' ItemProcessor: Task 'DownloadBatch': Arguments.Payload reads $run, which no state in scope assigns",
    ]);
  });
});

describe('variables check across nested executions', () => {
  it('fails when the composed pipeline reads a variable only its child assigns', () => {
    const d = broken(pipelineBuild.definition, (c) => {
      (at(c, 'TrainModel').Arguments as { Input: string }).Input =
        "{% { 'manifest': $collected.manifest, 'objects': $objects } %}";
    });
    expect(run(d)).toStrictEqual([
      "State machine: Task 'TrainModel': Arguments.Input reads $objects, which no state in scope assigns",
    ]);
  });
});

describe('freeVariables', () => {
  it('ignores locals, lambda parameters, built-ins and $states', () => {
    expect(
      freeVariables(
        '{% ($x := $count($a); $f := function($v) { $v + $x }; $map($b, $f) ~> $states.input) %}',
      ),
    ).toStrictEqual(['a', 'b']);
  });
});
