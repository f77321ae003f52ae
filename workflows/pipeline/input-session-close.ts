/**
 * ValidateInput's closed-session rule: a `date` or `to` whose session has not closed at the
 * execution's start time is refused, as the CLI refuses it (contracts/calendar/trading-days.ts
 * lastCompletedSession): a run during the trading session would store a partial session.
 *
 * The exchange is the CLI's `--calendar auto` (contracts/calendar/exchanges.ts calendarFor): the
 * LSE when every input ticker is a London listing, else NYSE; with no tickers, the universe's
 * (`universe.exchange`, NYSE when unset: the later close, so never a partial session). The close
 * is the exchange's local wall-clock close turned into UTC with its time zone's daylight-saving
 * rule, which JSONata cannot look up: the rules are written here, per time zone, and a test
 * checks them against the ICU time zones of contracts/calendar for every day of 2007-2040. Only
 * the start date's session can still be open, so rules of earlier years never matter.
 */
import { literal } from '../../builders/jsonata.ts';
import { DAY_MS } from '../../contracts/calendar/dates.ts';
import { EXCHANGES, type Exchange } from '../../contracts/calendar/exchanges.ts';

const HOUR_MS = 3_600_000;

/**
 * A time zone's offset rule (current rules: EU since 1996, US since 2007): UTC offsets in hours,
 * and the first day of daylight time and the first day back on standard time, each as a JSONata
 * expression of `$y` (the year) giving epoch ms of that day at 00:00 UTC. Both switches happen at
 * night, so a session's close falls wholly on one side.
 */
type OffsetRule = { standard: number; daylight: number; starts: string; ends: string };

/** `$sunday(t)`: the Sunday on or before `t`; `$next(t)`: on or after. */
const sundayFunctions = `$weekday := function($t) { $number($fromMillis($t, '[F1]')) };
    $sundayBefore := function($t) { $t - ($weekday($t) % 7) * ${DAY_MS} };
    $sundayAfter := function($t) { $t + ((7 - $weekday($t)) % 7) * ${DAY_MS} };`;

const day = (monthDay: string) => `$toMillis($y & '-${monthDay}', '[Y0001]-[M01]-[D01]')`;

const OFFSET_RULES: Readonly<Record<string, OffsetRule>> = {
  // BST: last Sunday of March to last Sunday of October (01:00 UTC).
  'Europe/London': {
    standard: 0,
    daylight: 1,
    starts: `$sundayBefore(${day('03-31')})`,
    ends: `$sundayBefore(${day('10-31')})`,
  },
  // EDT: second Sunday of March to first Sunday of November (02:00 local).
  'America/New_York': {
    standard: -5,
    daylight: -4,
    starts: `$sundayAfter(${day('03-01')}) + 7 * ${DAY_MS}`,
    ends: `$sundayAfter(${day('11-01')})`,
  },
};

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** JSONata: `$close(d)`, epoch ms of the close of `exchange`'s session on date `d`. */
const closeOf = (exchange: Exchange): string => {
  const { timeZone, close } = EXCHANGES[exchange];
  const rule = OFFSET_RULES[timeZone];
  if (rule === undefined) {
    throw new Error(`input-session-close: no daylight-saving rule for time zone ${timeZone}`);
  }
  return `function($d) { (
      $t := $toMillis($d, '[Y0001]-[M01]-[D01]');
      $y := $substring($d, 0, 4);
      $daylight := $t >= ${rule.starts} and $t < ${rule.ends};
      $t + ${minutesOf(close) * 60_000} - ($daylight ? ${rule.daylight} : ${rule.standard}) * ${HOUR_MS}
    ) }`;
};

/**
 * JSONata variables: `$exchange` (as described above, from `$tickers`) and `$closeMs(d)`, the close
 * of its session on date `d`. Needs `$given` and `$tickers`.
 */
export const sessionCloseVariables = (universeExchange: Exchange | undefined): string =>
  `${sundayFunctions}
    $closes := { ${Object.keys(EXCHANGES)
      .map((x) => `'${x}': ${closeOf(x as Exchange)}`)
      .join(',\n')} };
    $exchange := $given('tickers') and $type($tickers) = 'array' and $count($tickers) > 0
      ? ($count($tickers[$not($type($) = 'string' and $contains($, /\\.[lL]$/))]) = 0 ? 'lse' : 'nyse')
      : ${literal(universeExchange ?? 'nyse')};
    $closeMs := $lookup($closes, $exchange);`;

/**
 * The problem: an explicit `date`/`to` whose session is still open at the start time (a later
 * date is refused by the start-date rule already).
 */
export const sessionOpenProblem = (): string => {
  const labels = Object.fromEntries(
    Object.entries(EXCHANGES).map(([x, e]) => [
      x,
      `${e.label} session closes at ${e.close} ${e.timeZone}`,
    ]),
  );
  return `($given('date') or $given('to')) and $isDate($to) and $ms($to) <= $today
        and $start < $closeMs($to)
        ? [($given('date') ? 'date' : 'to') & ' (' & $to & ') must be a closed session: the '
          & $lookup(${literal(labels)}, $exchange) & ' ('
          & $fromMillis($closeMs($to)) & '), after the execution start (' & $states.context.Execution.StartTime
          & '); only closed sessions are collected'] : []`;
};
