/**
 * Single-flag checks for cli/args.ts: each returns the valid value or throws a UsageError that
 * names the flag, the value and the rule.
 */
import type { JsonObject } from '../../asl/types.ts';
import { addDays, parseDate, yearOf } from '../../contracts/calendar/dates.ts';
import { type Exchange, exchangeLabel } from '../../contracts/calendar/exchanges.ts';
import { CALENDAR_FIRST_YEAR, closureReason } from '../../contracts/calendar/trading-days.ts';
import { UsageError } from '../errors.ts';
import { canonicalJson, MAX_INPUT_BYTES } from '../input.ts';

/** A real, closed trading session date (or, for range ends, any real date up to the last one). */
export function checkDate(
  flag: string,
  value: string,
  exchange: Exchange,
  lastSession: string,
  mustTrade: boolean,
): string {
  if (parseDate(value) === undefined) {
    throw new UsageError(`${flag}: '${value}' is not a real date in YYYY-MM-DD form`);
  }
  if (yearOf(value) < CALENDAR_FIRST_YEAR) {
    throw new UsageError(`${flag} ${value}: dates before ${CALENDAR_FIRST_YEAR} are not supported`);
  }
  const label = exchangeLabel(exchange);
  if (value > lastSession) {
    throw new UsageError(
      `${flag} ${value} has not closed yet (last completed ${label} session: ${lastSession})`,
    );
  }
  const reason = mustTrade ? closureReason(exchange, value) : undefined;
  if (reason) {
    throw new UsageError(
      `${flag} ${value} is not a ${label} trading day (${reason}); pick another date or --calendar`,
    );
  }
  return value;
}

export function closures(exchange: Exchange, from: string, to: string) {
  const skipped: Array<{ date: string; reason: string }> = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const reason = closureReason(exchange, day);
    if (reason) skipped.push({ date: day, reason });
  }
  return skipped;
}

export function parseInputJson(text: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--input: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError('--input: must be a JSON object, e.g. {"date":"2026-11-27"}');
  }
  const bytes = Buffer.byteLength(canonicalJson(value as JsonObject));
  if (bytes > MAX_INPUT_BYTES) {
    throw new UsageError(`--input: ${bytes} bytes exceeds the 256 KiB execution input limit`);
  }
  return value as JsonObject;
}

export function checkNumber(
  flag: string,
  value: string,
  rule: { min: number; max: number; integer?: boolean },
): number {
  const number = Number(value);
  const ok =
    value.trim() !== '' &&
    Number.isFinite(number) &&
    number >= rule.min &&
    number <= rule.max &&
    (!rule.integer || Number.isInteger(number));
  if (!ok) {
    const kind = rule.integer ? 'an integer' : 'a number';
    throw new UsageError(`${flag}: '${value}' must be ${kind} from ${rule.min} to ${rule.max}`);
  }
  return number;
}
