/**
 * The build's size estimates (workflows/collect-bars/limits.ts) against the definition's own
 * JSONata evaluated on the same worst cases: an estimate below what the definition produces would
 * let a config through that fails at run time.
 */
import { describe, expect, it } from 'vitest';
import type { MapState } from '../../../asl/types.ts';
import { estimateMapPayload } from '../../../checks/payload-estimate.ts';
import { worstInlineManifest } from '../../../workflows/collect-bars/check-model.ts';
import { buildCollectBars } from '../../../workflows/collect-bars/collect-bars.ts';
import {
  type CollectBarsConfig,
  defaultCollectBarsConfig,
} from '../../../workflows/collect-bars/config.ts';
import { MANIFEST_MAX_BYTES } from '../../../workflows/collect-bars/limits.ts';
import { maxTickers } from '../../../workflows/pipeline/bounds.ts';
import { WORST_CONTEXT } from '../../../workflows/pipeline/check-model.ts';
import { evaluate, stateOf } from '../pipeline/helpers.ts';
import { inlineBuild, inlineDefinition, withConfig } from './helpers.ts';

describe('collect-bars size estimates', () => {
  it('bounds the manifest WriteRunManifest writes at the configured size', async () => {
    const m = worstInlineManifest(defaultCollectBarsConfig);
    const write = stateOf(inlineDefinition, 'WriteRunManifest', 'Task');
    const { Body } = (await evaluate(
      write.Arguments,
      { context: WORST_CONTEXT },
      {
        run: { ...m.window, dates: m.sessions, interval: m.interval, provider: m.provider },
        tickers: m.tickers.listed,
        downloads: { ...m.tickers, failedTickers: m.tickers.failedTickers },
      },
    )) as { Body: string };
    const written = JSON.stringify(Body).length;
    expect(written).toBeLessThanOrEqual(inlineBuild.estimates.manifestBytes);
    // The estimate differs only by the bucket name's length: the worst case's 63 characters
    // against the unsubstituted `${DataBucket}`.
    expect(written + 63 - '${DataBucket}'.length).toBe(inlineBuild.estimates.manifestBytes);
    expect(inlineBuild.estimates.manifestBytes).toBeLessThanOrEqual(MANIFEST_MAX_BYTES);
  });

  it('keeps the worst-case manifest at 100 tickers x 30 days a few KB: objects are in files', () => {
    // Version 1 listed every object: 159,128 bytes at 7 days, 670,073 at 30 (over 260,096).
    expect(defaultCollectBarsConfig.defaults.maxWindowDays).toBe(30);
    expect(maxTickers(defaultCollectBarsConfig)).toBe(100);
    expect(inlineBuild.downloadMode).toBe('inline');
    expect(inlineBuild.estimates.manifestBytes).toBe(4_194);
  });

  it('bounds the inline Map result the static check measures', async () => {
    const map = inlineDefinition.States.DownloadTickers as MapState;
    const measured = await estimateMapPayload(
      'DownloadTickers',
      map,
      inlineBuild.checkContext.payload,
    );
    expect(measured.resultBytes).toBeLessThanOrEqual(inlineBuild.estimates.downloadPayloadBytes);
    expect(measured.resultBytes).toBeGreaterThan(inlineBuild.estimates.downloadPayloadBytes * 0.95);
  });
});

describe('buildCollectBars refuses configs beyond Step Functions limits, naming the quota', () => {
  const withSize = (
    size: number,
    download: Partial<CollectBarsConfig['download']> = {},
    executionSeconds = defaultCollectBarsConfig.timeouts.executionSeconds,
  ): CollectBarsConfig =>
    withConfig({ universe: { size }, download, timeouts: { executionSeconds } });
  const message = (config: CollectBarsConfig) => {
    try {
      buildCollectBars(config);
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error('the build did not throw');
  };

  it('names the history limit and the overshoot for a huge inline universe', () => {
    expect(message(withSize(1000, { mode: 'inline' }))).toContain(
      'execution history: an estimated 33,049 events at 1,000 tickers exceed the 25,000 event limit by 8,049 events',
    );
  });

  it('accepts a 100,000-ticker universe in distributed mode with enough concurrency', () => {
    expect(
      buildCollectBars(withSize(100_000, { maxConcurrency: 500 }, 86_400)).estimates,
    ).toMatchObject({
      historyEvents: 149,
      childHistoryEvents: { DownloadTickers: 33 },
      downloadPayloadBytes: 132_002,
    });
  });

  it('names the read-back payload when result files would be too large to read', () => {
    expect(message(withSize(200_000, { maxConcurrency: 1000 }, 86_400))).toContain(
      'payload size: one result file read back by ReadResultFile (8,000 batches) is up to 264,002 bytes, over the 262,144 byte (256 KiB) limit by 1,858 bytes',
    );
  });

  it('refuses a negative concurrency, naming the Map', () => {
    expect(() => buildCollectBars(withConfig({ download: { maxConcurrency: -1 } }))).toThrow(
      "Map 'DownloadTickers': MaxConcurrency must be an integer >= 0, got -1",
    );
  });

  it('refuses an inline concurrency above 40', () => {
    expect(() => buildCollectBars(withConfig({ download: { maxConcurrency: 50 } }))).toThrow(
      "Map 'DownloadTickers': MaxConcurrency must be <= 40 in INLINE mode, got 50",
    );
  });
});
