import { describe, expect, it } from 'vitest';
import { taskTimeouts } from '../../checks/task-timeouts.ts';
import { at, broken, inlineBuild, inner } from './helpers.ts';

const run = (d = inlineBuild.definition) => taskTimeouts.run(d, inlineBuild.checkContext);

describe('task-timeouts check', () => {
  it('passes the pipeline', () => {
    expect(run()).toStrictEqual([]);
  });

  it('fails on a Task without TimeoutSeconds, inside a Map too', () => {
    const d = broken(inlineBuild.definition, (c) => {
      delete at(c, 'CreateCluster').TimeoutSeconds;
      delete inner(c, 'DownloadTicker').TimeoutSeconds;
    });
    expect(run(d)).toStrictEqual([
      "Map 'DownloadTickers' ItemProcessor: Task 'DownloadTicker': TimeoutSeconds is missing",
      "State machine: Task 'CreateCluster': TimeoutSeconds is missing",
    ]);
  });

  it('fails on a state machine without TimeoutSeconds', () => {
    const d = broken(inlineBuild.definition, (c) => {
      delete c.TimeoutSeconds;
    });
    expect(run(d)).toStrictEqual([
      'State machine: TimeoutSeconds is missing (an execution could run for a year)',
    ]);
  });
});
