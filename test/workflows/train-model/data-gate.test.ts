import { describe, expect, it } from 'vitest';
import type { JsonataString } from '../../../asl/types.ts';
import {
  NO_TRAINING_DATA_ERROR,
  S3_LIST_OBJECTS_V2,
} from '../../../workflows/train-model/data-gate.ts';
import { evaluate, stateOf } from '../pipeline/helpers.ts';
import { definition, sampleRun } from './helpers.ts';

const list = stateOf(definition, 'ListSessions', 'Map');
const session = stateOf(definition, 'ListSession', 'Task');
const check = stateOf(definition, 'CheckTrainingData', 'Choice');
const prefix = (date: string, ticker: string) => ({
  Prefix: `raw/interval=1m/date=${date}/ticker=${ticker}/`,
});

describe('ListSessions', () => {
  it('runs one listing per session of the run', async () => {
    expect(list.Items).toBe('{% $run.dates %}');
    expect(list.ItemProcessor.ProcessorConfig).toStrictEqual({ Mode: 'INLINE' });
    expect(list.MaxConcurrency).toBe(10);
    expect(list.Assign).toStrictEqual({ coverage: '{% $states.result %}' });
  });

  it('lists the session prefix one ticker folder at a time', async () => {
    expect(session.Resource).toBe(S3_LIST_OBJECTS_V2);
    expect(
      await evaluate(session.Arguments, { input: '2026-11-24' }, { run: { interval: '5m' } }),
    ).toStrictEqual({
      Bucket: '${DataBucket}',
      Prefix: 'raw/interval=5m/date=2026-11-24/',
      Delimiter: '/',
      MaxKeys: 1000,
    });
  });

  it("counts the run's tickers among the folders, and no other", async () => {
    const out = await evaluate(
      session.Output,
      {
        input: '2026-11-24',
        result: {
          CommonPrefixes: ['AZN.L', 'OTHER.L', 'BP.L'].map((t) => prefix('2026-11-24', t)),
          IsTruncated: false,
        },
      },
      { tickers: ['AZN.L', 'BP.L', 'SHEL.L'] },
    );
    expect(out).toStrictEqual({ date: '2026-11-24', tickers: 2, truncated: false });
  });

  it('counts 0 when the session has no folder (S3 leaves CommonPrefixes out)', async () => {
    const out = await evaluate(
      session.Output,
      { input: '2026-11-24', result: { KeyCount: 0, IsTruncated: false } },
      { tickers: ['AZN.L'] },
    );
    expect(out).toStrictEqual({ date: '2026-11-24', tickers: 0, truncated: false });
  });

  it('counts one folder, and says when the listing was cut at a page', async () => {
    const out = await evaluate(
      session.Output,
      {
        input: '2026-11-24',
        result: { CommonPrefixes: prefix('2026-11-24', 'AZN.L'), IsTruncated: true },
      },
      { tickers: ['AZN.L'] },
    );
    expect(out).toStrictEqual({ date: '2026-11-24', tickers: 1, truncated: true });
  });
});

describe('CheckTrainingData', () => {
  const tickers = Array.from({ length: 10 }, (_, i) => `T${i}`);
  const passes = async (counts: number[], interval = '1m') =>
    (await evaluate(
      check.Choices[0]?.Condition as JsonataString,
      {},
      {
        tickers,
        run: { ...sampleRun, interval },
        coverage: counts.map((n, i) => ({ date: `2026-11-2${i}`, tickers: n, truncated: false })),
      },
    )) as boolean;

  it('goes on to create the cluster, or fails with NoTrainingDataError', () => {
    expect(check.Choices[0]?.Next).toBe('CreateCluster');
    expect(check.Default).toBe('NoTrainingData');
    expect(stateOf(definition, 'NoTrainingData', 'Fail').Error).toBe(NO_TRAINING_DATA_ERROR);
    expect(NO_TRAINING_DATA_ERROR).toBe('NoTrainingDataError');
  });

  it.each([
    [[10, 9, 10], true],
    [[10, 8, 10], false],
    [[9], true],
    [[0], false],
    [[0, 0], false],
    [[10, 0, 10], true],
  ])('sessions with %j of 10 tickers: %s', async (counts, expected) => {
    expect(await passes(counts)).toBe(expected);
  });

  it('needs as many sessions with data as the interval needs (3 at 1h)', async () => {
    expect([await passes([10, 10, 0], '1h'), await passes([10, 10, 10], '1h')]).toStrictEqual([
      false,
      true,
    ]);
  });

  it('names every reason in the cause', async () => {
    const fail = stateOf(definition, 'NoTrainingData', 'Fail');
    const cause = await evaluate(
      fail.Cause,
      {},
      {
        tickers,
        run: { ...sampleRun, interval: '1h', from: '2026-11-20', to: '2026-11-24' },
        coverage: [
          { date: '2026-11-20', tickers: 10, truncated: true },
          { date: '2026-11-23', tickers: 3, truncated: false },
          { date: '2026-11-24', tickers: 0, truncated: false },
        ],
      },
    );
    expect(cause).toBe(
      'raw/interval=1h/ 2026-11-20..2026-11-24: 2 of 3 sessions hold data for any of the 10 tickers, fewer than the 3 interval 1h needs; ' +
        'below 90% of the 10 tickers: 2026-11-23 (3); no data: 2026-11-24; ' +
        'more than 1000 tickers stored, counted from the first 1000: 2026-11-20',
    );
  });
});
