/**
 * Alpha Vantage TIME_SERIES_INTRADAY: keyed, US equities, 1/5/60-minute bars, one calendar month
 * per request (`month=YYYY-MM&outputsize=full`), regular session only (`extended_hours=false`),
 * as traded (`adjusted=false`). The API key is read at call time through `getApiKey` (SSM
 * Parameter Store via Powertools Parameters, cached), never from code or plain environment.
 */

import { AV_INTERVAL } from '../../../contracts/provider-limits.ts';
import { parseIntraday } from './alphavantage-parse.ts';
import type { HttpClient } from './http.ts';
import type { Provider, ProviderRequest, RawBar } from './types.ts';

/** Alpha Vantage's intraday history starts in January 2000. */
const EARLIEST_MONTH = '2000-01';

export type AlphaVantageOptions = {
  baseUrl: string;
  http: HttpClient;
  getApiKey: () => Promise<string>;
};

export function createAlphaVantageProvider(options: AlphaVantageOptions): Provider {
  return {
    name: 'alphavantage',
    synthetic: false,
    check: (request) => checkAlphaVantage(request),
    fetch: async (request) => {
      const avInterval = AV_INTERVAL[request.interval] ?? '1min';
      const apiKey = await options.getApiKey();
      const wanted = new Set(request.dates);
      const byDate = new Map<string, RawBar[]>();
      for (const month of new Set(request.dates.map((d) => d.slice(0, 7)))) {
        const url = new URL(`${options.baseUrl}/query`);
        url.search = new URLSearchParams({
          function: 'TIME_SERIES_INTRADAY',
          symbol: request.ticker,
          interval: avInterval,
          month,
          outputsize: 'full',
          extended_hours: 'false',
          adjusted: 'false',
          datatype: 'json',
          apikey: apiKey,
        }).toString();
        const res = await options.http.get(url, {
          provider: 'alphavantage',
          ticker: request.ticker,
        });
        for (const [date, bars] of parseIntraday(res, request.ticker, avInterval).byDate) {
          if (wanted.has(date)) byDate.set(date, bars);
        }
      }
      return byDate;
    },
  };
}

export function checkAlphaVantage(request: ProviderRequest): string[] {
  const problems: string[] = [];
  if (AV_INTERVAL[request.interval] === undefined) {
    problems.push(
      `interval ${request.interval} is not served by provider alphavantage (intraday only: ${Object.keys(AV_INTERVAL).join(', ')})`,
    );
  }
  const first = request.dates[0];
  if (first !== undefined && first.slice(0, 7) < EARLIEST_MONTH) {
    problems.push(
      `${request.dateField} ${first} is before Alpha Vantage's history (${EARLIEST_MONTH})`,
    );
  }
  return problems;
}
