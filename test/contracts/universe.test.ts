import { describe, expect, it } from 'vitest';
import { calendarFor } from '../../contracts/calendar/exchanges.ts';
import { parseUniverse } from '../../contracts/universe.ts';
import { readUniverse } from '../../scripts/universe.ts';
import { SHIPPED_UNIVERSE_SIZE } from '../../workflows/market-data-pipeline.ts';
import { defaultPipelineConfig } from '../../workflows/pipeline/config.ts';

describe('config/universe.csv', () => {
  it('is well formed: header, allowed symbols, no duplicates', async () => {
    expect((await readUniverse()).problems).toStrictEqual([]);
  });

  it('has the size the default config states', async () => {
    expect((await readUniverse()).tickers).toHaveLength(SHIPPED_UNIVERSE_SIZE);
  });

  it("trades on the exchange the default config names (universe.exchange), as the CLI's calendar sees it", async () => {
    expect(calendarFor((await readUniverse()).tickers)).toBe(
      defaultPipelineConfig.universe.exchange,
    );
  });

  it('lists Yahoo symbols of London listings, such as AZN.L and BT-A.L', async () => {
    const { tickers } = await readUniverse();
    expect(tickers).toEqual(expect.arrayContaining(['AZN.L', 'BT-A.L', 'HSBA.L', 'SHEL.L']));
    expect(tickers.every((t) => t.endsWith('.L'))).toBe(true);
  });
});

describe('parseUniverse', () => {
  it('reports a bad header, a bad symbol, a comma in a name and a duplicate', () => {
    const text = 'symbol,name\nGOOD.L,Good\nbad one,Bad\nX.L,Name, Inc\nGOOD.L,Again\n';
    expect(parseUniverse(text).problems).toStrictEqual([
      `line 1: header must be 'ticker,name', got "symbol,name"`,
      `line 3: ticker "bad one" must be 1-15 characters of A-Z, 0-9, '.', '-', '=' with an optional leading '^', starting and ending with a letter or digit, no '..'`,
      `line 4: want exactly 'ticker,name' (no commas in names), got "X.L,Name, Inc"`,
      'line 5: duplicate ticker GOOD.L',
    ]);
  });

  it('refuses a lower-case symbol: the shipped file is not normalised', () => {
    expect(parseUniverse('ticker,name\nazn.l,AstraZeneca\n').problems).toStrictEqual([
      `line 2: ticker "azn.l" must be 1-15 characters of A-Z, 0-9, '.', '-', '=' with an optional leading '^', starting and ending with a letter or digit, no '..'`,
    ]);
  });
});
