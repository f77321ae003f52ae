"""Synthetic raw bars laid out as the download Lambda stores them, for the training job's tests
and its timing run: raw/interval=<i>/date=<YYYY-MM-DD>/ticker=<T>/bars.csv[.gz].

Closes follow a mean-reverting walk (each 1-bar return is -0.2 times the previous one plus
noise), so a tree on ret_1 can beat the majority class: a test of the metrics can tell a model
that learned from one that did not. Seeded, so runs repeat. Minute sessions each start from a
new price level; 1h and 1d series carry the walk across sessions, as the job's windows do.

CLI (for timing the job by hand or from a benchmark):
    python test/tasks/train/bars_fixture.py --out /tmp/bars --tickers 100 --dates 2026-11-27
    python test/tasks/train/bars_fixture.py --out /tmp/bars --tickers 50 --interval 1d \
        --weekdays-to 2026-11-27 --weekdays 20
prints the comma-separated --input value for train_model.py.
"""

from __future__ import annotations

import argparse
import gzip
import math
import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

HEADER = "ts,open,high,low,close,volume"
Bar = Tuple[str, float, float, float, float, int]
STEP_MINUTES = {"1m": 1, "5m": 5, "1h": 60, "1d": 24 * 60}
# Intervals whose walk continues from one session to the next (train_model's
# CROSS_SESSION_INTERVALS).
CONTINUOUS = ("1h", "1d")


def session_bars(
    day: str,
    n: int,
    rng: random.Random,
    open_utc: str = "14:30",
    step_minutes: int = 1,
    start: Optional[Tuple[float, float]] = None,
) -> List[Bar]:
    """n bars from open_utc; ``start`` = (previous close, previous return) continues a walk."""
    t0 = datetime.fromisoformat(f"{day}T{open_utc}:00").replace(tzinfo=timezone.utc)
    close, prev_ret = start if start is not None else (100.0 * math.exp(rng.gauss(0, 0.5)), 0.0)
    bars: List[Bar] = []
    for i in range(n):
        ret = -0.2 * prev_ret + rng.gauss(0, 0.001)
        open_ = close
        close = round(close * (1 + ret), 4)
        high = round(max(open_, close) * (1 + abs(rng.gauss(0, 0.0003))), 4)
        low = round(min(open_, close) * (1 - abs(rng.gauss(0, 0.0003))), 4)
        volume = int(rng.lognormvariate(8, 0.6))
        ts = (t0 + timedelta(minutes=i * step_minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")
        bars.append((ts, round(open_, 4), high, low, close, volume))
        prev_ret = close / open_ - 1
    return bars


def write_bars(path: Path, bars: Sequence[Bar], gz: bool = False) -> Path:
    """One bars file with the download contract's header; ``.gz`` appended when ``gz``."""
    text = HEADER + "\n" + "".join(",".join(str(v) for v in b) + "\n" for b in bars)
    path.parent.mkdir(parents=True, exist_ok=True)
    if gz:
        path = path.with_name(path.name + ".gz")
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text)
    return path


def object_path(root: Path, interval: str, day: str, ticker: str) -> Path:
    return root / f"interval={interval}" / f"date={day}" / f"ticker={ticker}" / "bars.csv"


def write_dataset(
    root: Path,
    tickers: Sequence[str],
    dates: Sequence[str],
    bars_per_day: Tuple[int, int] = (390, 510),
    interval: str = "1m",
    seed: int = 7,
    gzip_every: int = 0,
) -> List[str]:
    """Writes one object per ticker and date under ``root`` (the raw/ prefix); returns the
    per-date prefixes to pass as ``--input``. Every ``gzip_every``-th object is gzipped."""
    rng = random.Random(seed)
    step = STEP_MINUTES.get(interval, 1)
    walks: Dict[str, Tuple[float, float]] = {}
    k = 0
    for day in dates:
        for ticker in tickers:
            n = rng.randint(*bars_per_day)
            k += 1
            gz = gzip_every > 0 and k % gzip_every == 0
            start = walks.get(ticker) if interval in CONTINUOUS else None
            bars = session_bars(day, n, rng, step_minutes=step, start=start)
            if bars:
                last = bars[-1]
                walks[ticker] = (last[4], last[4] / last[1] - 1)
            write_bars(object_path(root, interval, day, ticker), bars, gz=gz)
    return [f"{root}/interval={interval}/date={day}/" for day in dates]


def weekdays(last: str, n: int) -> List[str]:
    """The n weekdays up to and including ``last``, oldest first."""
    out: List[str] = []
    d = date.fromisoformat(last)
    while len(out) < n:
        if d.weekday() < 5:
            out.append(d.isoformat())
        d -= timedelta(days=1)
    return out[::-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="the raw/ root to write under")
    parser.add_argument("--tickers", type=int, default=100)
    parser.add_argument("--dates", default="2026-11-27", help="comma-separated YYYY-MM-DD")
    parser.add_argument("--weekdays-to", help="instead of --dates: the last of --weekdays dates")
    parser.add_argument("--weekdays", type=int, default=20)
    parser.add_argument("--interval", default="1m", choices=sorted(STEP_MINUTES))
    parser.add_argument("--min-bars", type=int, help="bars per session (default: by interval)")
    parser.add_argument("--max-bars", type=int)
    parser.add_argument("--seed", type=int, default=7)
    ns = parser.parse_args()
    tickers = [f"T{i:04d}" for i in range(ns.tickers)]
    if ns.weekdays_to:
        dates = weekdays(ns.weekdays_to, ns.weekdays)
    else:
        dates = [d.strip() for d in ns.dates.split(",") if d.strip()]
    # A regular NYSE session: 390 minutes, 78 five-minute bars, 7 hourly bars, 1 daily bar.
    lo, hi = {"1m": (390, 510), "5m": (78, 102), "1h": (7, 9), "1d": (1, 1)}[ns.interval]
    bars = (ns.min_bars or lo, ns.max_bars or max(hi, ns.min_bars or lo))
    prefixes = write_dataset(
        Path(ns.out).resolve(), tickers, dates, bars, interval=ns.interval, seed=ns.seed
    )
    print(",".join(prefixes))


if __name__ == "__main__":
    main()
