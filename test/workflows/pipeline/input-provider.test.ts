import { describe, expect, it } from 'vitest';
import { context, evaluate, pipelineDefinition, stateOf } from './helpers.ts';

type Validated = { run: Record<string, unknown>; problems: string[] };

// Execution starts 2026-11-25: Yahoo serves 1-minute bars from 2026-10-27 (the last 30 days).
const validate = async (input: unknown): Promise<Validated> =>
  (await evaluate(stateOf(pipelineDefinition, 'ValidateInput', 'Pass').Output, {
    input,
    context: context('2026-11-25T06:00:00.000Z'),
  })) as Validated;

describe('ValidateInput against what the provider serves', () => {
  it('accepts 1-minute Yahoo bars from the oldest day Yahoo still serves', async () => {
    expect((await validate({ date: '2026-10-27' })).problems).toStrictEqual([]);
  });

  it('refuses 1-minute Yahoo bars older than 30 days, naming the field and the limit', async () => {
    expect((await validate({ date: '2026-10-26' })).problems).toStrictEqual([
      'date starts 2026-10-26, but provider yahoo serves interval 1m only for the last 30 days (from 2026-10-27)',
    ]);
  });

  it('names from when a window starts too early for 5-minute bars', async () => {
    const { problems } = await validate({ from: '2026-09-21', to: '2026-09-25', interval: '5m' });
    expect(problems).toStrictEqual([
      'from starts 2026-09-21, but provider yahoo serves interval 5m only for the last 60 days (from 2026-09-27)',
    ]);
  });

  it('puts no history limit on daily Yahoo bars', async () => {
    const { problems } = await validate({ from: '2025-11-03', to: '2025-11-28', interval: '1d' });
    expect(problems).toStrictEqual([]);
  });

  it('applies no Yahoo limit to the synthetic provider', async () => {
    expect((await validate({ date: '2026-01-05', provider: 'synthetic' })).problems).toStrictEqual(
      [],
    );
  });

  it('refuses daily bars from Alpha Vantage, which serves intraday intervals only', async () => {
    const { problems } = await validate({
      from: '2026-10-27',
      to: '2026-11-24',
      interval: '1d',
      provider: 'alphavantage',
    });
    expect(problems).toStrictEqual([
      'provider alphavantage serves interval 1m, 5m, 1h only, got 1d',
    ]);
  });

  it('accepts hourly bars from Alpha Vantage', async () => {
    const { problems } = await validate({
      from: '2026-11-17',
      to: '2026-11-24',
      interval: '1h',
      provider: 'alphavantage',
    });
    expect(problems).toStrictEqual([]);
  });
});
