/**
 * What the training job (tasks/train/train_model.py) needs from a run's window, per interval: the
 * one place for the numbers ValidateInput enforces, validateConfig checks and docs/workflow.md
 * quotes. The job is one Python file EMR runs from S3, so it cannot import these:
 * test/workflows/pipeline/training-needs.integration.test.ts runs it and compares its constants
 * with these.
 */
import { DAY_MS } from '../../contracts/calendar/dates.ts';
import { Exchanges } from '../../contracts/calendar/exchanges.ts';
import { barsPerSession, INTERVAL_MINUTES } from '../../contracts/calendar/sessions.ts';
import { type Interval, Intervals } from '../../contracts/download.ts';

/** Bars at the start of each window group before every feature window is full (ret_15). */
export const TRAIN_WARMUP_BARS = 15;

/** Bars at the end of each window group with no next bar to label them. */
export const TRAIN_LABEL_BARS = 1;

/**
 * Usable rows (featured and labelled) each ticker should give, so that it can sit on both sides
 * of the job's time split: a train row, the row just before the cut (purged: the bar labelling
 * it is in the test period) and a test row. The job does not enforce this per ticker (one thin
 * ticker must not fail a run); it needs 50 train and 10 test rows over all tickers.
 */
export const MIN_USABLE_ROWS_PER_TICKER = 3;

/**
 * Intervals whose windows run per ticker across sessions. The others (minute bars) run per
 * ticker-day, so each of their sessions must hold a ticker's bars on its own.
 */
export const CROSS_SESSION_INTERVALS: readonly Interval[] = ['1h', '1d'];

const byInterval = (bars: (interval: Interval) => number): Readonly<Record<Interval, number>> =>
  Object.fromEntries(Intervals.map((i) => [i, bars(i)])) as Record<Interval, number>;

/**
 * Fewest bars a regular session gives, over the modelled exchanges (contracts/calendar): NYSE's
 * 6.5 hours (390 minutes, 78 five-minute bars, 7 hourly bars starting 09:30 to 15:30); the LSE's
 * 8.5 hours give more. One bar a day at 1d.
 */
export const MIN_BARS_PER_SESSION = byInterval((i) =>
  Math.min(...Exchanges.map((e) => barsPerSession(e, i))),
);

/**
 * Most bars a weekday session can give: a 24-hour market (forex such as `GBPUSD=X`, crypto) at
 * 1m, 5m and 1h (1440, 288, 24); one bar at 1d. Only for checks that refuse a run certain to fail.
 */
export const MAX_BARS_PER_SESSION = byInterval((i) =>
  Math.ceil(DAY_MS / 60_000 / INTERVAL_MINUTES[i]),
);

/** The job's MIN_TRAIN_ROWS and MIN_TEST_ROWS: usable rows it needs over all tickers together. */
export const TRAIN_MIN_ROWS = { train: 50, test: 10 } as const;

/** Bars one ticker's window group needs: warm-up, usable rows and the label bar (19). */
export const BARS_PER_TICKER = TRAIN_WARMUP_BARS + MIN_USABLE_ROWS_PER_TICKER + TRAIN_LABEL_BARS;

/** Weekday sessions a window must hold for the job to train at `interval`. */
export const minSessions = (interval: Interval): number => {
  const perSession = MIN_BARS_PER_SESSION[interval];
  if (CROSS_SESSION_INTERVALS.includes(interval)) return Math.ceil(BARS_PER_TICKER / perSession);
  // Per ticker-day windows never add sessions up: one session must be enough on its own.
  if (perSession < BARS_PER_TICKER) {
    throw new Error(
      `interval ${interval}: ${perSession} bars per session cannot give ${BARS_PER_TICKER} bars per ticker-day`,
    );
  }
  return 1;
};

/** minSessions for every interval, as ValidateInput embeds it. */
export const minSessionsByInterval = (): Record<Interval, number> =>
  Object.fromEntries(Intervals.map((i) => [i, minSessions(i)])) as Record<Interval, number>;

/** Why `interval` needs minSessions(interval), as the input error and the docs state it. */
export const sessionsRule = (interval: Interval): string => {
  const perSession = MIN_BARS_PER_SESSION[interval];
  const bars = perSession === 1 ? '1 bar' : `at least ${perSession} bars`;
  const group = CROSS_SESSION_INTERVALS.includes(interval) ? 'ticker' : 'ticker-day';
  return (
    `the training job needs ${BARS_PER_TICKER} bars per ${group} (${TRAIN_WARMUP_BARS} warm-up, ` +
    `${MIN_USABLE_ROWS_PER_TICKER} usable rows, ${TRAIN_LABEL_BARS} label) and ${interval} ` +
    `gives ${bars} per session`
  );
};

/**
 * Most usable rows one ticker can give over `sessions` weekday sessions: every bar a session can
 * hold, less the warm-up and label bars of each window group (per ticker, or per ticker-day).
 */
export const maxRowsPerTicker = (interval: Interval, sessions: number): number => {
  const lost = TRAIN_WARMUP_BARS + TRAIN_LABEL_BARS;
  const most = MAX_BARS_PER_SESSION[interval];
  return CROSS_SESSION_INTERVALS.includes(interval)
    ? Math.max(sessions * most - lost, 0)
    : sessions * Math.max(most - lost, 0);
};
