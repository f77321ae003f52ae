import { describe, expect, it } from 'vitest';
import {
  ProviderRejectedError,
  ProviderResponseError,
  ProviderThrottledError,
  UnknownTickerError,
} from '../../../tasks/download-ticker/errors.ts';
import { checkAlphaVantage } from '../../../tasks/download-ticker/providers/alphavantage.ts';
import { parseIntraday } from '../../../tasks/download-ticker/providers/alphavantage-parse.ts';
import {
  alphaVantageIntraday,
  alphaVantageInvalidCall,
  alphaVantageRateLimit,
  htmlErrorPage,
} from './fixtures.ts';

const res = (text: string, status = 200) => ({ status, contentType: 'application/json', text });
const bar = (local: string, o: string) => ({ local, o, h: o, l: o, c: o, v: '100' });

describe('parseIntraday', () => {
  it('converts US/Eastern stamps to UTC and sorts each date ascending', () => {
    const text = alphaVantageIntraday('IBM', '1min', [
      bar('2026-11-26 09:30:00', '1.5'),
      bar('2026-11-26 09:31:00', '1.6'),
      bar('2026-11-27 09:30:00', '2.5'),
    ]);
    const { byDate, timeZone } = parseIntraday(res(text), 'IBM', '1min');
    expect(timeZone).toBe('US/Eastern');
    expect(byDate.get('2026-11-26')).toStrictEqual([
      {
        ts: Date.parse('2026-11-26T14:30:00Z'),
        open: 1.5,
        high: 1.5,
        low: 1.5,
        close: 1.5,
        volume: 100,
      },
      {
        ts: Date.parse('2026-11-26T14:31:00Z'),
        open: 1.6,
        high: 1.6,
        low: 1.6,
        close: 1.6,
        volume: 100,
      },
    ]);
    expect(byDate.get('2026-11-27')).toHaveLength(1);
  });

  it('reads an empty numeric string as a missing value', () => {
    const text = alphaVantageIntraday('IBM', '1min', [bar('2026-11-26 09:30:00', '')]);
    expect(parseIntraday(res(text), 'IBM', '1min').byDate.get('2026-11-26')?.[0]?.open).toBeNull();
  });

  it('maps "Invalid API call" to UnknownTickerError', () => {
    expect(() => parseIntraday(res(alphaVantageInvalidCall), 'NOPE', '1min')).toThrow(
      UnknownTickerError,
    );
  });

  it('maps a refused API key to ProviderRejectedError', () => {
    const body = JSON.stringify({
      'Error Message':
        'the parameter apikey is invalid or missing. Please claim your free API key.',
    });
    expect(() => parseIntraday(res(body), 'IBM', '1min')).toThrow(ProviderRejectedError);
  });

  it('maps the rate-limit notice to ProviderThrottledError with a 60 s retry', () => {
    try {
      parseIntraday(res(alphaVantageRateLimit), 'IBM', '1min');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ProviderThrottledError);
      expect((error as ProviderThrottledError).retryAfterSeconds).toBe(60);
    }
  });

  it('maps the premium-endpoint notice to ProviderRejectedError', () => {
    const body = JSON.stringify({
      Information:
        'Thank you for using Alpha Vantage! This is a premium endpoint. You may subscribe.',
    });
    expect(() => parseIntraday(res(body), 'IBM', '1min')).toThrow(ProviderRejectedError);
  });

  it('maps an HTML page to ProviderResponseError', () => {
    expect(() => parseIntraday(res(htmlErrorPage), 'IBM', '1min')).toThrow(ProviderResponseError);
  });

  it('maps truncated JSON to ProviderResponseError', () => {
    const text = alphaVantageIntraday('IBM', '1min', [bar('2026-11-26 09:30:00', '1')]);
    expect(() => parseIntraday(res(text.slice(0, 50)), 'IBM', '1min')).toThrow(
      ProviderResponseError,
    );
  });

  it('rejects a series entry whose stamp is not "YYYY-MM-DD HH:MM:SS"', () => {
    const text = alphaVantageIntraday('IBM', '1min', [bar('2026-11-26T09:30', '1')]);
    expect(() => parseIntraday(res(text), 'IBM', '1min')).toThrow(/is not "YYYY-MM-DD HH:MM:SS"/);
  });
});

describe('checkAlphaVantage', () => {
  const request = (interval: '1m' | '1d', dates: string[]) => ({
    ticker: 'IBM',
    interval,
    dates,
    dateField: 'date',
  });

  it('accepts intraday intervals', () => {
    expect(checkAlphaVantage(request('1m', ['2026-11-27']))).toStrictEqual([]);
  });

  it('rejects daily bars, naming the intervals it serves', () => {
    expect(checkAlphaVantage(request('1d', ['2026-11-27']))).toStrictEqual([
      'interval 1d is not served by provider alphavantage (intraday only: 1m, 5m, 1h)',
    ]);
  });

  it('rejects dates before its history starts', () => {
    expect(checkAlphaVantage(request('1m', ['1999-12-31']))).toStrictEqual([
      "date 1999-12-31 is before Alpha Vantage's history (2000-01)",
    ]);
  });
});
