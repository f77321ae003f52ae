"""Builds small bar DataFrames shaped like read_bars' output, for the unit tests."""

from __future__ import annotations

from typing import Iterable, Tuple

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

# (ticker, date, "HH:MM", close, volume): open/high/low do not enter the features. A time with a
# "T" is a full ISO date-time, for a bar filed under another date partition.
Row = Tuple[str, str, str, float, float]


def bars_frame(spark: SparkSession, rows: Iterable[Row], interval: str = "1m") -> DataFrame:
    data = [
        (
            f"{hhmm if 'T' in hhmm else date + 'T' + hhmm}:00Z",
            close,
            close,
            close,
            close,
            volume,
            interval,
            date,
            ticker,
        )
        for ticker, date, hhmm, close, volume in rows
    ]
    schema = (
        "ts string, open double, high double, low double, close double, volume double,"
        " interval string, date string, ticker string"
    )
    return spark.createDataFrame(data, schema).withColumn("ts", F.to_timestamp("ts"))


def minutes(start: str, n: int) -> list:
    """n consecutive HH:MM strings from start."""
    h, m = (int(x) for x in start.split(":"))
    out = []
    for i in range(n):
        t = h * 60 + m + i
        out.append(f"{t // 60:02d}:{t % 60:02d}")
    return out
