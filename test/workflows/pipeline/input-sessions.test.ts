/**
 * ValidateInput's interval/window rule: a window must hold the weekday sessions the training job
 * needs at the interval (workflows/pipeline/training-needs.ts), and the default window widens
 * to that many. Start: Wednesday 2026-11-25, so the last session before it is Tuesday the 24th.
 */
import { describe, expect, it } from 'vitest';
import type { StateMachine } from '../../../asl/types.ts';
import {
  buildMarketDataPipeline,
  defaultMarketDataPipelineConfig,
  type MarketDataPipelineConfig,
} from '../../../workflows/market-data-pipeline.ts';
import { context, evaluate, pipelineDefinition, stateOf } from './helpers.ts';

type Validated = { run: { from: string; to: string; dates: string[] }; problems: string[] };

const validate = async (
  input: unknown,
  definition: StateMachine = pipelineDefinition,
  startTime = '2026-11-25T06:00:00.000Z',
): Promise<Validated> =>
  (await evaluate(stateOf(definition, 'ValidateInput', 'Pass').Output, {
    input,
    context: context(startTime),
  })) as Validated;

const withDefaults = (
  defaults: Partial<MarketDataPipelineConfig['defaults']>,
): MarketDataPipelineConfig => ({
  ...defaultMarketDataPipelineConfig,
  defaults: { ...defaultMarketDataPipelineConfig.defaults, ...defaults },
});

const DAILY_RULE =
  'the training job needs 19 bars per ticker (15 warm-up, 3 usable rows, 1 label) and 1d gives 1 bar per session';
const HOURLY_RULE =
  'the training job needs 19 bars per ticker (15 warm-up, 3 usable rows, 1 label) and 1h gives at least 7 bars per session';
const REACHABLE = 'a window may span up to 30 days: at most 22 weekdays';

describe('ValidateInput accepts windows that hold the sessions the interval needs', () => {
  it.each([
    ['1m', { date: '2026-11-20' }, 1],
    ['5m', { date: '2026-11-20' }, 1],
    ['1h', { from: '2026-11-19', to: '2026-11-23' }, 3],
    ['1d', { from: '2026-10-29', to: '2026-11-24' }, 19],
    ['1d', { from: '2026-10-26', to: '2026-11-24' }, 22],
  ])('accepts %s over %j (%i sessions)', async (interval, window, sessions) => {
    const { run, problems } = await validate({ ...window, interval });
    expect([problems, run.dates.length]).toStrictEqual([[], sessions]);
  });
});

describe('ValidateInput refuses windows too short for the interval, naming the field and the rule', () => {
  it.each([
    // 1m and 5m need one session: a window without one is the only too-short window.
    ['1m', { date: '2026-11-21' }, 'the window 2026-11-21..2026-11-21 contains no weekday session'],
    [
      '5m',
      { from: '2026-11-21', to: '2026-11-22' },
      'the window 2026-11-21..2026-11-22 contains no weekday session',
    ],
    [
      '1h',
      { from: '2026-11-20', to: '2026-11-23' },
      `from/to 2026-11-20..2026-11-23 holds 2 weekday sessions, fewer than the 3 interval 1h needs: ${HOURLY_RULE}; give from/to spanning at least 3 weekdays (${REACHABLE})`,
    ],
    [
      '1h',
      { date: '2026-11-20' },
      `date 2026-11-20 holds 1 weekday session, fewer than the 3 interval 1h needs: ${HOURLY_RULE}; give from/to spanning at least 3 weekdays (${REACHABLE})`,
    ],
    [
      '1d',
      { from: '2026-10-30', to: '2026-11-24' },
      `from/to 2026-10-30..2026-11-24 holds 18 weekday sessions, fewer than the 19 interval 1d needs: ${DAILY_RULE}; give from/to spanning at least 19 weekdays (${REACHABLE})`,
    ],
  ])('refuses %s over %j', async (interval, window, problem) => {
    expect((await validate({ ...window, interval })).problems).toStrictEqual([problem]);
  });

  it('says when no window within maxWindowDays can hold enough sessions', async () => {
    const definition = buildMarketDataPipeline(withDefaults({ maxWindowDays: 14 })).definition;
    const { problems } = await validate(
      { interval: '1d', from: '2026-11-11', to: '2026-11-24' },
      definition,
    );
    expect(problems).toStrictEqual([
      `from/to 2026-11-11..2026-11-24 holds 10 weekday sessions, fewer than the 19 interval 1d needs: ${DAILY_RULE}; no window can, as windows span at most 14 days (defaults.maxWindowDays: at most 10 weekdays); use a finer interval, or raise defaults.maxWindowDays in the pipeline config`,
    ]);
  });

  it('refuses the default window for 1d when the cap leaves no room to widen it', async () => {
    const definition = buildMarketDataPipeline(withDefaults({ maxWindowDays: 14 })).definition;
    const { problems } = await validate({ interval: '1d' }, definition);
    expect(problems[0]).toMatch(
      /^the default window \(defaults\.lookbackDays\) 2026-11-24\.\.2026-11-24 holds 1 weekday session, fewer than the 19 interval 1d needs: /,
    );
  });
});

