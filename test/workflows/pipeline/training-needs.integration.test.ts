import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { maxSpanDays } from '../../../contracts/calendar/dates.ts';
import { Exchanges } from '../../../contracts/calendar/exchanges.ts';
import { INTERVAL_MINUTES, sessionBounds } from '../../../contracts/calendar/sessions.ts';
import { Intervals } from '../../../contracts/download.ts';
import { projectRoot } from '../../../runtime/project-root.ts';
import { venvPython } from '../../../runtime/venv.ts';
import {
  BARS_PER_TICKER,
  CROSS_SESSION_INTERVALS,
  MAX_BARS_PER_SESSION,
  MIN_BARS_PER_SESSION,
  maxRowsPerTicker,
  minSessions,
  minSessionsByInterval,
  TRAIN_LABEL_BARS,
  TRAIN_MIN_ROWS,
  TRAIN_WARMUP_BARS,
} from '../../../workflows/pipeline/training-needs.ts';

/** The training job's own constants, read by importing train_model.py (no Spark session). */
const jobConstants = () => {
  // npm test and .ci/run create the venv first (npm run setup:py); without it this must fail,
  // not skip: the check is what keeps the two languages' numbers together.
  if (!existsSync(venvPython)) throw new Error(`${venvPython} is missing: run npm run setup:py`);
  const script = [
    'import json, sys',
    "sys.path.insert(0, 'tasks/train')",
    'import train_model as t',
    'cfg = t.FeatureConfig()',
    'print(json.dumps({"warmup": cfg.warmup_bars(), "label": t.LABEL_BARS,',
    '  "minBars": cfg.min_bars(), "intervals": list(t.INTERVALS),',
    '  "crossSession": list(t.CROSS_SESSION_INTERVALS),',
    '  "minRows": {"train": t.MIN_TRAIN_ROWS, "test": t.MIN_TEST_ROWS}}))',
  ].join('\n');
  const run = spawnSync(venvPython, ['-c', script], { cwd: projectRoot, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`train_model.py constants: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, unknown>;
};

describe('training needs agree with the training job', () => {
  const job = jobConstants();

  it('uses the job’s warm-up and label bars', () => {
    expect([job.warmup, job.label]).toStrictEqual([TRAIN_WARMUP_BARS, TRAIN_LABEL_BARS]);
  });

  it('needs more bars per ticker than the job needs for its first usable row', () => {
    expect(job.minBars).toBe(TRAIN_WARMUP_BARS + 1 + TRAIN_LABEL_BARS);
    expect(BARS_PER_TICKER).toBeGreaterThan(job.minBars as number);
  });

  it('uses the job’s minimum train and test rows', () => {
    expect(job.minRows).toStrictEqual(TRAIN_MIN_ROWS);
  });

  it('knows the download intervals the job knows', () => {
    expect(job.intervals).toStrictEqual([...Intervals]);
  });

  it('counts sessions together for exactly the intervals the job windows across sessions', () => {
    expect(job.crossSession).toStrictEqual([...CROSS_SESSION_INTERVALS]);
  });
});

describe('minSessions', () => {
  it('needs 1 session at 1m and 5m, 3 at 1h and 19 at 1d', () => {
    expect(minSessionsByInterval()).toStrictEqual({ '1m': 1, '5m': 1, '1h': 3, '1d': 19 });
  });

  it('gives every interval at least BARS_PER_TICKER bars per window group', () => {
    for (const i of Intervals) {
      const perGroup = CROSS_SESSION_INTERVALS.includes(i) ? minSessions(i) : 1;
      expect(perGroup * MIN_BARS_PER_SESSION[i], i).toBeGreaterThanOrEqual(BARS_PER_TICKER);
    }
  });

  it('takes the fewest bars per session from the shorter of the two modelled exchanges', () => {
    const minutes = Exchanges.map((e) => {
      const b = sessionBounds(e, '2026-11-27');
      if (b === undefined) throw new Error('2026-11-27 is a Friday');
      return (b.close - b.open) / 60_000;
    });
    const intraday = (['1m', '5m', '1h'] as const).map((i) => [
      i,
      Math.min(...minutes.map((m) => Math.ceil(m / INTERVAL_MINUTES[i]))),
    ]);
    expect({ ...Object.fromEntries(intraday), '1d': 1 }).toStrictEqual(MIN_BARS_PER_SESSION);
  });

  it('fits 1d inside the default 30-day window cap on any start date', () => {
    expect(maxSpanDays(minSessions('1d'))).toBeLessThanOrEqual(30);
  });
});

describe('maxRowsPerTicker', () => {
  it('takes warm-up and label bars once per ticker across sessions at 1d and 1h', () => {
    expect([maxRowsPerTicker('1d', 19), maxRowsPerTicker('1h', 3)]).toStrictEqual([3, 56]);
  });

  it('takes them once per ticker-day at 1m and 5m', () => {
    expect([maxRowsPerTicker('1m', 2), maxRowsPerTicker('5m', 1)]).toStrictEqual([2848, 272]);
  });

  it('never goes below 0', () => {
    expect(maxRowsPerTicker('1d', 10)).toBe(0);
  });

  it('allows at least as many bars per session as the fewest', () => {
    for (const i of Intervals) {
      expect(MAX_BARS_PER_SESSION[i], i).toBeGreaterThanOrEqual(MIN_BARS_PER_SESSION[i]);
    }
  });
});
