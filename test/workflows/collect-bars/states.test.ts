import { describe, expect, it } from 'vitest';
import { Resource } from '../../../asl/constants.ts';
import type { DownloadBatchResult, DownloadResult } from '../../../contracts/download.ts';
import type {
  DistributedCollectBarsManifest,
  InlineCollectBarsManifest,
} from '../../../contracts/manifest.ts';
import { buildCollectBars } from '../../../workflows/collect-bars/collect-bars.ts';
import { defaultCollectBarsConfig } from '../../../workflows/collect-bars/config.ts';
import { collectBarsLimitProblems } from '../../../workflows/collect-bars/limits.ts';
import { COLLECT_BARS_PLACEHOLDERS } from '../../../workflows/collect-bars/placeholders.ts';
import { context, evaluate, stateOf } from '../pipeline/helpers.ts';
import {
  distributedBuild,
  distributedDefinition,
  inlineBuild,
  inlineDefinition,
  sampleRun,
  withConfig,
} from './helpers.ts';

const object = (date: string, status: 'ok' | 'empty', rows = 390) => ({
  date,
  status,
  rows,
  key: `raw/interval=1m/date=${date}/ticker=AZN.L/bars.csv`,
  bytes: status === 'ok' ? 9000 : 0,
  sha256: status === 'ok' ? `sha-${date}` : '',
});
const result = (r: Partial<DownloadResult> = {}): DownloadResult => ({
  ticker: 'AZN.L',
  status: 'ok',
  rows: 780,
  key: 'raw/interval=1m/date=2026-11-25/ticker=AZN.L/bars.csv',
  bytes: 9000,
  sha256: 'sha-2026-11-25',
  provider: 'yahoo',
  objects: [object('2026-11-24', 'ok'), object('2026-11-25', 'ok')],
  ...r,
});

