import { describe, expect, it } from 'vitest';
import { graphSound } from '../../checks/graph.ts';
import {
  at,
  broken,
  distributedBuild,
  inlineBuild,
  inner,
  pipelineBuild,
  trainBuild,
} from './helpers.ts';

const run = (d = pipelineBuild.definition) => graphSound.run(d, pipelineBuild.checkContext);

describe('graph check', () => {
  it('passes the composed pipeline', () => {
    expect(run()).toStrictEqual([]);
  });

  it('passes both collect-bars variants and train-model', () => {
    expect([
      graphSound.run(inlineBuild.definition, inlineBuild.checkContext),
      graphSound.run(distributedBuild.definition, distributedBuild.checkContext),
      graphSound.run(trainBuild.definition, trainBuild.checkContext),
    ]).toStrictEqual([[], [], []]);
  });

  it('fails on an unknown transition target and the state it orphans', () => {
    const d = broken(pipelineBuild.definition, (c) => {
      at(c, 'CheckDownloads').Default = 'Nowhere';
    });
    expect(run(d)).toStrictEqual([
      "State machine: Choice 'CheckDownloads': Default 'Nowhere' names no state in this scope",
      "State machine: Fail 'InsufficientData' is unreachable from StartAt",
    ]);
  });

  it('fails on an unknown Catch target inside a Map and the state it orphans', () => {
    const d = broken(inlineBuild.definition, (c) => {
      const [caught] = inner(c, 'DownloadTicker').Catch as Array<{ Next: string }>;
      if (caught !== undefined) caught.Next = 'Nowhere';
    });
    expect(graphSound.run(d, inlineBuild.checkContext)).toStrictEqual([
      "Map 'DownloadTickers' ItemProcessor: Task 'DownloadTicker': Catch[0] 'Nowhere' names no state in this scope",
      "Map 'DownloadTickers' ItemProcessor: Pass 'RecordDownloadFailure' is unreachable from StartAt",
    ]);
  });
});
