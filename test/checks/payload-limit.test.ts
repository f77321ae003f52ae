import { describe, expect, it } from 'vitest';
import type { MapState } from '../../asl/types.ts';
import { estimateMapPayload } from '../../checks/payload-estimate.ts';
import { payloadLimit } from '../../checks/payload-limit.ts';
import { worstBatch } from '../../workflows/collect-bars/check-model.ts';
import { buildCollectBars } from '../../workflows/collect-bars/collect-bars.ts';
import {
  type CollectBarsConfig,
  defaultCollectBarsConfig,
} from '../../workflows/collect-bars/config.ts';
import { inlineIterationBytes } from '../../workflows/collect-bars/limits.ts';
import { lambdaResult } from '../../workflows/pipeline/check-model.ts';
import {
  broken,
  distributedBuild,
  distributedConfig,
  inlineBuild,
  inner,
  pipelineBuild,
  trainBuild,
} from './helpers.ts';

/** collect-bars inline with at most `maxTickers` tickers (the builder refuses what cannot fit). */
const inlineAt = (maxTickers: number) =>
  buildCollectBars({
    ...defaultCollectBarsConfig,
    universe: { ...defaultCollectBarsConfig.universe, maxTickers },
    download: { ...defaultCollectBarsConfig.download, mode: 'inline' },
    timeouts: { ...defaultCollectBarsConfig.timeouts, executionSeconds: 86_400 },
  });

/**
 * The most tickers collect-bars runs inline: one more and its history would pass 25,000 events.
 * The Lambda keeps each ticker's objects in S3, so its trimmed results stay far from 256 KiB.
 */
const LARGEST_INLINE = 756;

/** The distributed child returns the DownloadBatch result whole (every ticker's result). */
const untrimmedChild = broken(distributedBuild.definition, (c) => {
  delete inner(c, 'DownloadBatch').Output;
});

const withBatchResultOf = (c: CollectBarsConfig) => ({
  ...distributedBuild.checkContext,
  payload: {
    ...distributedBuild.checkContext.payload,
    taskResults: {
      ...distributedBuild.checkContext.payload.taskResults,
      'arn:aws:states:::lambda:invoke': lambdaResult(worstBatch(c)),
    },
  },
});

describe('payload estimate', () => {
  it('measures an inline iteration at no more than the bound the builder assumes', async () => {
    const map = inlineBuild.definition.States.DownloadTickers as MapState;
    const e = await estimateMapPayload('DownloadTickers', map, inlineBuild.checkContext.payload);
    expect(e.itemBytes).toBeGreaterThan(100);
    expect(e.itemBytes).toBeLessThanOrEqual(inlineIterationBytes(defaultCollectBarsConfig));
  });

  it("follows a distributed child's output: whole batch result against the trimmed counts", async () => {
    const map = (d: typeof untrimmedChild) => d.States.DownloadTickers as MapState;
    const payload = distributedBuild.checkContext.payload;
    const trimmed = await estimateMapPayload(
      'DownloadTickers',
      map(distributedBuild.definition),
      payload,
    );
    const whole = await estimateMapPayload('DownloadTickers', map(untrimmedChild), payload);
    expect(trimmed.itemBytes).toBeLessThan(100);
    expect(whole.itemBytes).toBe(
      JSON.stringify(payload.taskResults['arn:aws:states:::lambda:invoke']).length,
    );
  });
});

describe('payload-limit check', () => {
  it('passes both collect-bars variants and train-model', async () => {
    expect([
      await payloadLimit.run(inlineBuild.definition, inlineBuild.checkContext),
      await payloadLimit.run(distributedBuild.definition, distributedBuild.checkContext),
      await payloadLimit.run(trainBuild.definition, trainBuild.checkContext),
    ]).toStrictEqual([[], [], []]);
  });

  it('passes the composed pipeline, whose children collect their own Map results', async () => {
    expect(
      await payloadLimit.run(pipelineBuild.definition, pipelineBuild.checkContext),
    ).toStrictEqual([]);
  });

  it('fails when an iteration stops trimming the download result', async () => {
    expect(() => inlineAt(LARGEST_INLINE + 1)).toThrow(
      /exceed the 25,000 event limit by 30 events/,
    );
    const largest = inlineAt(LARGEST_INLINE);
    expect(await payloadLimit.run(largest.definition, largest.checkContext)).toStrictEqual([]);
    const d = broken(largest.definition, (c) => {
      delete inner(c, 'DownloadTicker').Output;
    });
    const problems = await payloadLimit.run(d, largest.checkContext);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^State machine: Map 'DownloadTickers': result of 756 items is up to [\d,]+ bytes, over the 262,144-byte limit by [\d,]+$/,
    );
  });

  it('fails when a caught error keeps its whole cause', async () => {
    const d = broken(inlineBuild.definition, (c) => {
      (inner(c, 'DownloadTicker').Catch as Array<Record<string, unknown>>)[0] = {
        ErrorEquals: ['States.ALL'],
        Next: 'RecordDownloadFailure',
      };
    });
    expect(await payloadLimit.run(d, inlineBuild.checkContext)).toHaveLength(1);
  });

  it('fails when a distributed child returns its whole batch result', async () => {
    // At any batch size collect-bars accepts (at most 500 tickers) a whole batch result stays
    // under 256 KiB now that the objects go to S3 (250,047 bytes at 500), so measure the child
    // against the result of a 600-ticker batch, a sample no config can produce.
    const big = withBatchResultOf({
      ...distributedConfig,
      download: {
        ...distributedConfig.download,
        distributed: {
          ...distributedConfig.download.distributed,
          batchSize: 600,
        },
      },
    });
    expect(await payloadLimit.run(distributedBuild.definition, big)).toStrictEqual([]);
    const problems = await payloadLimit.run(untrimmedChild, big);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^State machine: Map 'DownloadTickers': a child execution's output is up to [\d,]+ bytes/,
    );
  });

  it('reports a Map it cannot estimate instead of passing it', async () => {
    const payload = { ...inlineBuild.checkContext.payload, taskResults: {} };
    expect(
      await payloadLimit.run(inlineBuild.definition, { ...inlineBuild.checkContext, payload }),
    ).toStrictEqual([
      "State machine: cannot estimate the payload: Task 'DownloadTicker': no sample result for arn:aws:states:::lambda:invoke",
    ]);
  });
});
