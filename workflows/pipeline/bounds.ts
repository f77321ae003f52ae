/**
 * Size bounds the definition enforces (in JSONata) and the limit estimates rely on: one place, so
 * an expression and the estimate of its output cannot drift apart.
 */
import { TICKER_PATTERN } from '../../contracts/ticker.ts';
import type { Sections } from './config.ts';

/**
 * The Lambdas' ticker allow-list (contracts/ticker.ts) as a JSONata regex source, for checking
 * early. Lower case is accepted here because prepare-input upper-cases before it checks.
 */
export const TICKER_PATTERN_ANY_CASE = TICKER_PATTERN.source.replaceAll('A-Z', 'A-Za-z');

/** Error text kept per failed ticker in the inline Map result. */
export const ERROR_MAX_CHARS = 120;

/** Failed tickers named in the run's counts (and in InsufficientDataError's cause). */
export const FAILED_TICKERS_LISTED = 50;

/** A ticker list passes through state payloads only up to this size (about 90 KB of JSON). */
export const MAX_LISTED_TICKERS = 5000;

/** Most tickers one run processes: the limits are estimated at this size. */
export const maxTickers = (c: Sections<'universe'>): number =>
  c.universe.maxTickers ?? c.universe.size;

/** Largest `tickers` list the input may carry (it travels in state payloads and variables). */
export const maxInputTickers = (c: Sections<'universe'>): number =>
  Math.min(maxTickers(c), MAX_LISTED_TICKERS);
