import { describe, expect, it } from 'vitest';
import type { MapState } from '../../asl/types.ts';
import { estimateMapPayload } from '../../checks/payload-estimate.ts';
import { payloadLimit } from '../../checks/payload-limit.ts';
import { inlineItemOutputBytes } from '../../workflows/pipeline/limits.ts';
import { at, broken, distributedBuild, inlineBuild, inner } from './helpers.ts';

describe('payload estimate', () => {
  it('measures an inline iteration at no more than the bound the builder assumes', async () => {
    const map = inlineBuild.definition.States.DownloadTickers as MapState;
    const e = await estimateMapPayload('DownloadTickers', map, inlineBuild.checkContext.payload);
    expect(e.itemBytes).toBeGreaterThan(100);
    expect(e.itemBytes).toBeLessThanOrEqual(inlineItemOutputBytes());
  });
});

describe('payload-limit check', () => {
  it('passes both pipeline variants', async () => {
    expect([
      await payloadLimit.run(inlineBuild.definition, inlineBuild.checkContext),
      await payloadLimit.run(distributedBuild.definition, distributedBuild.checkContext),
    ]).toStrictEqual([[], []]);
  });

  it('fails when an iteration stops trimming the download result', async () => {
    const d = broken(inlineBuild.definition, (c) => {
      delete inner(c, 'DownloadTicker').Output;
    });
    const problems = await payloadLimit.run(d, inlineBuild.checkContext);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^State machine: Map 'DownloadTickers': result of 100 items is up to [\d,]+ bytes, over the 262,144-byte limit by [\d,]+$/,
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
    const d = broken(distributedBuild.definition, (c) => {
      const m = at(c, 'DownloadTickers') as {
        ItemProcessor: { States: Record<string, Record<string, unknown>> };
      };
      delete m.ItemProcessor.States.DownloadBatch?.Output;
    });
    const problems = await payloadLimit.run(d, distributedBuild.checkContext);
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
