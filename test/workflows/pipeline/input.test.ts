import { describe, expect, it } from 'vitest';
import type { StateMachine } from '../../../asl/types.ts';
import { TICKER_RULE } from '../../../contracts/ticker.ts';
import { runExecution } from '../../../engine/index.ts';
import {
  buildMarketDataPipeline,
  defaultMarketDataPipelineConfig,
  INVALID_INPUT_ERROR,
} from '../../../workflows/market-data-pipeline.ts';
import { context, evaluate, pipelineDefinition, stateOf } from './helpers.ts';

type Validated = { run: Record<string, unknown>; problems: string[] };

const validate = async (
  input: unknown,
  startTime = '2026-11-25T06:00:00.000Z',
  definition: StateMachine = pipelineDefinition,
): Promise<Validated> =>
  (await evaluate(stateOf(definition, 'ValidateInput', 'Pass').Output, {
    input,
    context: context(startTime),
  })) as Validated;

describe('ValidateInput defaults', () => {
  it('fills every default from {}: the last weekday session before the start date', async () => {
    expect(await validate({})).toStrictEqual({
      run: {
        from: '2026-11-24',
        to: '2026-11-24',
        dates: ['2026-11-24'],
        interval: '1m',
        provider: 'yahoo',
        maxDepth: 5,
        testFraction: 0.2,
      },
      problems: [],
    });
  });

  it('skips the weekend: a Monday run downloads the previous Friday', async () => {
    const { run } = await validate({}, '2026-11-30T06:00:00.000Z');
    expect(run.dates).toStrictEqual(['2026-11-27']);
  });

  it('covers lookbackDays weekday sessions before the start date', async () => {
    const config = {
      ...defaultMarketDataPipelineConfig,
      defaults: { ...defaultMarketDataPipelineConfig.defaults, lookbackDays: 3 },
    };
    const definition = buildMarketDataPipeline(config).definition;
    const { run } = await validate({}, '2026-11-30T00:05:00.000Z', definition);
    expect([run.from, run.to, run.dates]).toStrictEqual([
      '2026-11-25',
      '2026-11-27',
      ['2026-11-25', '2026-11-26', '2026-11-27'],
    ]);
  });

  it('accepts and ignores the parent link a nesting execution passes', async () => {
    const input = {
      AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID:
        'arn:aws:states:eu-west-2:123456789012:execution:parent:run-1',
    };
    expect(await validate(input)).toStrictEqual(await validate({}));
  });

  it('accepts the console default input and ignores its Comment', async () => {
    expect((await validate({ Comment: 'Insert your JSON here' })).problems).toStrictEqual([]);
  });

  it('treats null fields as absent', async () => {
    const { run, problems } = await validate({ tickers: null, date: null, interval: null });
    expect([problems, run.tickers, run.interval]).toStrictEqual([[], undefined, '1m']);
  });

  it('takes a date as a one-session window', async () => {
    const { run } = await validate({ date: '2026-11-20' });
    expect([run.from, run.to, run.dates]).toStrictEqual([
      '2026-11-20',
      '2026-11-20',
      ['2026-11-20'],
    ]);
  });

  it('lists only the weekdays of a from/to window', async () => {
    const { run } = await validate({ from: '2026-11-20', to: '2026-11-24' });
    expect(run.dates).toStrictEqual(['2026-11-20', '2026-11-23', '2026-11-24']);
  });

  it('passes tickers, interval, provider and training parameters through', async () => {
    const { run, problems } = await validate({
      tickers: ['AZN.L', 'bt-a.l', '^FTSE', 'GBPUSD=X'],
      interval: '5m',
      provider: 'synthetic',
      maxDepth: 8,
      testFraction: 0.3,
    });
    expect(problems).toStrictEqual([]);
    expect(run).toMatchObject({
      tickers: ['AZN.L', 'bt-a.l', '^FTSE', 'GBPUSD=X'],
      interval: '5m',
      provider: 'synthetic',
      maxDepth: 8,
      testFraction: 0.3,
    });
  });
});

