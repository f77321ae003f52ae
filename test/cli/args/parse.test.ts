import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliOptions, parseArgs } from '../../../cli/args/parse.ts';
import { UsageError } from '../../../cli/errors.ts';

// Saturday 2026-11-28 noon UTC: the last completed NYSE session is Friday 2026-11-27.
const now = new Date('2026-11-28T12:00:00Z');

// A US universe unless a test says otherwise, so the default calendar is NYSE.
const universe = () => ['AAPL', 'MSFT'];

function parse(...argv: string[]): CliOptions {
  const outcome = parseArgs(argv, { now, universe, writeOut: () => {} });
  if (outcome.kind !== 'run') throw new Error('expected options');
  return outcome.options;
}

function usageError(...argv: string[]): string {
  try {
    parseArgs(argv, { now, universe, writeOut: () => {} });
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`expected a UsageError for ${argv.join(' ')}`);
}

describe('parseArgs: defaults', () => {
  it('runs locally on the last completed session with the universe when given no flags', () => {
    const options = parse();
    expect(options.target).toBe('local');
    expect(options.tickersSource).toBe('universe');
    expect(options.runs).toHaveLength(1);
    expect(options.runs[0]?.input).toStrictEqual({ date: '2026-11-27' });
  });

  it('names the run from the date and an input hash', () => {
    expect(parse().runs[0]?.name).toMatch(/^mdp-2026-11-27-[0-9a-f]{12}$/);
  });

  it('gives the same name to the same tickers in another order and case', () => {
    const a = parse('--tickers', 'AAPL,msft').runs[0]?.name;
    const b = parse('--tickers', 'MSFT, aapl').runs[0]?.name;
    expect(a).toBe(b);
  });

  it('gives different names to different inputs', () => {
    expect(parse('--tickers', 'AAPL').runs[0]?.name).not.toBe(
      parse('--tickers', 'MSFT').runs[0]?.name,
    );
  });

  it('puts interval and provider into the input when given', () => {
    const options = parse('--date', '2026-11-25', '--interval', '5m', '--provider', 'synthetic');
    expect(options.runs[0]?.input).toStrictEqual({
      date: '2026-11-25',
      interval: '5m',
      provider: 'synthetic',
    });
  });

  it('returns exit 0 for --help after writing the help', () => {
    let written = '';
    const outcome = parseArgs(['--help'], {
      now,
      writeOut: (text) => {
        written += text;
      },
    });
    expect(outcome).toStrictEqual({ kind: 'exit', code: 0 });
    expect(written).toContain('--tickers-file');
  });
});

describe('parseArgs: --calendar auto', () => {
  const withUniverse = (tickers: string[], ...argv: string[]) => {
    const outcome = parseArgs(argv, { now, universe: () => tickers, writeOut: () => {} });
    if (outcome.kind !== 'run') throw new Error('expected options');
    return outcome.options;
  };

  it('uses London for a universe of .L listings (the shipped FTSE 100)', () => {
    expect(withUniverse(['VOD.L', 'AZN.L']).exchange).toBe('lse');
  });

  it('uses New York for US tickers', () => {
    expect(withUniverse(['VOD.L'], '--tickers', 'AAPL').exchange).toBe('nyse');
  });

  it('uses New York for a mixed list', () => {
    expect(withUniverse([], '--tickers', 'AAPL,VOD.L').exchange).toBe('nyse');
  });

  it('judges the tickers of --input too', () => {
    expect(withUniverse([], '--input', '{"tickers":["BARC.L"]}').exchange).toBe('lse');
  });

  it('keeps an explicit --calendar', () => {
    expect(withUniverse(['VOD.L'], '--calendar', 'nyse').exchange).toBe('nyse');
  });

  it('accepts US Thanksgiving as a London trading day', () => {
    expect(withUniverse(['VOD.L'], '--date', '2026-11-26').runs[0]?.date).toBe('2026-11-26');
  });
});

