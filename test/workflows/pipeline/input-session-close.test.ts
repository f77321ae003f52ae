/**
 * ValidateInput refuses a `date`/`to` whose session has not closed at the execution's start time
 * (issue 14), with the CLI's exchange (calendarFor) and close (contracts/calendar), and its
 * daylight-saving rules agree with the ICU time zones for every day of 2007-2040 (the US rule
 * changed in 2007; the rule only decides for the start date, so earlier years never matter).
 */
import { describe, expect, it } from 'vitest';
import { datesBetween } from '../../../contracts/calendar/dates.ts';
import { EXCHANGES, Exchanges } from '../../../contracts/calendar/exchanges.ts';
import { zonedTimeToUtc } from '../../../contracts/calendar/zoned-time.ts';
import { sessionCloseVariables } from '../../../workflows/pipeline/input-session-close.ts';
import { context, evaluate, inlineDefinition, stateOf } from './helpers.ts';

type Validated = { run: Record<string, unknown>; problems: string[] };

const validate = async (input: unknown, startTime: string): Promise<Validated> =>
  (await evaluate(stateOf(inlineDefinition, 'ValidateInput', 'Pass').Output, {
    input,
    context: context(startTime),
  })) as Validated;

// Wednesday 2026-11-25: the LSE closes at 16:30 UTC (GMT), NYSE at 21:00 UTC (EST).
const DAY = '2026-11-25';

describe('ValidateInput: closed sessions only', () => {
  it('refuses date = the start date before the LSE close, naming the field and the rule', async () => {
    const { problems } = await validate(
      { tickers: ['AZN.L'], date: DAY, interval: '1m' },
      `${DAY}T16:29:59.000Z`,
    );
    expect(problems).toStrictEqual([
      `date (${DAY}) must be a closed session: the LSE session closes at 16:30 Europe/London (${DAY}T16:30:00.000Z), after the execution start (${DAY}T16:29:59.000Z); only closed sessions are collected`,
    ]);
  });

  it('takes date = the start date once the LSE session has closed', async () => {
    const { problems } = await validate(
      { tickers: ['AZN.L'], date: DAY, interval: '1m' },
      `${DAY}T16:30:00.000Z`,
    );
    expect(problems).toStrictEqual([]);
  });

  it('uses the NYSE close when a ticker is not a London listing, as the CLI does', async () => {
    const input = { tickers: ['AZN.L', 'AAPL'], from: '2026-11-24', to: DAY, interval: '1m' };
    expect((await validate(input, `${DAY}T20:59:00.000Z`)).problems).toStrictEqual([
      `to (${DAY}) must be a closed session: the NYSE session closes at 16:00 America/New_York (${DAY}T21:00:00.000Z), after the execution start (${DAY}T20:59:00.000Z); only closed sessions are collected`,
    ]);
    expect((await validate(input, `${DAY}T21:00:00.000Z`)).problems).toStrictEqual([]);
  });

  it("uses the universe's exchange (universe.exchange: lse) without tickers", async () => {
    const input = { date: DAY, interval: '1m' };
    expect((await validate(input, `${DAY}T16:00:00.000Z`)).problems).toHaveLength(1);
    expect((await validate(input, `${DAY}T16:30:00.000Z`)).problems).toStrictEqual([]);
  });

  it('follows British Summer Time: 16:30 London is 15:30 UTC in July', async () => {
    const input = { tickers: ['AZN.L'], date: '2026-07-15', interval: '1m' };
    expect((await validate(input, '2026-07-15T15:29:00.000Z')).problems).toHaveLength(1);
    expect((await validate(input, '2026-07-15T15:30:00.000Z')).problems).toStrictEqual([]);
  });

  it('leaves an earlier date alone at any start time', async () => {
    const input = { tickers: ['AAPL'], date: '2026-11-24', interval: '1m' };
    expect((await validate(input, `${DAY}T00:00:00.000Z`)).problems).toStrictEqual([]);
  });
});

describe('the session close in JSONata', () => {
  it.each(Exchanges)(
    'matches the %s close ICU gives for every day of 2007-2040',
    async (exchange) => {
      const dates = datesBetween('2007-01-01', '2040-12-31');
      const tickers = exchange === 'lse' ? ['AZN.L'] : ['AAPL'];
      const closes = (await evaluate(
        `{% (
        $in := { 'tickers': $tickers };
        $given := function($k) { $k = 'tickers' };
        ${sessionCloseVariables(undefined)}
        $map($dates, $closeMs)
      ) %}`,
        {},
        { dates, tickers },
      )) as number[];
      const { close, timeZone } = EXCHANGES[exchange];
      const wrong = dates.filter((d, i) => closes[i] !== zonedTimeToUtc(d, close, timeZone));
      expect(wrong).toStrictEqual([]);
      expect(closes).toHaveLength(dates.length);
    },
  );
});