describe('ValidateInput rejects bad input, naming the field and the rule', () => {
  it.each([
    ['a non-object input', 'AZN.L', "input must be a JSON object, got 'AZN.L'"],
    [
      'an unknown field',
      { tickrs: ['A'] },
      "unknown field 'tickrs' (allowed: tickers, date, from, to, interval, provider, maxDepth, testFraction, replaceWithFewerRows)",
    ],
    [
      'tickers that are not an array',
      { tickers: 'AZN.L' },
      "tickers must be an array of ticker symbols, got 'AZN.L'",
    ],
    ['an empty ticker list', { tickers: [] }, 'tickers must list 1 to 100 symbols, got 0'],
    [
      'too many tickers',
      { tickers: Array.from({ length: 101 }, (_, i) => `T${i}`) },
      'tickers must list 1 to 100 symbols, got 101',
    ],
    [
      'a ticker outside the allow-list',
      { tickers: ['AZN.L', 'BAD TICKER'] },
      `tickers[1] must be ${TICKER_RULE}, got 'BAD TICKER'`,
    ],
    [
      'a ticker longer than 15 characters',
      { tickers: ['ABCDEFGHIJKLMNOP'] },
      `tickers[0] must be ${TICKER_RULE}, got 'ABCDEFGHIJKLMNOP'`,
    ],
    [
      'a ticker ending in a dot',
      { tickers: ['AZN.'] },
      `tickers[0] must be ${TICKER_RULE}, got 'AZN.'`,
    ],
    [
      'a ticker with a double dot',
      { tickers: ['A..B'] },
      `tickers[0] must be ${TICKER_RULE}, got 'A..B'`,
    ],
    [
      'a caret inside a ticker',
      { tickers: ['A^B'] },
      `tickers[0] must be ${TICKER_RULE}, got 'A^B'`,
    ],
    ['a non-string ticker', { tickers: [7] }, `tickers[0] must be ${TICKER_RULE}, got 7`],
    [
      'a malformed date',
      { date: '20261120' },
      "date must be a YYYY-MM-DD calendar date, got '20261120'",
    ],
    [
      'an impossible date',
      { date: '2026-02-30' },
      "date must be a YYYY-MM-DD calendar date, got '2026-02-30'",
    ],
    [
      'a date in the future',
      { date: '2026-11-26' },
      'date (2026-11-26) must not be after the execution start date (2026-11-25)',
    ],
    [
      'a weekend date',
      { date: '2026-11-21' },
      'the window 2026-11-21..2026-11-21 contains no weekday session',
    ],
    [
      'date with from/to',
      { date: '2026-11-20', from: '2026-11-19', to: '2026-11-20' },
      'date cannot be combined with from/to: give one date, or a from/to window',
    ],
    ['from without to', { from: '2026-11-20' }, 'from and to must be given together'],
    [
      'a malformed from',
      { from: '2026-1-2', to: '2026-11-20' },
      "from must be a YYYY-MM-DD calendar date, got '2026-1-2'",
    ],
    [
      'a malformed to',
      { from: '2026-11-20', to: 'today' },
      "to must be a YYYY-MM-DD calendar date, got 'today'",
    ],
    [
      'from after to',
      { from: '2026-11-20', to: '2026-11-19' },
      'from (2026-11-20) must not be after to (2026-11-19)',
    ],
    [
      'a window longer than maxWindowDays',
      { from: '2026-10-01', to: '2026-11-20' },
      'the window 2026-10-01..2026-11-20 spans 51 days, more than the 30 allowed',
    ],
    ['an unknown interval', { interval: '2m' }, "interval must be one of 1m, 5m, 1h, 1d, got '2m'"],
    [
      'an unknown provider',
      { provider: 'bloomberg' },
      "provider must be one of yahoo, alphavantage, synthetic, got 'bloomberg'",
    ],
    [
      'a fractional maxDepth',
      { maxDepth: 2.5 },
      'maxDepth must be an integer from 1 to 30, got 2.5',
    ],
    ['a maxDepth above 30', { maxDepth: 31 }, 'maxDepth must be an integer from 1 to 30, got 31'],
    [
      'a testFraction of 1',
      { testFraction: 1 },
      'testFraction must be a number between 0 and 1 (exclusive), got 1',
    ],
    [
      'a string testFraction',
      { testFraction: '0.2' },
      "testFraction must be a number between 0 and 1 (exclusive), got '0.2'",
    ],
  ])('rejects %s', async (_, input, problem) => {
    expect((await validate(input)).problems).toStrictEqual([problem]);
  });

  it('reports every problem at once', async () => {
    const { problems } = await validate({ interval: 'x', provider: 'y', maxDepth: 0 });
    expect(problems).toHaveLength(3);
  });
});

