/**
 * The part of ValidateInput that checks the request against what its provider serves (the
 * download task's own table, tasks/download-ticker/providers/limits.ts), so a request no provider
 * call can satisfy fails as InvalidInputError before any Lambda runs, instead of as one failed
 * download per ticker and a misleading InsufficientDataError.
 *
 * A JSONata fragment spliced into validateInputExpression: it reads its variables `$given`,
 * `$provider`, `$interval`, `$dates`, `$today`, `$day`, `$fmt` and `$ms`.
 */

import { literal } from '../../builders/jsonata.ts';
import { Intervals } from '../../contracts/download.ts';
import { AV_INTERVAL, YAHOO_LIMITS } from '../../contracts/provider-limits.ts';

const yahooHistoryDays = Object.fromEntries(
  Intervals.flatMap((i) => {
    const days = YAHOO_LIMITS[i].historyDays;
    return days === undefined ? [] : [[i, days]];
  }),
);
const avIntervals = Intervals.filter((i) => AV_INTERVAL[i] !== undefined);

/** `[problem]` or `[]`. */
export const providerProblem = () => `(
  $history := $provider = 'yahoo' ? $lookup(${literal(yahooHistoryDays)}, $interval);
  $earliest := $exists($history) ? $today - ($history - 1) * $day;
  $field := $given('date') ? 'date' : $given('from') ? 'from' : 'the default window';
  [
    $exists($earliest) and $count($dates) > 0 and $ms($dates[0]) < $earliest
      ? [$field & ' starts ' & $dates[0] & ', but provider yahoo serves interval ' & $interval
        & ' only for the last ' & $history & ' days (from ' & $fmt($earliest) & ')']
      : [],
    $provider = 'alphavantage' and $not($interval in ${literal(avIntervals)})
      ? ['provider alphavantage serves interval ${avIntervals.join(', ')} only, got ' & $interval]
      : []
  ]
)`;
