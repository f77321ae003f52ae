import { describe, expect, it } from 'vitest';
import { taskTimeouts } from '../../checks/task-timeouts.ts';
import {
  at,
  broken,
  distributedBuild,
  inlineBuild,
  inner,
  pipelineBuild,
  trainBuild,
} from './helpers.ts';

const run = (d = inlineBuild.definition) => taskTimeouts.run(d, inlineBuild.checkContext);

describe('task-timeouts check', () => {
  it('passes both collect-bars variants and train-model', () => {
    expect([run(), run(distributedBuild.definition), run(trainBuild.definition)]).toStrictEqual([
      [],
      [],
      [],
    ]);
  });

  it('passes the composed pipeline, whose nested-execution Tasks outwait their children', () => {
    expect(run(pipelineBuild.definition)).toStrictEqual([]);
  });

  it('fails on a Task without TimeoutSeconds, inside a Map too', () => {
    const download = broken(inlineBuild.definition, (c) => {
      delete at(c, 'PrepareInput').TimeoutSeconds;
      delete inner(c, 'DownloadTicker').TimeoutSeconds;
    });
    const train = broken(trainBuild.definition, (c) => {
      delete at(c, 'CreateCluster').TimeoutSeconds;
      delete inner(c, 'ListSession', 'ListSessions').TimeoutSeconds;
    });
    expect([run(download), run(train)]).toStrictEqual([
      [
        "State machine: Task 'PrepareInput': TimeoutSeconds is missing",
        "Map 'DownloadTickers' ItemProcessor: Task 'DownloadTicker': TimeoutSeconds is missing",
      ],
      [
        "Map 'ListSessions' ItemProcessor: Task 'ListSession': TimeoutSeconds is missing",
        "State machine: Task 'CreateCluster': TimeoutSeconds is missing",
      ],
    ]);
  });

  it('fails on a nested-execution Task without TimeoutSeconds', () => {
    const d = broken(pipelineBuild.definition, (c) => {
      delete at(c, 'TrainModel').TimeoutSeconds;
    });
    expect(run(d)).toStrictEqual(["State machine: Task 'TrainModel': TimeoutSeconds is missing"]);
  });

  it('fails on a state machine without TimeoutSeconds', () => {
    const without = (d: typeof inlineBuild.definition) =>
      broken(d, (c) => {
        delete c.TimeoutSeconds;
      });
    const problem = 'State machine: TimeoutSeconds is missing (an execution could run for a year)';
    expect([
      run(without(inlineBuild.definition)),
      run(without(trainBuild.definition)),
      run(without(pipelineBuild.definition)),
    ]).toStrictEqual([[problem], [problem], [problem]]);
  });
});