describe('parseArgs: backfill', () => {
  it('starts one execution per trading day, skipping the weekend and Thanksgiving', () => {
    const options = parse('--from', '2026-11-20', '--to', '2026-11-27', '--target', 'aws');
    expect(options.runs.map((run) => run.date)).toStrictEqual([
      '2026-11-20',
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-27',
    ]);
  });

  it('gives every day its own idempotent name', () => {
    const names = parse('--from', '2026-11-20', '--to', '2026-11-27').runs.map((run) => run.name);
    expect(new Set(names).size).toBe(5);
    expect(
      parse('--from', '2026-11-20', '--to', '2026-11-27').runs.map((run) => run.name),
    ).toStrictEqual(names);
  });

  it('reports the skipped days with their reason', () => {
    const options = parse('--from', '2026-11-25', '--to', '2026-11-27');
    expect(options.backfill?.skipped).toStrictEqual([
      { date: '2026-11-26', reason: 'Thanksgiving Day' },
    ]);
  });

  it('defaults --to to the last completed session', () => {
    expect(parse('--from', '2026-11-25').backfill?.to).toBe('2026-11-27');
  });

  it('defaults concurrency to 1 locally and 4 on AWS', () => {
    expect(parse('--from', '2026-11-23').concurrency).toBe(1);
    expect(parse('--from', '2026-11-23', '--target', 'aws').concurrency).toBe(4);
  });
});

describe('parseArgs: bad input exits 2 naming the flag', () => {
  it.each([
    [['--bogus'], /unknown option '--bogus'/],
    [['--date', '2026-02-30'], /--date: '2026-02-30' is not a real date/],
    [['--date', '27/11/2026'], /--date: '27\/11\/2026' is not a real date/],
    [['--date', '2026-11-21'], /--date 2026-11-21 is not a NYSE trading day \(a Saturday\)/],
    [['--date', '2026-11-26'], /Thanksgiving Day/],
    [['--date', '2026-12-01'], /--date 2026-12-01 has not closed yet/],
    [['--from', '2026-11-27', '--to', '2026-11-20'], /--from 2026-11-27 is after --to 2026-11-20/],
    [['--from', '2026-11-21', '--to', '2026-11-22'], /no NYSE trading day in the range/],
    [['--to', '2026-11-20'], /--to needs --from/],
    [
      ['--tickers', 'AAPL,../etc/passwd'],
      /--tickers: ticker "..\/etc\/passwd" must be 1-15 characters/,
    ],
    [['--tickers', 'AAPL;rm -rf /'], /--tickers: ticker "AAPL;rm -rf \/" must be/],
    [
      ['--tickers', 'ABCDEFGHIJKLMNOP'],
      /--tickers: ticker "ABCDEFGHIJKLMNOP" is 16 characters, more than 15/,
    ],
    [['--tickers', '$(whoami)'], /--tickers: ticker "\$\(whoami\)" must be/],
    [['--tickers', ','], /--tickers: no tickers given/],
    [
      ['--tickers-file', '/nonexistent/tickers.csv'],
      /--tickers-file: cannot read '\/nonexistent\/tickers.csv' \(ENOENT\)/,
    ],
    [['--input', '{"date":'], /--input: not valid JSON/],
    [['--input', '[1,2]'], /--input: must be a JSON object/],
    [['--input', '{}', '--tickers', 'AAPL'], /--input cannot be combined with --tickers/],
    [['--interval', '2m'], /--interval <interval>' argument '2m' is invalid/],
    [['--target', 'gcp'], /Allowed choices are local, aws/],
    [['--name', 'has space'], /--name: 'has space' must be 1-80 characters/],
    [['--name', 'x'.repeat(81)], /--name: 'x+' must be 1-80 characters/],
    [
      ['--state-machine-arn', 'arn:aws:states:us-east-1:1:stateMachine:x', '--target', 'aws'],
      /--state-machine-arn: .* is not a state machine ARN/,
    ],
    [['--stack-name', 'MyStack'], /--stack-name applies to --target aws only/],
    [['--no-wait'], /--no-wait applies to --target aws only/],
    [['--target', 'aws', '--time-scale', '0'], /--time-scale applies to --target local only/],
    [
      ['--concurrency', '0', '--from', '2026-11-23'],
      /--concurrency: '0' must be an integer from 1 to 40/,
    ],
    [
      ['--assume', 'clusterMinutes=-1'],
      /--assume clusterMinutes: '-1' is not a non-negative number/,
    ],
    [['--assume', 'discount=0.5'], /--assume: 'discount=0.5' is not key=value with a known key/],
    [
      ['--date', '2026-11-27', '--from', '2026-11-23'],
      /--date cannot be combined with --from\/--to/,
    ],
    [['extra'], /unknown workflow 'extra' \(registered: market-data-pipeline/],
    [['market-data-pipeline', 'extra'], /too many arguments/],
    [
      ['market-data-pipeline', '--manifest', 'm.json'],
      /--manifest: workflow 'market-data-pipeline' has no input 'manifest'/,
    ],
    [['--max-depth', '0'], /--max-depth/],
    [['--test-fraction', '1'], /--test-fraction must be strictly between 0 and 1, got 1/],
  ])('%j', (argv, message) => {
    expect(usageError(...argv)).toMatch(message);
  });

  it('escapes control characters of a hostile ticker in the message', () => {
    const message = usageError('--tickers', 'AB\u001b[2JC');
    expect(message).toContain('AB\\u001b[2JC');
    expect(message).not.toContain('\u001b');
  });

  it('accepts index, class-share, London and FX symbols', () => {
    expect(parse('--tickers', '^GSPC,brk-b,VOD.L,EURUSD=X').runs[0]?.input.tickers).toStrictEqual([
      'BRK-B',
      'EURUSD=X',
      'VOD.L',
      '^GSPC',
    ]);
  });
});

describe('parseArgs: tickers file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-args-'));

  it('reads the first column of a universe CSV', () => {
    const path = join(dir, 'universe.csv');
    writeFileSync(path, 'ticker,name\nMSFT,Microsoft\naapl,Apple\n\n# comment\n');
    expect(parse('--tickers-file', path).runs[0]?.input.tickers).toStrictEqual(['AAPL', 'MSFT']);
  });

  it('reads one ticker per line without a header', () => {
    const path = join(dir, 'plain.txt');
    writeFileSync(path, 'VOD.L\nBRK-B\n');
    expect(parse('--tickers-file', path).runs[0]?.input.tickers).toStrictEqual(['BRK-B', 'VOD.L']);
  });

  it('names the file and the bad value when a line is hostile', () => {
    const path = join(dir, 'bad.txt');
    writeFileSync(path, 'AAPL\n<script>\n');
    expect(usageError('--tickers-file', path)).toMatch(
      /--tickers-file .*bad.txt: ticker "<script>" must be/,
    );
  });
});