describe('ValidateInput refuses a ticker list certain to give the job too few rows', () => {
  it('refuses a few tickers at 1d, counting them as prepare-input will (upper-cased, once)', async () => {
    const { problems } = await validate({ tickers: ['aapl', 'AAPL', 'MSFT'], interval: '1d' });
    expect(problems).toStrictEqual([
      'tickers lists 2 symbols, which at interval 1d over 19 weekday sessions give at most 6 usable rows (3 per ticker), at most 4 of them before the testFraction 0.2 cut; the training job needs 50 train and 10 test rows: list at least 21 tickers, or widen the window (up to 30 days)',
    ]);
  });

  it('refuses 20 tickers at 1d over 19 sessions: 60 rows, but at most 47 before the cut', async () => {
    const tickers = Array.from({ length: 20 }, (_, i) => `T${i}`);
    const { problems } = await validate({ tickers, interval: '1d' });
    expect(problems[0]).toMatch(/give at most 60 usable rows \(3 per ticker\), at most 47 of them/);
  });

  it('does not refuse the 21 tickers it asks for', async () => {
    const tickers = Array.from({ length: 21 }, (_, i) => `T${i}`);
    expect((await validate({ tickers, interval: '1d' })).problems).toStrictEqual([]);
  });

  it('bounds the train rows with the run’s own testFraction', async () => {
    const tickers = Array.from({ length: 21 }, (_, i) => `T${i}`);
    const { problems } = await validate({ tickers, interval: '1d', testFraction: 0.5 });
    expect(problems[0]).toMatch(
      /at most 31 of them before the testFraction 0.5 cut.*at least 34 tickers/,
    );
  });

  it('refuses one ticker over 3 sessions at 1h even if it traded 24 hours a day', async () => {
    const { problems } = await validate({ tickers: ['GBPUSD=X'], interval: '1h' });
    expect(problems[0]).toMatch(
      /^tickers lists 1 symbol, which at interval 1h over 3 weekday sessions give at most 56 usable rows/,
    );
  });

  it('accepts one ticker at 1h over a week', async () => {
    const input = { tickers: ['AAPL'], interval: '1h', from: '2026-11-16', to: '2026-11-20' };
    expect((await validate(input)).problems).toStrictEqual([]);
  });

  it('accepts one ticker over one session at 1m', async () => {
    expect((await validate({ tickers: ['AAPL'], date: '2026-11-20' })).problems).toStrictEqual([]);
  });

  it('leaves the count to the sessions rule when the window is already too short', async () => {
    const { problems } = await validate({ tickers: ['AAPL'], interval: '1d', date: '2026-11-20' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^date 2026-11-20 holds 1 weekday session/);
  });
});

describe('ValidateInput widens the default window to what the interval needs', () => {
  it('covers the last 19 weekday sessions for { interval: 1d }', async () => {
    const { run, problems } = await validate({ interval: '1d' });
    expect([problems, run.from, run.to, run.dates.length]).toStrictEqual([
      [],
      '2026-10-29',
      '2026-11-24',
      19,
    ]);
  });

  it('covers the last 3 weekday sessions for { interval: 1h }, skipping the weekend', async () => {
    const { run } = await validate({ interval: '1h' }, pipelineDefinition, '2026-11-24T06:00:00Z');
    expect(run.dates).toStrictEqual(['2026-11-19', '2026-11-20', '2026-11-23']);
  });

  it('keeps one session for 1m and 5m', async () => {
    const { run } = await validate({ interval: '5m' });
    expect(run.dates).toStrictEqual(['2026-11-24']);
  });

  it('keeps lookbackDays when it already exceeds the need', async () => {
    const definition = buildMarketDataPipeline(withDefaults({ lookbackDays: 5 })).definition;
    const { run } = await validate({ interval: '1h' }, definition);
    expect(run.dates).toHaveLength(5);
  });

  it('widens for a default interval of 1d, so the schedule’s {} trains daily bars', async () => {
    const definition = buildMarketDataPipeline(withDefaults({ interval: '1d' })).definition;
    const { run, problems } = await validate({}, definition);
    expect([problems, run.dates.length]).toStrictEqual([[], 19]);
  });
});

describe('the pipeline config', () => {
  it('refuses a default interval no window of maxWindowDays can train', () => {
    expect(() =>
      buildMarketDataPipeline(withDefaults({ interval: '1d', maxWindowDays: 14 })),
    ).toThrow(
      'Pass ValidateInput: defaults.interval needs windows of 19 weekday sessions for the training job, more than a window of defaults.maxWindowDays (14 days) always holds (10), got "1d"',
    );
  });

  it('refuses a lookback whose weekday sessions can outgrow the window cap', () => {
    expect(() => buildMarketDataPipeline(withDefaults({ lookbackDays: 22 }))).toThrow(
      'Pass ValidateInput: defaults.lookbackDays must be an integer between 1 and 21 (the weekday sessions a window of defaults.maxWindowDays, 30 days, always holds), got 22',
    );
  });
});
