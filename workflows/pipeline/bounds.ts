/**
 * Size bounds the definition enforces (in JSONata) and the limit estimates rely on: one place, so
 * an expression and the estimate of its output cannot drift apart.
 */
import type { PipelineConfig } from './config.ts';

/** Longest ticker symbol the allow-list accepts. */
export const TICKER_MAX_CHARS = 15;

/**
 * The ticker allow-list of the Lambdas (tasks/shared/ticker.ts), checked early: letters, digits,
 * `.`, `-`, `=`, an optional leading `^`, first and last character a letter or digit, no `..`.
 * Lower case is accepted here because prepare-input upper-cases before it checks.
 */
export const TICKER_PATTERN = '^\\^?[A-Za-z0-9]([A-Za-z0-9.=-]*[A-Za-z0-9])?$';

/** The rule as the input error states it. */
export const TICKER_RULE = `1-${TICKER_MAX_CHARS} characters of A-Z, 0-9, '.', '-', '=' with an optional leading '^', starting and ending with a letter or digit, no '..'`;

/** Error text kept per failed ticker in the inline Map result. */
export const ERROR_MAX_CHARS = 120;

/** Failed tickers named in the run's counts (and in InsufficientDataError's cause). */
export const FAILED_TICKERS_LISTED = 50;

/** A ticker list passes through state payloads only up to this size (about 90 KB of JSON). */
export const MAX_LISTED_TICKERS = 5000;

/** Most tickers one run processes: the limits are estimated at this size. */
export const maxTickers = (c: PipelineConfig): number => c.universe.maxTickers ?? c.universe.size;

/** Largest `tickers` list the input may carry (it travels in state payloads and variables). */
export const maxInputTickers = (c: PipelineConfig): number =>
  Math.min(maxTickers(c), MAX_LISTED_TICKERS);
