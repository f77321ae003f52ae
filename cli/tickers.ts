/**
 * Ticker lists from `--tickers` or `--tickers-file`, checked before anything starts so that a
 * hostile value never reaches an S3 key, a URL or a shell.
 */
import { readFileSync } from 'node:fs';
import { tickerProblem, upperCaseAscii } from '../contracts/ticker.ts';
import { UsageError } from './errors.ts';

/**
 * Upper-cased ticker, or a UsageError naming `flag` and the value. The rule is the download
 * Lambdas' own allow-list (contracts/ticker.ts), so the CLI refuses exactly what they would.
 */
export function checkTicker(raw: string, flag: string): string {
  const ticker = upperCaseAscii(raw.trim());
  const problem = tickerProblem(ticker, raw.trim());
  if (problem) throw new UsageError(`${flag}: ticker ${problem}`);
  return ticker;
}

/** Sorted and de-duplicated, so the same set of tickers always makes the same execution name. */
export function normaliseTickers(raw: string[], flag: string): string[] {
  const tickers = [...new Set(raw.map((value) => checkTicker(value, flag)))].sort();
  if (tickers.length === 0) throw new UsageError(`${flag}: no tickers given`);
  return tickers;
}

export function parseTickersFlag(value: string): string[] {
  return normaliseTickers(
    value.split(',').filter((part) => part.trim() !== ''),
    '--tickers',
  );
}

/**
 * A tickers file: the universe CSV (`ticker,name` header, first column used) or one ticker per
 * line; blank lines and `#` comments are ignored.
 */
export function readTickersFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`--tickers-file: cannot read '${path}' (${reason})`, { cause: error });
  }
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const header = lines[0]?.toLowerCase().split(',');
  const column = header?.includes('ticker') ? header.indexOf('ticker') : -1;
  const rows = column >= 0 ? lines.slice(1) : lines;
  const values = rows.map((line) => (line.split(',')[Math.max(column, 0)] ?? '').trim());
  return normaliseTickers(values, `--tickers-file ${path}`);
}
