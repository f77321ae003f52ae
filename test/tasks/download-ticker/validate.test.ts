import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../tasks/download-ticker/errors.ts';
import {
  isBatchEvent,
  MAX_BATCH_ITEMS,
  MAX_KEPT_OBJECTS,
  MAX_RANGE_DAYS,
  parseBatchEvent,
  parseDownloadEvent,
} from '../../../tasks/download-ticker/validate.ts';

const NOW = new Date('2026-11-29T12:00:00Z');
const base = { ticker: 'AAPL', date: '2026-11-27', interval: '1m', provider: 'yahoo' };

function errorOf(fn: () => unknown): InvalidInputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected InvalidInputError, nothing was thrown');
}

describe('parseDownloadEvent', () => {
  it('accepts a single-date event and lists that one date', () => {
    expect(parseDownloadEvent({ ...base, executionName: 'run-1' }, NOW)).toStrictEqual({
      ticker: 'AAPL',
      interval: '1m',
      provider: 'yahoo',
      range: { date: '2026-11-27' },
      dates: ['2026-11-27'],
      executionName: 'run-1',
    });
  });

  it('carries replaceWithFewerRows when true and refuses a non-boolean', () => {
    expect(
      parseDownloadEvent({ ...base, replaceWithFewerRows: true }, NOW).replaceWithFewerRows,
    ).toBe(true);
    expect(parseDownloadEvent({ ...base, replaceWithFewerRows: false }, NOW)).not.toHaveProperty(
      'replaceWithFewerRows',
    );
    expect(
      errorOf(() => parseDownloadEvent({ ...base, replaceWithFewerRows: 'yes' }, NOW)).message,
    ).toContain('replaceWithFewerRows must be a boolean, got string');
  });

  it('expands from/to into every calendar date, inclusive', () => {
    const { date: _date, ...rest } = base;
    const request = parseDownloadEvent({ ...rest, from: '2026-10-30', to: '2026-11-02' }, NOW);
    expect(request.dates).toStrictEqual(['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02']);
    expect(request.range).toStrictEqual({ from: '2026-10-30', to: '2026-11-02' });
  });

  it.each([
    ['^GSPC'],
    ['ES=F'],
    ['BRK.B'],
    ['BRK-B'],
    ['VOD.L'],
    ['EURUSD=X'],
    ['BTC-USD'],
    ['A'],
    ['ABCDEFGHIJKLMNO'],
  ])('accepts the real ticker %s', (ticker) => {
    expect(parseDownloadEvent({ ...base, ticker }, NOW).ticker).toBe(ticker);
  });

  it('upper-cases an ASCII lower-case ticker', () => {
    expect(parseDownloadEvent({ ...base, ticker: 'brk.b' }, NOW).ticker).toBe('BRK.B');
  });

  it('does not let Unicode case mapping make a ticker (dotless i, sharp s)', () => {
    expect(errorOf(() => parseDownloadEvent({ ...base, ticker: 'aapı' }, NOW)).message).toContain(
      'ticker',
    );
    expect(errorOf(() => parseDownloadEvent({ ...base, ticker: 'straße' }, NOW)).message).toContain(
      'ticker',
    );
  });

  it('accepts today (UTC) as a date', () => {
    expect(parseDownloadEvent({ ...base, date: '2026-11-29' }, NOW).dates).toStrictEqual([
      '2026-11-29',
    ]);
  });

  it('rejects a date after today, naming the field and today', () => {
    expect(
      errorOf(() => parseDownloadEvent({ ...base, date: '2026-11-30' }, NOW)).message,
    ).toContain('date 2026-11-30 is in the future (today is 2026-11-29 UTC)');
  });

  it.each(['2026-02-29', '2026-13-01', '2026-11-31', '2026-1-5', '26-11-27', '2026-11-27T00:00'])(
    'rejects %s as not a real calendar date',
    (date) => {
      expect(errorOf(() => parseDownloadEvent({ ...base, date }, NOW)).message).toMatch(
        /date .* is not a real calendar date/,
      );
    },
  );

  it('accepts 29 February in a leap year', () => {
    expect(parseDownloadEvent({ ...base, date: '2024-02-29' }, NOW).dates).toStrictEqual([
      '2024-02-29',
    ]);
  });

  it('rejects both date and from/to', () => {
    expect(
      errorOf(() => parseDownloadEvent({ ...base, from: '2026-11-01', to: '2026-11-02' }, NOW))
        .message,
    ).toContain('date and from/to are exclusive');
  });

  it('rejects a range whose from is after its to', () => {
    const { date: _d, ...rest } = base;
    expect(
      errorOf(() => parseDownloadEvent({ ...rest, from: '2026-11-05', to: '2026-11-02' }, NOW))
        .message,
    ).toContain('from 2026-11-05 is after to 2026-11-02');
  });

  it(`rejects a range longer than ${MAX_RANGE_DAYS} days`, () => {
    const { date: _d, ...rest } = base;
    expect(
      errorOf(() => parseDownloadEvent({ ...rest, from: '2024-01-01', to: '2026-01-01' }, NOW))
        .message,
    ).toContain(`more than ${MAX_RANGE_DAYS}`);
  });

  it('rejects an unknown interval, listing the known ones', () => {
    expect(errorOf(() => parseDownloadEvent({ ...base, interval: '2m' }, NOW)).message).toContain(
      'interval must be one of 1m, 5m, 1h, 1d, got "2m"',
    );
  });

  it('rejects an unknown provider, listing the known ones', () => {
    expect(
      errorOf(() => parseDownloadEvent({ ...base, provider: 'bloomberg' }, NOW)).message,
    ).toContain('provider must be one of yahoo, alphavantage, synthetic, got "bloomberg"');
  });

  it('rejects an unknown field by name', () => {
    expect(errorOf(() => parseDownloadEvent({ ...base, bucket: 'x' }, NOW)).message).toContain(
      '"bucket" is not a known field',
    );
  });

  it('reports every problem of an event at once', () => {
    const message = errorOf(() =>
      parseDownloadEvent({ ticker: 'a a', date: 'x', interval: 'y', provider: 'z' }, NOW),
    ).message;
    for (const field of ['ticker', 'date', 'interval', 'provider'])
      expect(message).toContain(field);
  });

  it('carries an objectsKey naming this ticker under a run manifest', () => {
    const objectsKey = 'manifests/collect-bars/run-1/objects/AAPL.json';
    expect(parseDownloadEvent({ ...base, ticker: 'aapl', objectsKey }, NOW).objectsKey).toBe(
      objectsKey,
    );
    expect(parseDownloadEvent(base, NOW)).not.toHaveProperty('objectsKey');
  });

  it.each([
    ['another ticker', 'manifests/collect-bars/run-1/objects/MSFT.json'],
    ['another prefix', 'raw/interval=1m/date=2026-11-27/ticker=AAPL/bars.csv'],
    ['a nested execution name', 'manifests/collect-bars/a/b/objects/AAPL.json'],
    ['no .json', 'manifests/collect-bars/run-1/objects/AAPL'],
  ])('refuses an objectsKey with %s, naming the field and the rule', (_what, objectsKey) => {
    expect(errorOf(() => parseDownloadEvent({ ...base, objectsKey }, NOW)).message).toContain(
      "objectsKey must be manifests/collect-bars/<execution name>/objects/<ticker>.json with the event's ticker (AAPL), got",
    );
  });

  it('refuses an objectsKey that is not a string', () => {
    expect(errorOf(() => parseDownloadEvent({ ...base, objectsKey: 3 }, NOW)).message).toContain(
      'objectsKey must be a string, got number 3',
    );
  });

  it('carries a batch objectsPrefix of a run manifest, and refuses any other', () => {
    const batch = (objectsPrefix: unknown) => ({
      Items: ['AAPL'],
      BatchInput: { date: '2026-11-27', interval: '1m', provider: 'yahoo', objectsPrefix },
    });
    const prefix = 'manifests/collect-bars/run-1/objects/';
    expect(parseBatchEvent(batch(prefix), NOW).objectsPrefix).toBe(prefix);
    for (const bad of [
      'raw/',
      'manifests/collect-bars/run-1/',
      'manifests/collect-bars/a/b/objects/',
      7,
    ]) {
      expect(errorOf(() => parseBatchEvent(batch(bad), NOW)).message).toContain(
        'BatchInput.objectsPrefix must be manifests/collect-bars/<execution name>/objects/, got',
      );
    }
  });

  it('refuses objectsKey in a batch, whose keys are per batch', () => {
    expect(
      errorOf(() =>
        parseBatchEvent(
          { Items: ['AAPL'], BatchInput: { ...base, ticker: undefined, objectsKey: 'k' } },
          NOW,
        ),
      ).message,
    ).toContain('BatchInput."objectsKey" is not a known field');
  });

  it('rejects an execution name with control characters', () => {
    expect(
      errorOf(() => parseDownloadEvent({ ...base, executionName: 'run\n{"level":"ERROR"}' }, NOW))
        .message,
    ).toContain('executionName must be 1-80 characters without control characters');
  });

  it('escapes a hostile value in the message and cuts it to 40 characters', () => {
    const message = errorOf(() =>
      parseDownloadEvent({ ...base, ticker: `\u202e${'x'.repeat(500)}` }, NOW),
    ).message;
    expect(message).toContain('\\u202e');
    expect(message).toContain('(501 chars)');
    expect(message).not.toContain('x'.repeat(41));
  });
});

