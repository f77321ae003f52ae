"""Reading raw/: Hive partitions as string columns, gzip by file name, ISO-8601 UTC times."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from bars_fixture import object_path, write_bars
from pyspark.sql import functions as F
from train_model import configure, read_bars

BARS = [
    ("2026-11-27T14:30:00Z", 1.0, 1.0, 1.0, 10.5, 100),
    ("2026-11-27T14:31:00.250Z", 1.0, 1.0, 1.0, 10.75, 200),
    ("not-a-time", 1.0, 1.0, 1.0, 11.0, 300),
]


@pytest.fixture(scope="module")
def rows(spark, tmp_path_factory):
    configure(spark)
    raw = tmp_path_factory.mktemp("read") / "raw"
    write_bars(object_path(raw, "1m", "2026-11-27", "123"), BARS)
    write_bars(object_path(raw, "1m", "2026-11-27", "AAA"), BARS[:1], gz=True)
    # Neither is a bars file: both must be ignored.
    (object_path(raw, "1m", "2026-11-27", "AAA").parent / "notes.txt").write_text("x\n")
    (object_path(raw, "1m", "2026-11-27", "AAA").parent / "_SUCCESS").write_text("")
    df = read_bars(spark, [f"{raw}/interval=1m/date=2026-11-27/"])
    return df.withColumn("epoch", F.col("ts").cast("double")).orderBy("ticker", "close").collect()


def test_partition_values_become_string_columns_even_when_numeric(rows):
    assert {(r["interval"], r["date"], r["ticker"]) for r in rows} == {
        ("1m", "2026-11-27", "123"),
        ("1m", "2026-11-27", "AAA"),
    }


def test_gzipped_and_plain_files_are_both_read_and_other_files_are_not(rows):
    assert [(r["ticker"], r["close"]) for r in rows] == [
        ("123", 10.5),
        ("123", 10.75),
        ("123", 11.0),
        ("AAA", 10.5),
    ]


def test_iso_8601_utc_times_parse_with_or_without_milliseconds(rows):
    start = datetime(2026, 11, 27, 14, 30, tzinfo=timezone.utc).timestamp()
    assert [r["epoch"] for r in rows[:2]] == [start, start + 60.25]


def test_an_unparseable_time_reads_as_null(rows):
    assert rows[2]["ts"] is None and rows[2]["volume"] == 300.0
