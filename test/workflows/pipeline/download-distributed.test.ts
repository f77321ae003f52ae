import { describe, expect, it } from 'vitest';
import {
  context,
  distributedConfig,
  distributedDefinition,
  evaluate,
  sampleRun,
  stateOf,
} from './helpers.ts';

const def = distributedDefinition;
const map = stateOf(def, 'DownloadTickers', 'Map');
const batch = stateOf(def, 'DownloadBatch', 'Task');

describe('ticker source (distributed)', () => {
  const source = stateOf(def, 'ChooseTickerSource', 'Choice');

  it('sends input tickers through prepare-input', async () => {
    expect(
      await evaluate(source.Choices[0]?.Condition, {}, { run: { ...sampleRun, tickers: ['A'] } }),
    ).toBe(true);
    expect(source.Choices[0]?.Next).toBe('PrepareInput');
  });

  it('otherwise reads the universe file directly', async () => {
    expect(await evaluate(source.Choices[0]?.Condition, {}, { run: sampleRun })).toBe(false);
    expect([source.Default, source.Assign]).toStrictEqual([
      'DownloadTickers',
      { tickerFile: 'config/universe.csv' },
    ]);
  });

  it('writes prepared tickers as a one-column CSV under the run manifest prefix', async () => {
    const write = stateOf(def, 'WriteTickerList', 'Task');
    const args = await evaluate(
      write.Arguments,
      { context: context() },
      { tickers: ['AZN.L', 'BT-A.L'] },
    );
    expect(args).toStrictEqual({
      Bucket: '${DataBucket}',
      Key: 'manifests/run-1/tickers.csv',
      Body: 'ticker\nAZN.L\nBT-A.L\n',
      ContentType: 'text/csv',
    });
  });
});

describe('DownloadTickers (distributed)', () => {
  it('reads the ticker CSV with its header row, at most maxTickers rows', () => {
    expect(map.ItemReader).toStrictEqual({
      Resource: 'arn:aws:states:::s3:getObject',
      ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW', MaxItems: 5000 },
      Arguments: { Bucket: '${DataBucket}', Key: '{% $tickerFile %}' },
    });
  });

  it('builds each batch as a DownloadBatchEvent', async () => {
    const states = {
      context: {
        ...context(),
        Map: { Item: { Index: 0, Value: { ticker: 'AZN.L', name: 'AstraZeneca' } } },
      },
    };
    const item = await evaluate(map.ItemSelector, states, { run: sampleRun });
    const batchInput = await evaluate(map.ItemBatcher?.BatchInput, states, { run: sampleRun });
    expect({ Items: [item], BatchInput: batchInput }).toStrictEqual({
      Items: [{ ticker: 'AZN.L' }],
      BatchInput: {
        interval: '1m',
        provider: 'yahoo',
        from: '2026-11-24',
        to: '2026-11-24',
        executionName: 'run-1',
        replaceWithFewerRows: false,
        // The batch's Lambda writes its stored objects there, for the run manifest.
        objectsPrefix: 'manifests/collect-bars/run-1/objects/',
      },
    });
  });

  it('tolerates failed batches up to the share that may fail, in batches of the configured size', () => {
    expect([map.ToleratedFailurePercentage, map.ItemBatcher?.MaxItemsPerBatch]).toStrictEqual([
      10,
      distributedConfig.download.distributed.batchSize,
    ]);
  });

  it('exports compact child outputs to manifests/<execution>', async () => {
    expect(map.ResultWriter?.WriterConfig).toStrictEqual({
      OutputType: 'JSON',
      Transformation: 'COMPACT',
    });
    expect(await evaluate(map.ResultWriter?.Arguments, { context: context() })).toStrictEqual({
      Bucket: '${DataBucket}',
      Prefix: 'manifests/run-1',
    });
  });

  it('reduces a batch result to its counts (the Lambda wrote its objects file itself)', async () => {
    const out = await evaluate(batch.Output, {
      input: { Items: [{ ticker: 'A' }], BatchInput: { executionName: 'run-1' } },
      result: {
        Payload: { results: [{ ticker: 'A', status: 'ok' }], ok: 1, empty: 0, failed: 0 },
      },
    });
    expect(out).toStrictEqual({ ok: 1, empty: 0, failed: 0 });
  });

  it('counts every ticker of a batch whose invocation failed as failed', async () => {
    const out = await evaluate(batch.Catch?.[0]?.Output, {
      input: { Items: [{ ticker: 'A' }, { ticker: 'B' }], BatchInput: {} },
      errorOutput: { Error: 'Lambda.Unknown', Cause: 'boom' },
    });
    expect(out).toStrictEqual({ ok: 0, empty: 0, failed: 2 });
  });
});

describe('reading the results back', () => {
  const sum = stateOf(def, 'SumResults', 'Map');
  const read = stateOf(def, 'ReadResultFile', 'Task');

  it('reads every SUCCEEDED and FAILED result file the manifest lists', async () => {
    const manifest = {
      DestinationBucket: 'data',
      MapRunArn: 'arn:map-run',
      ResultFiles: {
        FAILED: [{ Key: 'manifests/run-1/u/FAILED_0.json', Size: 10 }],
        PENDING: [],
        SUCCEEDED: [
          { Key: 'manifests/run-1/u/SUCCEEDED_0.json', Size: 10 },
          { Key: 'manifests/run-1/u/SUCCEEDED_1.json', Size: 10 },
        ],
      },
    };
    expect(await evaluate(sum.Items, { input: manifest })).toStrictEqual([
      { key: 'manifests/run-1/u/SUCCEEDED_0.json', succeeded: true },
      { key: 'manifests/run-1/u/SUCCEEDED_1.json', succeeded: true },
      { key: 'manifests/run-1/u/FAILED_0.json', succeeded: false },
    ]);
  });

  it('sums the counts of a SUCCEEDED file', async () => {
    const body = JSON.stringify([
      { ok: 20, empty: 3, failed: 2 },
      { ok: 25, empty: 0, failed: 0 },
    ]);
    const out = await evaluate(read.Output, {
      input: { key: 'k', succeeded: true },
      result: { Body: body },
    });
    expect(out).toStrictEqual({ ok: 45, empty: 3, failed: 2 });
  });

  it('counts every ticker of a failed child execution as failed', async () => {
    const body = JSON.stringify([
      {
        Status: 'FAILED',
        Input: JSON.stringify({ Items: [{ ticker: 'A' }, { ticker: 'B' }], BatchInput: {} }),
      },
    ]);
    const out = await evaluate(read.Output, {
      input: { key: 'k', succeeded: false },
      result: { Body: body },
    });
    expect(out).toStrictEqual({ ok: 0, empty: 0, failed: 2 });
  });

  it('adds the files up into $downloads', async () => {
    const result = [
      { ok: 45, empty: 3, failed: 2 },
      { ok: 0, empty: 0, failed: 25 },
    ];
    expect(await evaluate(sum.Assign, { result })).toStrictEqual({
      downloads: { ok: 45, empty: 3, failed: 27 },
    });
  });

  it('gives zero counts when there are no result files', async () => {
    expect(await evaluate(sum.Assign, { result: [] })).toStrictEqual({
      downloads: { ok: 0, empty: 0, failed: 0 },
    });
  });
});
