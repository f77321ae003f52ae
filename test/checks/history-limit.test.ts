import { describe, expect, it } from 'vitest';
import { estimateHistoryEvents } from '../../checks/history-estimate.ts';
import { historyLimit } from '../../checks/history-limit.ts';
import {
  broken,
  distributedBuild,
  inlineBuild,
  inner,
  pipelineBuild,
  trainBuild,
} from './helpers.ts';

const ctx = inlineBuild.checkContext;

describe('history estimate', () => {
  it('grows with the number of items an inline Map runs', () => {
    const at = (n: number) =>
      estimateHistoryEvents(inlineBuild.definition, { defaultMapItems: n }).events;
    expect(at(200) - at(100)).toBe(at(300) - at(200));
    expect(at(200)).toBeGreaterThan(at(100));
  });

  it('counts every retry attempt of an iteration', () => {
    const more = broken(inlineBuild.definition, (c) => {
      inner(c, 'DownloadTicker').Retry = [{ ErrorEquals: ['States.ALL'], MaxAttempts: 10 }];
    });
    const base = estimateHistoryEvents(inlineBuild.definition, ctx.history).events;
    expect(estimateHistoryEvents(more, ctx.history).events).toBeGreaterThan(base);
  });

  it('keeps distributed child executions out of the parent history', () => {
    const e = estimateHistoryEvents(
      distributedBuild.definition,
      distributedBuild.checkContext.history,
    );
    expect(e.events).toBeLessThan(300);
    expect(Object.keys(e.childEvents)).toStrictEqual(['DownloadTickers']);
  });

  it('counts a nested execution as one .sync Task, whatever its child runs', () => {
    const few = estimateHistoryEvents(pipelineBuild.definition, { defaultMapItems: 0 });
    const many = estimateHistoryEvents(pipelineBuild.definition, { defaultMapItems: 100_000 });
    // Started/Succeeded 2, ValidateInput 2, CheckInput 2, CollectBars 2 + 4 (.sync), CheckDownloads
    // 2, TrainModel 2 + 4, Summary 2: the children's events are in their own histories.
    expect(few).toStrictEqual({ events: 22, childEvents: {}, loops: [] });
    expect(many).toStrictEqual(few);
  });
});

describe('history-limit check', () => {
  it('passes both collect-bars variants and train-model at their configured size', () => {
    expect([
      historyLimit.run(inlineBuild.definition, ctx),
      historyLimit.run(distributedBuild.definition, distributedBuild.checkContext),
      historyLimit.run(trainBuild.definition, trainBuild.checkContext),
    ]).toStrictEqual([[], [], []]);
  });

  it('passes the composed pipeline', () => {
    expect(historyLimit.run(pipelineBuild.definition, pipelineBuild.checkContext)).toStrictEqual(
      [],
    );
  });

  it('fails when the inline Map runs more items than the history can hold', () => {
    const many = {
      ...ctx,
      history: { mapItems: { DownloadTickers: 2000 }, defaultMapItems: 2000 },
    };
    const problems = historyLimit.run(inlineBuild.definition, many) as string[];
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^State machine: an estimated 6\d,\d{3} history events exceed the 25,000-event limit by \d\d,\d{3}$/,
    );
  });

  it('fails when retries multiply the events past the limit', () => {
    const d = broken(inlineBuild.definition, (c) => {
      inner(c, 'DownloadTicker').Retry = [{ ErrorEquals: ['States.ALL'], MaxAttempts: 99 }];
    });
    expect(historyLimit.run(d, ctx)).toHaveLength(1);
  });
});
