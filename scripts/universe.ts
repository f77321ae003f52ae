/**
 * Reads and checks a universe CSV (header `ticker,name`). Scripts and tests use it; workflows/
 * stays pure and receives only the count.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { TICKER_MAX_CHARS, TICKER_PATTERN } from '../workflows/pipeline/bounds.ts';

export const UNIVERSE_FILE = fileURLToPath(new URL('../config/universe.csv', import.meta.url));

/** The Lambdas' allow-list; a shipped file must already be upper case. */
const TICKER = new RegExp(TICKER_PATTERN);
const tickerOk = (t: string) =>
  t.length <= TICKER_MAX_CHARS && TICKER.test(t) && t === t.toUpperCase() && !t.includes('..');

export type Universe = { tickers: string[]; problems: string[] };

export const parseUniverse = (text: string): Universe => {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const problems: string[] = [];
  if (lines[0] !== 'ticker,name')
    problems.push(`line 1: header must be 'ticker,name', got ${JSON.stringify(lines[0])}`);
  const tickers: string[] = [];
  const seen = new Set<string>();
  lines.slice(1).forEach((line, i) => {
    const [ticker = '', ...rest] = line.split(',');
    const at = `line ${i + 2}`;
    if (!tickerOk(ticker)) {
      problems.push(
        `${at}: ticker ${JSON.stringify(ticker)} is not an upper-case symbol matching ${TICKER}`,
      );
    }
    if (rest.length !== 1 || rest[0]?.trim() === '')
      problems.push(
        `${at}: want exactly 'ticker,name' (no commas in names), got ${JSON.stringify(line)}`,
      );
    if (seen.has(ticker)) problems.push(`${at}: duplicate ticker ${ticker}`);
    seen.add(ticker);
    tickers.push(ticker);
  });
  return { tickers, problems };
};

export const readUniverse = async (file = UNIVERSE_FILE): Promise<Universe> =>
  parseUniverse(await readFile(file, 'utf8'));