describe('CheckInput and RejectInput', () => {
  const check = stateOf(pipelineDefinition, 'CheckInput', 'Choice');
  const rule = check.Choices[0];

  it('moves run into a variable and goes on when there are no problems', async () => {
    const input = { run: { from: 'x' }, problems: [] };
    expect(await evaluate(rule?.Condition, { input })).toBe(true);
    expect(await evaluate(rule?.Assign, { input })).toStrictEqual({ run: { from: 'x' } });
    expect(rule?.Next).toBe('CollectBars');
  });

  it('falls through to RejectInput when there is a problem', async () => {
    expect(await evaluate(rule?.Condition, { input: { run: {}, problems: ['bad'] } })).toBe(false);
    expect(check.Default).toBe('RejectInput');
  });

  it('fails with InvalidInputError and a cause joining every problem', async () => {
    const reject = stateOf(pipelineDefinition, 'RejectInput', 'Fail');
    expect(reject.Error).toBe(INVALID_INPUT_ERROR);
    expect(await evaluate(reject.Cause, { input: { problems: ['a is bad', 'b is bad'] } })).toBe(
      'a is bad; b is bad',
    );
  });
});

describe('ValidateInput echoes hostile values cut and escaped', () => {
  const validateAs = async (input: unknown, name: string) =>
    (await evaluate(stateOf(pipelineDefinition, 'ValidateInput', 'Pass').Output, {
      input,
      context: { ...context(), Execution: { ...context().Execution, Name: name } },
    })) as Validated;

  it('cuts a 200 KB ticker to 40 characters and names its length', async () => {
    const { problems } = await validate({ tickers: ['A'.repeat(200_000)] });
    expect(problems).toStrictEqual([
      `tickers[0] must be ${TICKER_RULE}, got '${'A'.repeat(40)}…' (200000 chars)`,
    ]);
  });

  it('escapes a newline, a control character and a bidi override', async () => {
    const { problems } = await validate({ interval: 'a\nb\u0001c\u202Ed' });
    expect(problems).toStrictEqual([
      "interval must be one of 1m, 5m, 1h, 1d, got 'a\\nb\\u0001c%E2%80%AEd'",
    ]);
  });

  it('escapes an unknown field name and keeps an emoji whole', async () => {
    const { problems } = await validate({ 'x\ny🙂': 1 });
    expect(problems[0]).toMatch(/^unknown field 'x\\ny%F0%9F%99%82' \(allowed: /);
  });

  it('names objects instead of printing them', async () => {
    const { problems } = await validate({ maxDepth: { huge: 'x'.repeat(1000) } });
    expect(problems).toStrictEqual(['maxDepth must be an integer from 1 to 30, got an object']);
  });

  it.each(['.', '..'])(
    'refuses the execution name %j, which would name an S3 prefix',
    async (name) => {
      const { problems } = await validateAs({}, name);
      expect(problems).toStrictEqual([
        `the execution name '${name}' cannot name an S3 prefix (the run writes under <prefix>/<execution name>/): start it with another name`,
      ]);
    },
  );
});

describe('a hostile input on the engine', () => {
  it('a 200 KB ticker ends in InvalidInputError, not States.DataLimitExceeded', async () => {
    const placeholders = buildMarketDataPipeline(defaultMarketDataPipelineConfig).placeholders;
    const result = await runExecution(
      pipelineDefinition,
      { tickers: ['A'.repeat(200_000)] },
      {
        timeScale: 0,
        substitutions: Object.fromEntries(placeholders.map((p) => [p, `local-${p}`])),
      },
    );
    expect(result.error).toBe(INVALID_INPUT_ERROR);
    expect(result.cause).toContain('(200000 chars)');
    expect(result.cause?.length).toBeLessThan(1_000);
  });
});

describe('replaceWithFewerRows', () => {
  it('is carried into the run only when true', async () => {
    expect((await validate({ replaceWithFewerRows: true })).run.replaceWithFewerRows).toBe(true);
    expect((await validate({ replaceWithFewerRows: false })).run).not.toHaveProperty(
      'replaceWithFewerRows',
    );
  });

  it('must be a boolean', async () => {
    expect((await validate({ replaceWithFewerRows: 'yes' })).problems).toStrictEqual([
      "replaceWithFewerRows must be true or false, got 'yes'",
    ]);
  });
});
