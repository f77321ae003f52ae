/**
 * The exchanges the pipeline knows, one model for every part: the download task's synthetic
 * bars follow their sessions (sessions.ts), the CLI's trading calendar their holidays and closes
 * (trading-days.ts, `--calendar`), and the workflow's input validation the bars a session gives
 * (workflows/pipeline/training-needs.ts). Holidays are not here, so a bundle that needs only the
 * sessions does not carry the holiday rules.
 */

export const Exchanges = ['nyse', 'lse'] as const;
export type Exchange = (typeof Exchanges)[number];

export type ExchangeInfo = {
  /** How messages name it. */
  label: string;
  /** IANA time zone of its wall clock. */
  timeZone: string;
  /** Regular session, local wall-clock `HH:MM`. Early closes (half days) are not modelled. */
  open: string;
  close: string;
};

export const EXCHANGES: Readonly<Record<Exchange, ExchangeInfo>> = {
  nyse: { label: 'NYSE', timeZone: 'America/New_York', open: '09:30', close: '16:00' },
  lse: { label: 'LSE', timeZone: 'Europe/London', open: '08:00', close: '16:30' },
};

export function exchangeLabel(exchange: Exchange): string {
  return EXCHANGES[exchange].label;
}

/**
 * Where a ticker trades: the LSE for Yahoo's `.L` suffix, else NYSE. Any case: the CLI sees
 * tickers before prepare-input upper-cases them.
 */
export function exchangeOf(ticker: string): Exchange {
  return /\.L$/i.test(ticker) ? 'lse' : 'nyse';
}

/**
 * `--calendar auto`: London when every ticker is a London listing (as in the shipped FTSE 100
 * universe), else New York.
 */
export function calendarFor(tickers: readonly string[]): Exchange {
  return tickers.length > 0 && tickers.every((ticker) => exchangeOf(ticker) === 'lse')
    ? 'lse'
    : 'nyse';
}
