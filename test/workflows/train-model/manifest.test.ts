import { describe, expect, it } from 'vitest';
import type {
  DistributedCollectBarsManifest,
  InlineCollectBarsManifest,
} from '../../../contracts/manifest.ts';
import { context, evaluate, stateOf } from '../pipeline/helpers.ts';
import { definition, sampleRun } from './helpers.ts';

const KEY = 'manifests/collect-bars/collect-1.json';
const inline: InlineCollectBarsManifest = {
  version: 2,
  workflow: 'collect-bars',
  mode: 'inline',
  executionName: 'collect-1',
  startTime: '2026-11-27T17:30:00Z',
  bucket: 'data',
  dataPrefix: 'raw/interval=5m/',
  interval: '5m',
  provider: 'yahoo',
  window: { from: '2026-11-23', to: '2026-11-27' },
  sessions: ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'],
  tickers: {
    requested: 2,
    ok: 2,
    empty: 0,
    failed: 0,
    listed: ['AZN.L', 'BP.L'],
    failedTickers: [],
  },
  objectsPrefix: 'manifests/collect-bars/collect-1/objects/',
};

/** A version 1 inline manifest, as runs before version 2 stored them: objects listed inline. */
const { objectsPrefix: _files, ...inlineV1Common } = inline;
const inlineV1 = {
  ...inlineV1Common,
  version: 1,
  objects: [
    {
      ticker: 'AZN.L',
      date: '2026-11-23',
      key: 'raw/interval=5m/date=2026-11-23/ticker=AZN.L/bars.csv',
      rows: 102,
      sha256: 'c2hh',
    },
  ],
};

type Read = { run: Record<string, unknown>; problems: string[] };
const read = async (manifest: unknown, run: object = {}): Promise<Read> =>
  (await evaluate(
    stateOf(definition, 'ReadRunManifest', 'Task').Output,
    {
      result: { Body: typeof manifest === 'string' ? manifest : JSON.stringify(manifest) },
      context: context(),
    },
    { run: { ...sampleRun, manifest: KEY, ...run } },
  )) as Read;

describe('ChooseDataSource', () => {
  it('reads the manifest only when the input names one', () => {
    const choose = stateOf(definition, 'ChooseDataSource', 'Choice');
    expect(choose.Choices).toStrictEqual([
      { Condition: '{% $exists($run.manifest) %}', Next: 'ReadRunManifest' },
    ]);
    expect(choose.Default).toBe('PrepareInput');
  });
});

describe('ReadRunManifest', () => {
  it('gets the manifest key from the data bucket', () => {
    const task = stateOf(definition, 'ReadRunManifest', 'Task');
    expect(task.Resource).toBe('arn:aws:states:::aws-sdk:s3:getObject');
    expect(task.Arguments).toStrictEqual({ Bucket: '${DataBucket}', Key: '{% $run.manifest %}' });
  });

  it('does not retry a missing manifest, and rejects it as bad input', () => {
    const task = stateOf(definition, 'ReadRunManifest', 'Task');
    expect(task.Retry?.[0]).toStrictEqual({
      ErrorEquals: ['S3.NoSuchKeyException'],
      MaxAttempts: 0,
    });
    expect(task.Catch?.map((c) => [c.ErrorEquals, c.Next])).toStrictEqual([
      [['S3.NoSuchKeyException'], 'RejectManifest'],
    ]);
  });

  it("takes the manifest's window, sessions, interval and listed tickers", async () => {
    expect(await read(inline)).toStrictEqual({
      run: {
        tickers: ['AZN.L', 'BP.L'],
        from: '2026-11-23',
        to: '2026-11-27',
        dates: inline.sessions,
        interval: '5m',
        maxDepth: 5,
        testFraction: 0.2,
        manifest: KEY,
      },
      problems: [],
    });
  });

  it('reads a version 1 manifest (objects listed inline) as it reads version 2', async () => {
    expect(await read(inlineV1)).toStrictEqual(await read(inline));
    expect((await read(inlineV1)).problems).toStrictEqual([]);
  });

  it("keeps the input's tickers over the manifest's", async () => {
    expect((await read(inline, { tickers: ['SHEL.L'] })).run.tickers).toStrictEqual(['SHEL.L']);
  });

  it("takes a distributed manifest's ticker file for prepare-input", async () => {
    const { tickers: _t, ...common } = inline;
    const distributed: DistributedCollectBarsManifest = {
      ...common,
      mode: 'distributed',
      tickers: { requested: 5000, ok: 5000, empty: 0, failed: 0, file: 'config/universe.csv' },
    };
    const { run, problems } = await read(distributed);
    expect(problems).toStrictEqual([]);
    expect([run.tickers, run.tickerFile]).toStrictEqual([undefined, 'config/universe.csv']);
  });

  it('lists every problem of a manifest it cannot use', async () => {
    expect(
      (await read({ ...inline, version: 3, workflow: 'other', interval: '2m', sessions: ['x'] }))
        .problems,
    ).toStrictEqual([
      `manifest ${KEY}: version must be 1 or 2, got 3`,
      `manifest ${KEY}: workflow must be 'collect-bars', got 'other'`,
      `manifest ${KEY}: interval must be one of 1m, 5m, 1h, 1d, got '2m'`,
      `manifest ${KEY}: sessions must list YYYY-MM-DD dates`,
    ]);
  });

  it('refuses a manifest whose sessions the training job cannot train on', async () => {
    expect(
      (await read({ ...inline, interval: '1h', sessions: ['2026-11-27'] })).problems,
    ).toStrictEqual([
      `manifest ${KEY} holds 1 weekday session, fewer than the 3 interval 1h needs: the training job needs 19 bars per ticker (15 warm-up, 3 usable rows, 1 label) and 1h gives at least 7 bars per session`,
    ]);
  });

  it('refuses more sessions than a window may hold (ListSessions is bounded by it)', async () => {
    const sessions = Array.from({ length: 23 }, () => '2026-11-27');
    expect((await read({ ...inline, sessions })).problems).toStrictEqual([
      `manifest ${KEY} lists 23 sessions, more than the 22 a window of defaults.maxWindowDays (30 days) holds`,
    ]);
  });

  it('refuses a manifest that is not a JSON object', async () => {
    expect((await read('[1, 2]')).problems).toStrictEqual([`manifest ${KEY} is not a JSON object`]);
  });
});

describe('CheckManifest', () => {
  it('moves the rebuilt run into $run, or rejects with InvalidInputError', () => {
    const check = stateOf(definition, 'CheckManifest', 'Choice');
    expect(check.Choices[0]).toMatchObject({
      Assign: { run: '{% $states.input.run %}' },
      Next: 'PrepareInput',
    });
    expect(check.Default).toBe('RejectManifest');
    expect(stateOf(definition, 'RejectManifest', 'Fail').Error).toBe('InvalidInputError');
  });
});
