"""The time split: one global cut, nothing in train later than anything in test, labels purged."""

from __future__ import annotations

import math

import pytest
from frames import bars_frame, minutes
from pyspark.sql import functions as F
from train_model import FeatureConfig, add_features, add_label, assign_split, time_cut, usable_rows

SMALL = FeatureConfig(return_lags=(1, 2), volatility_window=3, volume_window=3)


@pytest.fixture(scope="module")
def split(spark):
    # Three tickers over two days with different session lengths and start times, so bar times
    # interleave across tickers and a per-ticker split would differ from the global one.
    rows = []
    for ticker, start, n in (("AAA", "14:30", 40), ("BBB", "14:45", 25), ("CCC", "15:10", 33)):
        for day in ("2026-11-26", "2026-11-27"):
            for i, hhmm in enumerate(minutes(start, n)):
                close = 100.0 + ((i * 7 + len(ticker) + n) % 5) - 2
                rows.append((ticker, day, hhmm, close, 100.0 + (i * 13) % 17))
    usable = usable_rows(add_label(add_features(bars_frame(spark, rows), SMALL)), SMALL.names())
    cut = time_cut(usable, 0.25)
    return cut, assign_split(usable, cut).cache()


def times(df, split_name, col="ts"):
    return [
        r[0]
        for r in df.filter(F.col("split") == split_name).select(F.col(col).cast("double")).collect()
    ]


def test_no_train_bar_is_later_than_any_test_bar(split):
    _, df = split
    assert max(times(df, "train")) < min(times(df, "test"))


def test_no_train_label_uses_a_bar_at_or_after_the_cut(split):
    cut, df = split
    assert max(times(df, "train", "label_ts")) < cut


def test_purged_rows_are_the_ones_whose_next_bar_crosses_the_cut(split):
    cut, df = split
    purged = (
        df.filter(F.col("split") == "purged")
        .select(F.col("ts").cast("double").alias("t"), F.col("label_ts").cast("double").alias("l"))
        .collect()
    )
    assert purged, "the fixture must straddle the cut with some ticker's label"
    assert all(r["t"] < cut <= r["l"] for r in purged)


def test_the_cut_is_a_global_time_shared_by_every_ticker(split):
    cut, df = split
    for r in (
        df.groupBy("ticker", "split")
        .agg(
            F.min(F.col("ts").cast("double")).alias("first"),
            F.max(F.col("ts").cast("double")).alias("last"),
        )
        .collect()
    ):
        if r["split"] == "test":
            assert r["first"] >= cut
        else:
            assert r["last"] < cut


def test_the_test_split_holds_about_test_fraction_of_the_rows(split):
    _, df = split
    counts = {r["split"]: r["count"] for r in df.groupBy("split").count().collect()}
    total = sum(counts.values())
    # Bars sharing the cut's minute all go to test, so the share is at least the fraction.
    assert 0.25 <= counts["test"] / total < 0.35


@pytest.mark.parametrize("n, fraction", [(10, 0.25), (7, 0.2), (300, 0.2), (63, 0.5)])
def test_the_cut_is_the_bar_time_at_rank_ceil_of_1_minus_fraction_times_n(spark, n, fraction):
    # ValidateInput (workflows/pipeline/input-training.ts) relies on this: at most
    # ceil((1 - fraction) * n) - 1 rows fall before the cut, so it can refuse a run certain to
    # have too few train rows.
    # n bars a minute apart from midnight: every time distinct, so ranks are unambiguous.
    times = [f"2026-11-27T{i // 60:02d}:{i % 60:02d}" for i in range(n)]
    bars = bars_frame(spark, [("AAA", "2026-11-27", t, 1.0, 1.0) for t in times])
    cut = time_cut(bars, fraction)
    before = bars.filter(F.col("ts").cast("double") < cut).count()
    assert before == math.ceil((1 - fraction) * n) - 1
