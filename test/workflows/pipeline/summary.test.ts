import { describe, expect, it } from 'vitest';
import {
  context,
  distributedDefinition,
  evaluate,
  inlineDefinition,
  sampleRun,
  stateOf,
} from './helpers.ts';

describe('Summary', () => {
  it('names the data prefix, the model prefix and the ticker counts', async () => {
    const summary = stateOf(inlineDefinition, 'Summary', 'Succeed');
    const out = await evaluate(
      summary.Output,
      { context: context() },
      {
        run: sampleRun,
        downloads: { ok: 97, empty: 2, failed: 1, failedTickers: ['BAD.L'] },
        clusterId: 'j-ABC',
      },
    );
    expect(out).toStrictEqual({
      executionName: 'run-1',
      window: { from: '2026-11-24', to: '2026-11-24', sessions: ['2026-11-24'] },
      interval: '1m',
      provider: 'yahoo',
      dataPrefix: 's3://${DataBucket}/raw/interval=1m/',
      inputPrefixes: ['s3://${DataBucket}/raw/interval=1m/date=2026-11-24/'],
      modelPrefix: 's3://${DataBucket}/models/run-1/',
      metrics: 's3://${DataBucket}/models/run-1/metrics.json',
      tickers: { requested: 100, ok: 97, empty: 2, failed: 1, failedTickers: ['BAD.L'] },
      clusterId: 'j-ABC',
    });
  });

  it('also names the manifest of the result files in distributed mode', async () => {
    const summary = stateOf(distributedDefinition, 'Summary', 'Succeed');
    const out = (await evaluate(
      summary.Output,
      { context: context() },
      {
        run: sampleRun,
        downloads: { ok: 5000, empty: 0, failed: 0 },
        manifestKey: 'manifests/run-1/u/manifest.json',
        clusterId: 'j-ABC',
      },
    )) as Record<string, unknown>;
    expect([out.manifest, out.tickers]).toStrictEqual([
      's3://${DataBucket}/manifests/run-1/u/manifest.json',
      { requested: 5000, ok: 5000, empty: 0, failed: 0 },
    ]);
  });
});