describe('collect-bars (inline)', () => {
  it('runs the pipeline input and download states, then writes the manifest: no cluster', () => {
    expect(Object.keys(inlineDefinition.States)).toStrictEqual([
      'ValidateInput',
      'CheckInput',
      'RejectInput',
      'PrepareInput',
      'DownloadTickers',
      'WriteRunManifest',
      'Summary',
    ]);
    expect(JSON.stringify(inlineDefinition)).not.toContain('elasticmapreduce');
  });

  it('declares the placeholders it uses: no EMR, no logs bucket', () => {
    expect(inlineBuild.placeholders).toStrictEqual([
      'DataBucket',
      'PrepareInputFunctionArn',
      'DownloadFunctionArn',
    ]);
    expect(distributedBuild.placeholders).toBe(COLLECT_BARS_PLACEHOLDERS);
  });

  it('has each download write its objects file, named after its ticker, under the run prefix', async () => {
    const map = stateOf(inlineDefinition, 'DownloadTickers', 'Map');
    const event = (await evaluate(
      map.ItemSelector,
      {
        context: { ...context(), Map: { Item: { Index: 0, Value: 'AZN.L' } } },
      },
      { run: sampleRun },
    )) as Record<string, unknown>;
    expect(event.objectsKey).toBe('manifests/collect-bars/run-1/objects/AZN.L.json');
    expect(event.ticker).toBe('AZN.L');
  });

  it("outputs the count of each ticker's listed objects, not the objects", async () => {
    const { objects: _inS3, ...payload } = result();
    const out = await evaluate(stateOf(inlineDefinition, 'DownloadTicker', 'Task').Output, {
      input: { ticker: 'AZN.L' },
      result: { Payload: { ...payload, objectsListed: 2 } },
    });
    expect(out).toStrictEqual({ ticker: 'AZN.L', status: 'ok', rows: 780, objects: 2 });
  });

  it('assigns the count of every listed object to $objects', async () => {
    const map = stateOf(inlineDefinition, 'DownloadTickers', 'Map');
    const assigned = (await evaluate(map.Assign, {
      result: [
        { ticker: 'A', status: 'ok', rows: 2, objects: 2 },
        { ticker: 'B', status: 'failed', rows: 0, error: 'UnknownTickerError' },
        { ticker: 'C', status: 'empty', rows: 0, objects: 0 },
        { ticker: 'D', status: 'ok', rows: 1, objects: 1 },
      ],
    })) as { objects: unknown; downloads: unknown };
    expect(assigned.objects).toBe(3);
    expect(assigned.downloads).toStrictEqual({ ok: 2, empty: 1, failed: 1, failedTickers: ['B'] });
  });

  it('counts no object when every download failed', async () => {
    const map = stateOf(inlineDefinition, 'DownloadTickers', 'Map');
    const assigned = (await evaluate(map.Assign, {
      result: [{ ticker: 'B', status: 'failed', rows: 0, error: 'UnknownTickerError' }],
    })) as { objects: unknown };
    expect(assigned.objects).toBe(0);
  });

  it('puts the manifest to manifests/collect-bars/<execution>.json as JSON', async () => {
    const write = stateOf(inlineDefinition, 'WriteRunManifest', 'Task');
    expect(write.Resource).toBe(Resource.AwsSdkS3PutObject);
    const args = (await evaluate(
      write.Arguments,
      { context: context() },
      {
        run: sampleRun,
        tickers: ['AZN.L'],
        downloads: { ok: 1, empty: 0, failed: 0, failedTickers: [] },
      },
    )) as Record<string, string>;
    expect([args.Bucket, args.Key, args.ContentType]).toStrictEqual([
      '${DataBucket}',
      'manifests/collect-bars/run-1.json',
      'application/json',
    ]);
  });

  it('writes a manifest of the contract shape (contracts/manifest.ts)', async () => {
    const write = stateOf(inlineDefinition, 'WriteRunManifest', 'Task');
    const { Body } = (await evaluate(
      write.Arguments,
      { context: context('2026-11-25T17:30:00.000Z') },
      {
        run: sampleRun,
        tickers: ['AZN.L', 'BP.L'],
        downloads: { ok: 1, empty: 0, failed: 1, failedTickers: ['BP.L'] },
      },
    )) as { Body: string };
    expect(JSON.parse(Body)).toStrictEqual({
      version: 2,
      workflow: 'collect-bars',
      mode: 'inline',
      executionName: 'run-1',
      startTime: '2026-11-25T17:30:00.000Z',
      bucket: '${DataBucket}',
      dataPrefix: 'raw/interval=1m/',
      interval: '1m',
      provider: 'yahoo',
      window: { from: '2026-11-25', to: '2026-11-25' },
      sessions: ['2026-11-25'],
      tickers: {
        requested: 2,
        ok: 1,
        empty: 0,
        failed: 1,
        listed: ['AZN.L', 'BP.L'],
        failedTickers: ['BP.L'],
      },
      objectsPrefix: 'manifests/collect-bars/run-1/objects/',
    } satisfies InlineCollectBarsManifest);
  });

  it('retries a failed write: putting the same key again is harmless', () => {
    const write = stateOf(inlineDefinition, 'WriteRunManifest', 'Task');
    expect(write.Retry?.map((r) => r.ErrorEquals)).toStrictEqual([['States.ALL']]);
    expect(write.TimeoutSeconds).toBe(60);
  });
});

