"""Synthetic raw bars laid out as the download Lambda stores them, for the training job's tests
and its timing run: raw/interval=<i>/date=<YYYY-MM-DD>/ticker=<T>/bars.csv[.gz].

Closes follow a mean-reverting walk (each 1-bar return is -0.2 times the previous one plus
noise), so a tree on ret_1 can beat the majority class: a test of the metrics can tell a model
that learned from one that did not. Seeded, so runs repeat.

CLI (for timing the job by hand or from a benchmark):
    python test/tasks/train/bars_fixture.py --out /tmp/bars --tickers 100 --dates 2026-11-27
prints the comma-separated --input value for train_model.py.
"""

from __future__ import annotations

import argparse
import gzip
import math
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import List, Sequence, Tuple

HEADER = "ts,open,high,low,close,volume"
Bar = Tuple[str, float, float, float, float, int]


def session_bars(
    day: str, n: int, rng: random.Random, open_utc: str = "14:30", step_minutes: int = 1
) -> List[Bar]:
    start = datetime.fromisoformat(f"{day}T{open_utc}:00").replace(tzinfo=timezone.utc)
    close, prev_ret = 100.0 * math.exp(rng.gauss(0, 0.5)), 0.0
    bars: List[Bar] = []
    for i in range(n):
        ret = -0.2 * prev_ret + rng.gauss(0, 0.001)
        open_ = close
        close = round(close * (1 + ret), 4)
        high = round(max(open_, close) * (1 + abs(rng.gauss(0, 0.0003))), 4)
        low = round(min(open_, close) * (1 - abs(rng.gauss(0, 0.0003))), 4)
        volume = int(rng.lognormvariate(8, 0.6))
        ts = (start + timedelta(minutes=i * step_minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")
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
    step = {"1m": 1, "5m": 5, "1h": 60}.get(interval, 1)
    k = 0
    for day in dates:
        for ticker in tickers:
            n = rng.randint(*bars_per_day)
            k += 1
            gz = gzip_every > 0 and k % gzip_every == 0
            bars = session_bars(day, n, rng, step_minutes=step)
            write_bars(object_path(root, interval, day, ticker), bars, gz=gz)
    return [f"{root}/interval={interval}/date={day}/" for day in dates]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="the raw/ root to write under")
    parser.add_argument("--tickers", type=int, default=100)
    parser.add_argument("--dates", default="2026-11-27", help="comma-separated YYYY-MM-DD")
    parser.add_argument("--min-bars", type=int, default=390)
    parser.add_argument("--max-bars", type=int, default=510)
    parser.add_argument("--seed", type=int, default=7)
    ns = parser.parse_args()
    tickers = [f"T{i:04d}" for i in range(ns.tickers)]
    dates = [d.strip() for d in ns.dates.split(",") if d.strip()]
    prefixes = write_dataset(
        Path(ns.out).resolve(), tickers, dates, (ns.min_bars, ns.max_bars), seed=ns.seed
    )
    print(",".join(prefixes))


if __name__ == "__main__":
    main()
