/**
 * The part of ValidateInput that checks the request against what the training job needs
 * (training-needs.ts), so a run that cannot train fails before any download or cluster.
 *
 * These are JSONata fragments spliced into validateInputExpression: they read its variables
 * `$given`, `$in`, `$interval`, `$knownInterval`, `$need`, `$dates`, `$from`, `$to`,
 * `$tickerCount` and `$testFraction`.
 */

import { literal } from '../../builders/jsonata.ts';
import { maxSpanDays, maxWeekdaysIn } from '../../contracts/calendar/dates.ts';
import { Intervals } from '../../contracts/download.ts';
import type { WindowDefaults } from './config.ts';
import {
  CROSS_SESSION_INTERVALS,
  MAX_BARS_PER_SESSION,
  minSessions,
  minSessionsByInterval,
  sessionsRule,
  TRAIN_LABEL_BARS,
  TRAIN_MIN_ROWS,
  TRAIN_WARMUP_BARS,
} from './training-needs.ts';

/** What these fragments read of a config: the default window. */
type WindowConfig = { defaults: Pick<WindowDefaults, 'lookbackDays' | 'maxWindowDays'> };

/** `$need`: weekday sessions the window must hold at `$interval` (1 for an unknown one). */
export const needExpression = () =>
  `$knownInterval ? $lookup(${literal(minSessionsByInterval())}, $interval) : 1`;

/**
 * `$lookback`: weekday sessions of the default window at `$interval`: lookbackDays, widened to
 * what the job needs when that still fits maxWindowDays whatever weekday the run starts on.
 */
export const lookbackExpression = (c: WindowConfig) => {
  const { lookbackDays, maxWindowDays } = c.defaults;
  const byInterval = Object.fromEntries(
    Intervals.map((i) => {
      const need = Math.max(lookbackDays, minSessions(i));
      return [i, maxSpanDays(need) <= maxWindowDays ? need : lookbackDays];
    }),
  );
  return `$knownInterval ? $lookup(${literal(byInterval)}, $interval) : ${lookbackDays}`;
};

/** Intervals a one-session window cannot train: only these can get the too-few-sessions error. */
const multiSession = Intervals.filter((i) => minSessions(i) > 1);

/** What to do about too short a window, having checked whether the window cap leaves a way out. */
const sessionsAdvice = (c: WindowConfig): Record<string, string> => {
  const days = c.defaults.maxWindowDays;
  const most = maxWeekdaysIn(days);
  return Object.fromEntries(
    multiSession.map((i) => [
      i,
      minSessions(i) <= most
        ? `give from/to spanning at least ${minSessions(i)} weekdays (a window may span up to ${days} days: at most ${most} weekdays)`
        : `no window can, as windows span at most ${days} days (defaults.maxWindowDays: at most ${most} weekdays); use a finer interval, or raise defaults.maxWindowDays in the pipeline config`,
    ]),
  );
};

/** A window (date, from/to or the default) with fewer weekday sessions than `$interval` needs. */
export const sessionsProblem = (c: WindowConfig) => {
  const rules = Object.fromEntries(multiSession.map((i) => [i, sessionsRule(i)]));
  return `$count($dates) > 0 and $count($dates) < $need
    ? [($given('date') ? 'date ' & $from
        : ($given('from') ? 'from/to ' : 'the default window (defaults.lookbackDays) ') & $from & '..' & $to)
      & ' holds ' & $count($dates) & ' weekday session' & ($count($dates) = 1 ? '' : 's')
      & ', fewer than the ' & $need & ' interval ' & $interval & ' needs: '
      & $lookup(${literal(rules)}, $interval) & '; ' & $lookup(${literal(sessionsAdvice(c))}, $interval)]
    : []`;
};

/**
 * A ticker list too short for the job's 50 train and 10 test rows however the data falls. Only
 * certain failures: every session is assumed to hold MAX_BARS_PER_SESSION bars, and the train
 * rows are bounded by the job's cut alone (rows before the (1 - testFraction) quantile, which
 * Spark takes at rank ceil(p * n), number at most that rank - 1), not by its per-ticker purge.
 * The universe (no `tickers`) is not counted here: prepare-input reads it later.
 */
export const tickerRowsProblem = (c: WindowConfig) => {
  const lost = TRAIN_WARMUP_BARS + TRAIN_LABEL_BARS;
  const { train, test } = TRAIN_MIN_ROWS;
  const days = c.defaults.maxWindowDays;
  return `(
    $s := $count($dates);
    $most := $lookup(${literal({ ...MAX_BARS_PER_SESSION })}, $interval);
    $per := $interval in ${literal([...CROSS_SESSION_INTERVALS])}
      ? $max([$s * $most - ${lost}, 0]) : $s * $max([$most - ${lost}, 0]);
    $rows := $tickerCount * $per;
    $trainMax := $max([$ceil((1 - $testFraction) * $rows) - 1, 0]);
    $tickerCount > 0 and $knownInterval and $s >= $need and $per > 0
      and ($rows < ${train + test} or $trainMax < ${train})
      ? ['tickers lists ' & $tickerCount & ' symbol' & ($tickerCount = 1 ? '' : 's') & ', which at interval '
        & $interval & ' over ' & $s & ' weekday session' & ($s = 1 ? '' : 's') & ' give at most ' & $rows
        & ' usable rows (' & $per & ' per ticker), at most ' & $trainMax & ' of them before the testFraction '
        & $testFraction & ' cut; the training job needs ${train} train and ${test} test rows: list at least '
        & $max([$ceil(${train + test} / $per), $floor(${train} / ((1 - $testFraction) * $per)) + 1])
        & ' tickers, or widen the window (up to ${days} days)']
      : []
  )`;
};