describe('collect-bars (distributed)', () => {
  const map = stateOf(distributedDefinition, 'DownloadTickers', 'Map');
  const batch = stateOf(distributedDefinition, 'DownloadBatch', 'Task');
  const { objects: _none, ...failed } = result({
    ticker: 'BP.L',
    status: 'failed',
    rows: 0,
    error: 'x',
  });
  const { objects: _inS3, ...ok } = result({ ticker: 'AZN.L' });
  const batchResult = (): DownloadBatchResult => ({
    results: [ok, failed],
    ok: 1,
    empty: 0,
    failed: 1,
  });

  it('reads back the result files, then writes the manifest', () => {
    expect(Object.keys(distributedDefinition.States)).toStrictEqual([
      'ValidateInput',
      'CheckInput',
      'RejectInput',
      'ChooseTickerSource',
      'PrepareInput',
      'WriteTickerList',
      'DownloadTickers',
      'ReadManifest',
      'SumResults',
      'WriteRunManifest',
      'Summary',
    ]);
  });

  it("has each batch's Lambda write its objects under the run's objectsPrefix", async () => {
    const batchInput = map.ItemBatcher?.BatchInput as Record<string, unknown>;
    expect(batchInput).not.toHaveProperty('keepObjects');
    expect(await evaluate(batchInput.objectsPrefix, { context: context() })).toBe(
      'manifests/collect-bars/run-1/objects/',
    );
  });

  it('ends each child with its counts only (the parent reads them back)', async () => {
    expect(batch.End).toBe(true);
    const out = await evaluate(batch.Output, {
      input: { Items: [{ ticker: 'azn.l' }], BatchInput: { executionName: 'run-1' } },
      result: { Payload: batchResult() },
    });
    expect(out).toStrictEqual({ ok: 1, empty: 0, failed: 1 });
  });

  it('writes a manifest naming the ticker file and the object files', async () => {
    const write = stateOf(distributedDefinition, 'WriteRunManifest', 'Task');
    const { Body } = (await evaluate(
      write.Arguments,
      { context: context() },
      {
        run: sampleRun,
        tickerFile: 'config/universe.csv',
        downloads: { ok: 5, empty: 0, failed: 0 },
      },
    )) as { Body: string };
    const manifest = JSON.parse(Body) as DistributedCollectBarsManifest;
    expect([manifest.mode, manifest.tickers, manifest.objectsPrefix]).toStrictEqual([
      'distributed',
      { requested: 5, ok: 5, empty: 0, failed: 0, file: 'config/universe.csv' },
      'manifests/collect-bars/run-1/objects/',
    ]);
  });
});

describe('buildCollectBars', () => {
  it('goes distributed above inlineMaxTickers, as the pipeline does', () => {
    expect(buildCollectBars(withConfig({ universe: { size: 251 } })).downloadMode).toBe(
      'distributed',
    );
  });

  it('stays inline at 200 tickers x 30 days: the manifest lists tickers, not objects', () => {
    const build = buildCollectBars(withConfig({ universe: { size: 200 } }));
    expect(build.downloadMode).toBe('inline');
    expect(build.estimates.manifestBytes).toBeLessThan(10_000);
  });

  it('goes distributed in auto mode when inline downloads would outrun the execution timeout', () => {
    // 250 tickers in waves of 10: 25 x 300 s, with the other stages past the 7,200 s timeout.
    const config = withConfig({ universe: { size: 250 } });
    expect(buildCollectBars(config).downloadMode).toBe('distributed');
    expect(() =>
      buildCollectBars(withConfig({ universe: { size: 250 }, download: { mode: 'inline' } })),
    ).toThrow('timeouts.executionSeconds (7200) is 480 s short of the stage timeouts (7680 s)');
  });

  it('refuses a manifest over a state payload, saying by how much', () => {
    const estimates = { ...inlineBuild.estimates, manifestBytes: 270_000 };
    expect(collectBarsLimitProblems(defaultCollectBarsConfig, estimates)).toStrictEqual([
      'run manifest: up to 270,000 bytes at 100 listed tickers, over the 260,096 byte a state payload leaves it by 9,904 bytes (use download.mode distributed or fewer tickers)',
    ]);
  });

  it('takes any batch size at 30 days: batch results carry no objects (the Lambda writes them)', () => {
    const build = buildCollectBars(
      withConfig({
        download: {
          mode: 'distributed',
          distributed: { batchSize: 60, executionType: 'STANDARD' },
        },
      }),
    );
    expect(build.downloadMode).toBe('distributed');
    expect(build.estimates.downloadPayloadBytes).toBeLessThan(64 * 1024);
  });

  it('refuses an execution timeout shorter than its stages', () => {
    const config = withConfig({
      download: { mode: 'inline' },
      timeouts: { executionSeconds: 600 },
    });
    expect(() => buildCollectBars(config)).toThrow(
      'timeouts.executionSeconds (600) is 2580 s short of the stage timeouts (3180 s): a run at 100 tickers could time out before it writes its manifest',
    );
  });

  it('refuses a bad default provider as the pipeline does', () => {
    expect(() =>
      buildCollectBars(withConfig({ defaults: { provider: 'nope' as 'yahoo' } })),
    ).toThrow(
      'Pass ValidateInput: defaults.provider must be one of yahoo, alphavantage, synthetic',
    );
  });
});
