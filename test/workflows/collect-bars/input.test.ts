import { describe, expect, it } from 'vitest';
import type { StateMachine } from '../../../asl/types.ts';
import { buildCollectBars } from '../../../workflows/collect-bars/collect-bars.ts';
import { context, evaluate, stateOf } from '../pipeline/helpers.ts';
import { inlineDefinition, withConfig } from './helpers.ts';

type Validated = { run: Record<string, unknown>; problems: string[] };

const validate = async (
  input: unknown,
  startTime = '2026-11-25T17:30:00.000Z',
  definition: StateMachine = inlineDefinition,
): Promise<Validated> =>
  (await evaluate(stateOf(definition, 'ValidateInput', 'Pass').Output, {
    input,
    context: context(startTime),
  })) as Validated;

describe('collect-bars ValidateInput', () => {
  it("fills the defaults from {}: the start date's session, when the schedule runs after the close", async () => {
    expect(await validate({})).toStrictEqual({
      run: {
        from: '2026-11-25',
        to: '2026-11-25',
        dates: ['2026-11-25'],
        interval: '1m',
        provider: 'yahoo',
      },
      problems: [],
    });
  });

  it('collects the Friday when started on a Saturday', async () => {
    const { run } = await validate({}, '2026-11-28T17:30:00.000Z');
    expect(run.dates).toStrictEqual(['2026-11-27']);
  });

  it('ends the default window on the start date only with defaults.includeStartDate', async () => {
    const definition = buildCollectBars(
      withConfig({ defaults: { includeStartDate: false } }),
    ).definition;
    const { run } = await validate({}, '2026-11-25T17:30:00.000Z', definition);
    expect(run.dates).toStrictEqual(['2026-11-24']);
  });

  it('refuses the training fields, listing the fields it takes', async () => {
    const { problems } = await validate({ maxDepth: 3, testFraction: 0.1 });
    expect(problems).toStrictEqual([
      "unknown field 'maxDepth' (allowed: tickers, date, from, to, interval, provider, replaceWithFewerRows)",
      "unknown field 'testFraction' (allowed: tickers, date, from, to, interval, provider, replaceWithFewerRows)",
    ]);
  });

  it('takes one session at an interval the training job could not train on alone', async () => {
    const { run, problems } = await validate({ date: '2026-11-20', interval: '1d' });
    expect([problems, run.dates]).toStrictEqual([[], ['2026-11-20']]);
  });

  it('takes a single ticker, which no training check counts', async () => {
    expect(
      (await validate({ tickers: ['AZN.L'], interval: '1d', date: '2026-11-20' })).problems,
    ).toStrictEqual([]);
  });

  it('takes a window of defaults.maxWindowDays (30): the manifest does not list the objects', async () => {
    const { run, problems } = await validate({ from: '2026-10-27', to: '2026-11-25' });
    expect([problems, (run.dates as string[]).length]).toStrictEqual([[], 22]);
  });

  it('refuses the start date during its session, and takes it after the LSE close (16:30 UTC in November)', async () => {
    const input = { tickers: ['AZN.L'], date: '2026-11-25' };
    expect((await validate(input, '2026-11-25T10:00:00.000Z')).problems).toStrictEqual([
      'date (2026-11-25) must be a closed session: the LSE session closes at 16:30 Europe/London (2026-11-25T16:30:00.000Z), after the execution start (2026-11-25T10:00:00.000Z); only closed sessions are collected',
    ]);
    expect((await validate(input, '2026-11-25T17:30:00.000Z')).problems).toStrictEqual([]);
  });

  it('refuses a window longer than defaults.maxWindowDays (30)', async () => {
    expect((await validate({ from: '2026-10-26', to: '2026-11-25' })).problems).toStrictEqual([
      'the window 2026-10-26..2026-11-25 spans 31 days, more than the 30 allowed',
    ]);
  });

  it('still checks what the provider serves', async () => {
    expect((await validate({ provider: 'alphavantage', interval: '1d' })).problems).toStrictEqual([
      'provider alphavantage serves interval 1m, 5m, 1h only, got 1d',
    ]);
  });

  it('checks the tickers as the pipeline does', async () => {
    const { problems } = await validate({ tickers: ['AZN.L', '../x'] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^tickers\[1\] must be .*, got '\.\.\/x'$/);
  });
});
