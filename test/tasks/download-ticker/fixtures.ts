/**
 * Provider-format response bodies, shaped like the real APIs' (field names, nesting, nulls,
 * strings-for-numbers), for unit tests and the local fake provider server.
 */

export type FixtureBar = {
  /** epoch seconds */
  t: number;
  o: number | null;
  h: number | null;
  l: number | null;
  c: number | null;
  v: number | null;
};

/** `count` one-minute bars from `start` (ISO), prices drifting up a cent a minute. */
export function minuteBars(start: string, count: number): FixtureBar[] {
  const t0 = Date.parse(start) / 1000;
  return Array.from({ length: count }, (_, i) => {
    const o = 190 + i / 100;
    return { t: t0 + i * 60, o, h: o + 0.05, l: o - 0.05, c: o + 0.01, v: 1000 + i };
  });
}

/** A Yahoo chart API success body (v8/finance/chart). */
export function yahooChart(
  symbol: string,
  bars: FixtureBar[],
  timeZone = 'America/New_York',
): string {
  const meta = {
    currency: 'USD',
    symbol,
    exchangeName: 'NMS',
    fullExchangeName: 'NasdaqGS',
    instrumentType: 'EQUITY',
    firstTradeDate: 345479400,
    regularMarketTime: 1764277200,
    hasPrePostMarketData: true,
    gmtoffset: -18000,
    timezone: 'EST',
    exchangeTimezoneName: timeZone,
    regularMarketPrice: 278.85,
    priceHint: 2,
    dataGranularity: '1m',
    range: '',
    validRanges: ['1d', '5d', '1mo', '3mo', '6mo', '1y', '2y', '5y', '10y', 'ytd', 'max'],
  };
  if (bars.length === 0) {
    return JSON.stringify({
      chart: { result: [{ meta, indicators: { quote: [{}] } }], error: null },
    });
  }
  return JSON.stringify({
    chart: {
      result: [
        {
          meta,
          timestamp: bars.map((b) => b.t),
          indicators: {
            quote: [
              {
                open: bars.map((b) => b.o),
                high: bars.map((b) => b.h),
                low: bars.map((b) => b.l),
                close: bars.map((b) => b.c),
                volume: bars.map((b) => b.v),
              },
            ],
          },
        },
      ],
      error: null,
    },
  });
}

/** Yahoo's answer (HTTP 404) for a symbol it does not know. */
export const yahooNotFound = JSON.stringify({
  chart: {
    result: null,
    error: { code: 'Not Found', description: 'No data found, symbol may be delisted' },
  },
});

/** An Alpha Vantage TIME_SERIES_INTRADAY body; `bars` times are US/Eastern wall clock. */
export function alphaVantageIntraday(
  symbol: string,
  interval: string,
  bars: Array<{ local: string; o: string; h: string; l: string; c: string; v: string }>,
): string {
  const series: Record<string, Record<string, string>> = {};
  // Newest first, as the API lists them.
  for (const b of [...bars].reverse()) {
    series[b.local] = {
      '1. open': b.o,
      '2. high': b.h,
      '3. low': b.l,
      '4. close': b.c,
      '5. volume': b.v,
    };
  }
  return JSON.stringify({
    'Meta Data': {
      '1. Information': `Intraday (${interval}) open, high, low, close prices and volume`,
      '2. Symbol': symbol,
      '3. Last Refreshed': bars.at(-1)?.local ?? '',
      '4. Interval': interval,
      '5. Output Size': 'Full size',
      '6. Time Zone': 'US/Eastern',
    },
    [`Time Series (${interval})`]: series,
  });
}

export const alphaVantageInvalidCall = JSON.stringify({
  'Error Message':
    'Invalid API call. Please retry or visit the documentation (https://www.alphavantage.co/documentation/) for TIME_SERIES_INTRADAY.',
});

export const alphaVantageRateLimit = JSON.stringify({
  Information:
    'Thank you for using Alpha Vantage! Our standard API rate limit is 25 requests per day. Please subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly remove all daily rate limits.',
});

export const htmlErrorPage =
  '<!DOCTYPE html><html><head><title>Oops</title></head><body><h1>Something went wrong</h1></body></html>';
