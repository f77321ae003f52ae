/**
 * The ticker allow-list, shared by prepare-input (which builds the run's list) and
 * download-ticker (which turns a ticker into a URL path and an S3 key). Anchored, ASCII only:
 * nothing outside it reaches a request or a key.
 */
import { show } from './describe.ts';

export const TICKER_MAX_LENGTH = 15;

/**
 * Upper-case letters and digits, `.` (BRK.B, VOD.L), `-` (BTC-USD), `=` (futures and FX: ES=F,
 * EURUSD=X) and a leading `^` (indices: ^GSPC); first and last character a letter or digit, so
 * `.`, `..` and `-x` are out. JavaScript's `$` does not match before a trailing newline.
 */
export const TICKER_PATTERN = /^\^?[A-Z0-9]([A-Z0-9.=-]*[A-Z0-9])?$/;

export const TICKER_RULE =
  `1-${TICKER_MAX_LENGTH} characters of A-Z, 0-9, '.', '-', '=' with an optional leading '^', ` +
  "starting and ending with a letter or digit, no '..'";

/**
 * Why `value` is not an acceptable ticker, or undefined when it is. `given` is what the caller
 * received, shown in the message when `value` is its normalised (upper-cased) form.
 */
export function tickerProblem(value: unknown, given: unknown = value): string | undefined {
  if (typeof value !== 'string') return `must be a string, got ${show(value)}`;
  if (value.length === 0) return 'must not be empty';
  if (value.length > TICKER_MAX_LENGTH) {
    return `${show(given)} is ${value.length} characters, more than ${TICKER_MAX_LENGTH}`;
  }
  if (!TICKER_PATTERN.test(value) || value.includes('..')) {
    return `${show(given)} must be ${TICKER_RULE}`;
  }
  return undefined;
}

/**
 * Upper-cases ASCII letters only. `String#toUpperCase` maps `ı` to `I` and `ß` to `SS`, which
 * would turn look-alikes into valid tickers; anything non-ASCII is left for the allow-list to
 * reject.
 */
export function upperCaseAscii(value: string): string {
  return value.replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}
