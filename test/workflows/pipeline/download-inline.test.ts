import { describe, expect, it } from 'vitest';
import type { DownloadResult } from '../../../contracts/download.ts';
import { NON_RETRYABLE_ERRORS } from '../../../contracts/errors.ts';
import { INSUFFICIENT_DATA_ERROR } from '../../../workflows/market-data-pipeline.ts';
import {
  context,
  evaluate,
  inlineDefinition,
  pipelineDefinition,
  sampleRun,
  stateOf,
} from './helpers.ts';

const map = stateOf(inlineDefinition, 'DownloadTickers', 'Map');
const download = stateOf(inlineDefinition, 'DownloadTicker', 'Task');
const result = (r: Partial<DownloadResult>): DownloadResult => ({
  ticker: 'AZN.L',
  status: 'ok',
  rows: 510,
  key: 'raw/interval=1m/date=2026-11-24/ticker=AZN.L/bars.csv',
  bytes: 30_000,
  sha256: 'c2hh',
  provider: 'yahoo',
  ...r,
});
/** One iteration's output in collect-bars: `objects` is how many objects its file lists. */
const item = (ticker: string, status: string) => ({
  ticker,
  status,
  rows: status === 'ok' ? 1 : 0,
  objects: status === 'ok' ? 2 : 0,
});

describe('PrepareInput', () => {
  const prepare = stateOf(inlineDefinition, 'PrepareInput', 'Task');
  const payload = (run: object) =>
    evaluate((prepare.Arguments as { Payload: string }).Payload, { context: context() }, { run });

  it('asks for the universe when the input has no tickers', async () => {
    expect(await payload(sampleRun)).toStrictEqual({
      bucket: '${DataBucket}',
      universeKey: 'config/universe.csv',
      maxTickers: 100,
      executionName: 'run-1',
    });
  });

  it('passes the input tickers on for normalisation', async () => {
    expect(await payload({ ...sampleRun, tickers: ['azn.l'] })).toMatchObject({
      tickers: ['azn.l'],
    });
  });

  it('keeps the resolved tickers in $tickers', async () => {
    const assigned = await evaluate(prepare.Assign, {
      result: { Payload: { tickers: ['AZN.L'], count: 1, source: 'input', duplicatesRemoved: 0 } },
    });
    expect(assigned).toStrictEqual({ tickers: ['AZN.L'] });
  });
});

describe('DownloadTickers (inline)', () => {
  it('sends each ticker with the run window as a DownloadEvent', async () => {
    const event = await evaluate(
      map.ItemSelector,
      { context: { ...context(), Map: { Item: { Index: 0, Value: 'AZN.L' } } } },
      { run: sampleRun },
    );
    expect(event).toStrictEqual({
      ticker: 'AZN.L',
      interval: '1m',
      provider: 'yahoo',
      from: '2026-11-24',
      to: '2026-11-24',
      executionName: 'run-1',
      // The Lambda writes the ticker's stored objects there, for the run manifest.
      objectsKey: 'manifests/collect-bars/run-1/objects/AZN.L.json',
    });
  });

  it('trims a download result to ticker, status, rows and a bounded error', async () => {
    const out = await evaluate(download.Output, {
      input: { ticker: 'AZN.L' },
      result: {
        StatusCode: 200,
        Payload: result({ status: 'failed', rows: 0, error: 'x'.repeat(500), objects: [] }),
      },
    });
    expect(out).toStrictEqual({
      ticker: 'AZN.L',
      status: 'failed',
      rows: 0,
      error: 'x'.repeat(120),
    });
  });

  it('records a caught error as a failed ticker so the run goes on', async () => {
    const catcher = download.Catch?.[0];
    const out = await evaluate(catcher?.Output, {
      input: { ticker: 'BAD.L' },
      errorOutput: { Error: 'UnknownTickerError', Cause: '{"errorMessage":"no such ticker"}' },
    });
    expect([catcher?.ErrorEquals, catcher?.Next, out]).toStrictEqual([
      ['States.ALL'],
      'RecordDownloadFailure',
      { ticker: 'BAD.L', status: 'failed', rows: 0, error: 'UnknownTickerError' },
    ]);
  });

  it('retries provider throttling with backoff and full jitter, and never retries bad input', () => {
    const retried = (download.Retry ?? []).flatMap((r) => r.ErrorEquals);
    const throttled = download.Retry?.find((r) => r.ErrorEquals.includes('ProviderThrottledError'));
    expect(throttled).toMatchObject({
      JitterStrategy: 'FULL',
      BackoffRate: 2,
      MaxDelaySeconds: 30,
    });
    expect(retried).toContain('ProviderUnavailableError');
    expect(retried).not.toContain('InvalidInputError');
    expect(retried).not.toContain('UnknownTickerError');
    expect(retried).not.toContain('States.ALL');
  });

  it('retries none of the errors the contract calls non-retryable', () => {
    const retried = (download.Retry ?? []).flatMap((r) => r.ErrorEquals);
    expect(NON_RETRYABLE_ERRORS.filter((name) => retried.includes(name))).toStrictEqual([]);
  });

  it('counts ok, empty and failed tickers and names the failed ones', async () => {
    const results = [item('A', 'ok'), item('B', 'ok'), item('C', 'empty'), item('D', 'failed')];
    expect(await evaluate(map.Assign, { result: results })).toStrictEqual({
      downloads: { ok: 2, empty: 1, failed: 1, failedTickers: ['D'] },
      objects: 4,
    });
  });

  it('gives an empty failedTickers list when nothing failed', async () => {
    const counts = (await evaluate(map.Output, { result: [item('A', 'ok')] })) as {
      failedTickers: unknown;
    };
    expect(counts.failedTickers).toStrictEqual([]);
  });

  it('names at most 50 failed tickers', async () => {
    const results = Array.from({ length: 60 }, (_, i) => item(`F${i}`, 'failed'));
    const counts = (await evaluate(map.Output, { result: results })) as {
      failed: number;
      failedTickers: string[];
    };
    expect([counts.failed, counts.failedTickers.length]).toStrictEqual([60, 50]);
  });
});

describe('CheckDownloads', () => {
  const check = stateOf(pipelineDefinition, 'CheckDownloads', 'Choice');
  const passes = (downloads: object) => evaluate(check.Choices[0]?.Condition, {}, { downloads });

  it('goes on to create the cluster at exactly the required 90% ok', async () => {
    expect(await passes({ ok: 90, empty: 5, failed: 5 })).toBe(true);
    expect(check.Choices[0]?.Next).toBe('TrainModel');
  });

  it('stops below 90% ok', async () => {
    expect(await passes({ ok: 89, empty: 1, failed: 10 })).toBe(false);
  });

  it('stops when nothing downloaded ok', async () => {
    expect(await passes({ ok: 0, empty: 3, failed: 0 })).toBe(false);
  });

  it('fails with InsufficientDataError naming the counts and failed tickers', async () => {
    const insufficient = stateOf(pipelineDefinition, 'InsufficientData', 'Fail');
    const cause = await evaluate(
      insufficient.Cause,
      {},
      {
        downloads: { ok: 1, empty: 1, failed: 2, failedTickers: ['X.L', 'Y.L'] },
      },
    );
    expect([check.Default, insufficient.Error, cause]).toStrictEqual([
      'InsufficientData',
      INSUFFICIENT_DATA_ERROR,
      'only 1 of 4 tickers downloaded ok, below the required 90% (1 empty, 2 failed: X.L, Y.L)',
    ]);
  });
});
