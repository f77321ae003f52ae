import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../tasks/prepare-input/errors.ts';
import {
  MAX_TICKERS_LIMIT,
  normaliseTickers,
  parsePrepareEvent,
} from '../../../tasks/prepare-input/prepare.ts';
import { parseCsv, parseUniverse } from '../../../tasks/prepare-input/universe.ts';

const entries = (values: unknown[]) =>
  values.map((value, i) => ({ where: `tickers[${i}]`, value }));
const base = { bucket: 'data', universeKey: 'config/universe.csv', maxTickers: 10 };

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as Error).message;
  }
  throw new Error('expected InvalidInputError, nothing was thrown');
}

describe('normaliseTickers', () => {
  it('upper-cases, removes duplicates after case normalisation and keeps first-seen order', () => {
    expect(
      normaliseTickers(entries(['msft', 'AAPL', 'Msft', 'vod.l', 'aapl']), 10, 'tickers'),
    ).toStrictEqual({
      tickers: ['MSFT', 'AAPL', 'VOD.L'],
      count: 3,
      duplicatesRemoved: 2,
    });
  });

  it('caps the list with an error naming the limit and the count', () => {
    expect(messageOf(() => normaliseTickers(entries(['A', 'B', 'C']), 2, 'tickers'))).toContain(
      'tickers has 3 distinct tickers, more than maxTickers 2',
    );
  });

  it('counts the cap after removing duplicates', () => {
    expect(normaliseTickers(entries(['A', 'a', 'B']), 2, 'tickers').count).toBe(2);
  });

  it('does not let Unicode case mapping turn look-alikes into tickers', () => {
    // 'ı'.toUpperCase() is 'I' and 'ß'.toUpperCase() is 'SS'.
    expect(messageOf(() => normaliseTickers(entries(['aapı', 'straße']), 10, 'tickers'))).toMatch(
      /tickers\[0\] "aap\\u0131".*tickers\[1\] "stra\\u00dfe"/,
    );
  });

  it('names every bad entry by its index', () => {
    const message = messageOf(() =>
      normaliseTickers(entries(['AAPL', '../etc', 7]), 10, 'tickers'),
    );
    expect(message).toContain('tickers[1] "../etc"');
    expect(message).toContain('tickers[2] must be a string, got number 7');
  });
});

describe('parsePrepareEvent', () => {
  it('accepts an event without tickers (use the universe)', () => {
    expect(parsePrepareEvent({ ...base, tickers: null }, 'data').tickers).toBeUndefined();
  });

  it('rejects a bucket other than DATA_BUCKET', () => {
    expect(
      messageOf(() => parsePrepareEvent({ ...base, bucket: 'someone-elses' }, 'data')),
    ).toContain('bucket must be this function\'s data bucket (DATA_BUCKET), got "someone-elses"');
  });

  it.each([
    '../config/universe.csv',
    '/config/universe.csv',
    'config//universe.csv',
    'config/universe.txt',
    'config/../x.csv',
  ])('rejects the universe key %s', (universeKey) => {
    expect(messageOf(() => parsePrepareEvent({ ...base, universeKey }, 'data'))).toContain(
      'universeKey',
    );
  });

  it.each([0, -1, 1.5, '10', MAX_TICKERS_LIMIT + 1])('rejects maxTickers %s', (maxTickers) => {
    expect(messageOf(() => parsePrepareEvent({ ...base, maxTickers }, 'data'))).toContain(
      `maxTickers must be an integer from 1 to ${MAX_TICKERS_LIMIT}`,
    );
  });

  it('rejects tickers given as a string', () => {
    expect(messageOf(() => parsePrepareEvent({ ...base, tickers: 'AAPL,MSFT' }, 'data'))).toContain(
      'tickers must be an array of strings',
    );
  });

  it('rejects an empty tickers list, saying how to use the universe', () => {
    expect(messageOf(() => parsePrepareEvent({ ...base, tickers: [] }, 'data'))).toContain(
      'leave it out (or null) to use the universe',
    );
  });

  it('rejects an unknown field', () => {
    expect(messageOf(() => parsePrepareEvent({ ...base, tikcers: ['A'] }, 'data'))).toContain(
      '"tikcers" is not a known field',
    );
  });
});

describe('universe CSV', () => {
  it('reads the ticker column with line numbers, skipping blank lines', () => {
    expect(
      parseUniverse('ticker,name\nAAPL,Apple Inc.\n\nMSFT,Microsoft\n', 'u.csv'),
    ).toStrictEqual([
      { line: 2, ticker: 'AAPL' },
      { line: 4, ticker: 'MSFT' },
    ]);
  });

  it('reads CRLF line ends, a byte-order mark and quoted names with commas', () => {
    expect(
      parseUniverse(
        '\uFEFFticker,name\r\nBRK-B,"Berkshire Hathaway, Inc."\r\nVOD.L,Vodafone\r\n',
        'u.csv',
      ),
    ).toStrictEqual([
      { line: 2, ticker: 'BRK-B' },
      { line: 3, ticker: 'VOD.L' },
    ]);
  });

  it('parses quoted fields with doubled quotes and newlines', () => {
    expect(parseCsv('a,"b ""x""\ny"\nc,d').map((r) => r.cells)).toStrictEqual([
      ['a', 'b "x"\ny'],
      ['c', 'd'],
    ]);
  });

  it('rejects a file without the ticker header', () => {
    expect(messageOf(() => parseUniverse('AAPL,Apple\n', 'config/universe.csv'))).toContain(
      'universe config/universe.csv must start with the header row "ticker,name"',
    );
  });
});