describe('parseArgs: raw input', () => {
  it('takes --input as the execution input and hashes it for the name', () => {
    const options = parse('--input', '{"date":"2026-11-27","tickers":["AAPL"]}');
    expect(options.runs[0]?.input).toStrictEqual({ date: '2026-11-27', tickers: ['AAPL'] });
    expect(options.runs[0]?.name).toBe(
      parse('--input', '{"tickers":["AAPL"],"date":"2026-11-27"}').runs[0]?.name,
    );
  });
});

describe('parseArgs: workflows', () => {
  it('starts market-data-pipeline when no workflow is named, as before the registry', () => {
    const named = parse('market-data-pipeline', '--date', '2026-11-27');
    const unnamed = parse('--date', '2026-11-27');
    expect(unnamed.workflow).toBe('market-data-pipeline');
    expect(named).toStrictEqual(unnamed);
  });

  it('puts --max-depth and --test-fraction into the input of a workflow that takes them', () => {
    const options = parse('--max-depth', '7', '--test-fraction', '0.25');
    expect(options.runs[0]?.input).toStrictEqual({
      date: '2026-11-27',
      maxDepth: 7,
      testFraction: 0.25,
    });
  });

  it('gives train-model its --from/--to window and model flags as one execution, not a backfill', () => {
    const options = parse(
      'train-model',
      '--from',
      '2026-11-23',
      '--to',
      '2026-11-27',
      '--max-depth',
      '3',
    );
    expect(options.backfill).toBeUndefined();
    expect(options.runs).toHaveLength(1);
    expect(options.runs[0]?.input).toStrictEqual({
      from: '2026-11-23',
      to: '2026-11-27',
      maxDepth: 3,
    });
    expect(options.runs[0]?.name).toMatch(/^tm-input-[0-9a-f]{12}$/);
  });

  it('refuses a training flag for collect-bars, naming its inputs', () => {
    expect(usageError('collect-bars', '--max-depth', '3')).toBe(
      "--max-depth: workflow 'collect-bars' has no input 'maxDepth' (its inputs: tickers, date, from, to, interval, provider, replaceWithFewerRows)",
    );
  });

  it('--list prints every workflow with its inputs and schedule, and exits 0', () => {
    let text = '';
    const outcome = parseArgs(['--list'], {
      now,
      universe,
      writeOut: (t) => {
        text += t;
      },
    });
    expect(outcome).toStrictEqual({ kind: 'exit', code: 0 });
    expect(text).toContain(
      'market-data-pipeline: collect-bars, then train-model on what it collected, as nested executions',
    );
    expect(text).toContain('schedule: Saturdays 05:11 London (cron(11 5 ? * SAT *) Europe/London)');
    expect(text).toMatch(/^ {4}maxDepth +integer 1\.\.30; default 5\. decision tree depth$/m);
  });
});
