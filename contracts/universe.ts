/**
 * The rule a shipped universe CSV follows (header `ticker,name`, the Lambdas' ticker allow-list,
 * no duplicates). Pure: whoever reads the file checks its text here (scripts/universe.ts for
 * `npm run snapshots`, infra/stack.ts for the file a deployment ships); workflows/ receives only
 * the count.
 */
import { tickerProblem } from './ticker.ts';

/**
 * The shipped universe, relative to the repository root: the stack deploys it (infra's default
 * `universeFile`), the local runtime uploads it, the CLI counts it, `npm run snapshots` checks it.
 */
export const UNIVERSE_PATH = 'config/universe.csv';

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
    // The Lambdas' allow-list, unnormalised: a shipped file must already be upper case.
    const problem = tickerProblem(ticker);
    if (problem) problems.push(`${at}: ticker ${problem}`);
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