describe('parseBatchEvent', () => {
  const batchInput = { date: '2026-11-27', interval: '1m', provider: 'synthetic' };

  it('recognises a batch by Items or BatchInput', () => {
    expect(isBatchEvent({ Items: [] })).toBe(true);
    expect(isBatchEvent({ BatchInput: {} })).toBe(true);
    expect(isBatchEvent(base)).toBe(false);
  });

  it('takes tickers from { ticker } items and from plain strings', () => {
    const request = parseBatchEvent(
      { Items: [{ ticker: 'AAPL', name: 'Apple Inc.' }, 'MSFT'], BatchInput: batchInput },
      NOW,
    );
    expect(request.tickers).toStrictEqual(['AAPL', 'MSFT']);
    expect(request.spec.provider).toBe('synthetic');
  });

  it('sets a bad item aside, naming its index, and keeps the others', () => {
    const request = parseBatchEvent(
      { Items: ['AAPL', { ticker: '../x' }], BatchInput: batchInput },
      NOW,
    );
    expect(request.tickers).toStrictEqual(['AAPL']);
    expect(request.rejected.map((r) => [r.ticker, r.error.name, r.error.message])).toStrictEqual([
      ['../x', 'InvalidInputError', expect.stringContaining('Items[1].ticker "../x"')],
    ]);
  });

  it('refuses a batch whose every item is bad', () => {
    expect(
      errorOf(() => parseBatchEvent({ Items: ['../x', 'a b'], BatchInput: batchInput }, NOW))
        .message,
    ).toMatch(/Items\[0\] "\.\.\/x" must be .*; Items\[1\] "a b" must be /);
  });

  it('upper-cases items like prepare-input, since the universe file reaches it unprepared', () => {
    expect(
      parseBatchEvent({ Items: ['aapl', 'vod.l'], BatchInput: batchInput }, NOW).tickers,
    ).toStrictEqual(['AAPL', 'VOD.L']);
  });

  it('drops a repeated ticker (after upper-casing) and counts it', () => {
    const request = parseBatchEvent(
      { Items: ['AAPL', 'MSFT', 'aapl'], BatchInput: batchInput },
      NOW,
    );
    expect(request.tickers).toStrictEqual(['AAPL', 'MSFT']);
    expect(request.duplicatesRemoved).toBe(1);
  });

  it(`rejects more than ${MAX_BATCH_ITEMS} items`, () => {
    const Items = Array.from({ length: MAX_BATCH_ITEMS + 1 }, (_, i) => `T${i}`);
    expect(
      errorOf(() => parseBatchEvent({ Items, BatchInput: batchInput }, NOW)).message,
    ).toContain(`more than ${MAX_BATCH_ITEMS}`);
  });

  it('rejects a ticker in BatchInput as an unknown field', () => {
    expect(
      errorOf(() =>
        parseBatchEvent({ Items: ['AAPL'], BatchInput: { ...batchInput, ticker: 'AAPL' } }, NOW),
      ).message,
    ).toContain('BatchInput."ticker" is not a known field');
  });

  it('rejects an empty batch', () => {
    expect(
      errorOf(() => parseBatchEvent({ Items: [], BatchInput: batchInput }, NOW)).message,
    ).toContain('Items must not be empty');
  });

  it('drops per-date objects unless BatchInput.keepObjects asks for them', () => {
    const keep = (keepObjects?: boolean) =>
      parseBatchEvent({ Items: ['AAPL'], BatchInput: { ...batchInput, keepObjects } }, NOW)
        .keepObjects;
    expect([keep(), keep(false), keep(true)]).toStrictEqual([false, false, true]);
  });

  it('rejects a keepObjects that is not a boolean', () => {
    expect(
      errorOf(() =>
        parseBatchEvent(
          { Items: ['AAPL'], BatchInput: { ...batchInput, keepObjects: 'yes' } },
          NOW,
        ),
      ).message,
    ).toContain('BatchInput.keepObjects must be a boolean, got string');
  });

  it(`rejects keepObjects for more than ${MAX_KEPT_OBJECTS} objects (tickers x dates)`, () => {
    const Items = Array.from({ length: 81 }, (_, i) => `T${i}`);
    const BatchInput = { ...batchInput, date: undefined, from: '2026-11-23', to: '2026-11-27' };
    expect(parseBatchEvent({ Items, BatchInput }, NOW).tickers).toHaveLength(81);
    expect(
      errorOf(() =>
        parseBatchEvent({ Items, BatchInput: { ...BatchInput, keepObjects: true } }, NOW),
      ).message,
    ).toContain(
      `BatchInput.keepObjects: Items x dates is 405 objects, more than the ${MAX_KEPT_OBJECTS} whose results fit a state payload`,
    );
  });
});
