import { describe, expect, it } from 'vitest';
import { graphSound } from '../../checks/graph.ts';
import { at, broken, inlineBuild } from './helpers.ts';

const run = (d = inlineBuild.definition) => graphSound.run(d, inlineBuild.checkContext);

describe('graph check', () => {
  it('passes the pipeline', () => {
    expect(run()).toStrictEqual([]);
  });

  it('fails on an unknown transition target and the state it orphans', () => {
    const d = broken(inlineBuild.definition, (c) => {
      at(c, 'CheckDownloads').Default = 'Nowhere';
    });
    expect(run(d)).toStrictEqual([
      "State machine: Choice 'CheckDownloads': Default 'Nowhere' names no state in this scope",
      "State machine: Fail 'InsufficientData' is unreachable from StartAt",
    ]);
  });
});
