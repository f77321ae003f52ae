"""Features and label: values checked against hand-computed numbers, and no look-ahead."""

from __future__ import annotations

import math
import statistics

import pytest
from frames import bars_frame, minutes
from train_model import (
    SERIES,
    SESSION,
    FeatureConfig,
    InputError,
    add_features,
    add_label,
    clean_bars,
    usable_rows,
    window_group,
)

SMALL = FeatureConfig(return_lags=(1, 2), volatility_window=3, volume_window=3)

# One ticker-day, with a gap between 14:32 and 14:34. Closes move +10%, -10%, +10%, 0, +10%.
HAND = [
    ("AAA", "2026-11-27", "14:30", 100.0, 10.0),
    ("AAA", "2026-11-27", "14:31", 110.0, 20.0),
    ("AAA", "2026-11-27", "14:32", 99.0, 30.0),
    ("AAA", "2026-11-27", "14:34", 108.9, 30.0),
    ("AAA", "2026-11-27", "14:35", 108.9, 60.0),
    ("AAA", "2026-11-27", "14:36", 119.79, 90.0),
]
ROOT3 = math.sqrt(3)


def collect(df, cols):
    return [tuple(r[c] for c in cols) for r in df.orderBy("ticker", "date", "ts").collect()]


def approx_list(values):
    return [None if v is None else pytest.approx(v, rel=1e-9, abs=1e-12) for v in values]


@pytest.fixture(scope="module")
def hand(spark):
    return add_label(add_features(bars_frame(spark, HAND), SMALL)).orderBy("ts").collect()


def column(rows, name):
    return [r[name] for r in rows]


def test_returns_are_close_over_close_k_bars_back_minus_one(hand):
    assert column(hand, "ret_1") == approx_list([None, 0.1, -0.1, 0.1, 0.0, 0.1])
    assert column(hand, "ret_2") == approx_list([None, None, -0.01, -0.01, 0.1, 0.1])


def test_volatility_is_sample_std_of_the_last_window_of_1_bar_returns(hand):
    # Bar 3: std(.1, -.1, .1) = 0.2/sqrt(3); bar 4: std(-.1, .1, 0) = 0.1; bar 5: std(.1, 0, .1).
    expected = [None, None, None, 0.2 / ROOT3, 0.1, 0.1 / ROOT3]
    assert column(hand, "volatility_3") == approx_list(expected)


def test_volume_z_score_compares_the_bar_with_its_window_mean_and_std(hand):
    # Bar 2: (30-20)/10; bar 3: window 20,30,30; bar 4: 30,30,60; bar 5: (90-60)/30.
    expected = [None, None, 1.0, 1 / ROOT3, 2 / ROOT3, 1.0]
    assert column(hand, "volume_z_3") == approx_list(expected)


def test_volume_z_score_is_zero_when_the_window_volume_is_constant(spark):
    rows = [
        ("AAA", "2026-11-27", hhmm, 100.0 + i, 50.0) for i, hhmm in enumerate(minutes("14:30", 4))
    ]
    out = add_features(bars_frame(spark, rows), SMALL).orderBy("ts").collect()
    assert column(out, "volume_z_3") == [None, None, 0.0, 0.0]


def test_minute_of_session_counts_minutes_since_the_ticker_days_first_bar(hand):
    assert column(hand, "minute_of_session") == [0.0, 1.0, 2.0, 4.0, 5.0, 6.0]


def test_label_is_1_when_the_next_close_is_higher_and_0_when_lower_or_equal(hand):
    # 110>100, 99<110, 108.9>99, 108.9=108.9 (flat is 0), 119.79>108.9, last bar has no next.
    assert column(hand, "label") == [1.0, 0.0, 1.0, 0.0, 1.0, None]


def test_label_ts_is_the_next_bars_time(hand):
    ts = column(hand, "ts")
    assert column(hand, "label_ts") == ts[1:] + [None]


def test_usable_rows_drop_warmup_bars_and_the_last_bar(spark):
    df = add_label(add_features(bars_frame(spark, HAND), SMALL))
    kept = usable_rows(df, SMALL.names()).orderBy("ts").collect()
    assert [r["minute_of_session"] for r in kept] == [4.0, 5.0]
    assert SMALL.min_bars() == 5


def test_default_windows_match_a_reference_computation_on_20_bars(spark):
    closes = [100 * (1 + 0.01 * math.sin(i)) + i * 0.1 for i in range(20)]
    volumes = [1000.0 + 37 * ((i * 7) % 11) for i in range(20)]
    rows = [
        ("AAA", "2026-11-27", hhmm, c, v)
        for hhmm, c, v in zip(minutes("14:30", 20), closes, volumes)
    ]
    out = add_features(bars_frame(spark, rows)).orderBy("ts").collect()
    last = out[-1]
    rets = [closes[i] / closes[i - 1] - 1 for i in range(1, 20)]
    assert last["ret_1"] == pytest.approx(closes[19] / closes[18] - 1)
    assert last["ret_5"] == pytest.approx(closes[19] / closes[14] - 1)
    assert last["ret_15"] == pytest.approx(closes[19] / closes[4] - 1)
    assert last["volatility_15"] == pytest.approx(statistics.stdev(rets[-15:]))
    window = volumes[-15:]
    z = (volumes[19] - statistics.mean(window)) / statistics.stdev(window)
    assert last["volume_z_15"] == pytest.approx(z)
    assert out[14]["volatility_15"] is None and out[15]["volatility_15"] is not None
    assert out[13]["volume_z_15"] is None and out[14]["volume_z_15"] is not None


def test_features_of_a_bar_do_not_change_when_later_bars_change(spark):
    n, k = 20, 12
    base = [
        ("AAA", "2026-11-27", hhmm, 100.0 + (i % 5) - 0.3 * i, 500.0 + 40 * (i % 7))
        for i, hhmm in enumerate(minutes("14:30", n))
    ]
    changed = base[: k + 1] + [(t, d, h, c * 3.0, v * 9.0) for t, d, h, c, v in base[k + 1 :]]
    names = FeatureConfig().names()
    a = collect(add_features(bars_frame(spark, base)), names)
    b = collect(add_features(bars_frame(spark, changed)), names)
    assert a[: k + 1] == b[: k + 1]
    assert a[k + 1 :] != b[k + 1 :]


def test_windows_stay_inside_one_ticker_day(spark):
    rows = [
        ("AAA", "2026-11-26", "20:58", 50.0, 10.0),
        ("AAA", "2026-11-26", "20:59", 55.0, 10.0),
        ("AAA", "2026-11-27", "14:30", 100.0, 10.0),
        ("AAA", "2026-11-27", "14:31", 101.0, 10.0),
        ("BBB", "2026-11-27", "14:30", 7.0, 10.0),
        ("BBB", "2026-11-27", "14:31", 14.0, 10.0),
    ]
    out = collect(
        add_label(add_features(bars_frame(spark, rows), SMALL)),
        ["ticker", "date", "ret_1", "label", "minute_of_session"],
    )
    assert out == [
        ("AAA", "2026-11-26", None, 1.0, 0.0),
        ("AAA", "2026-11-26", pytest.approx(0.1), None, 1.0),
        ("AAA", "2026-11-27", None, 1.0, 0.0),
        ("AAA", "2026-11-27", pytest.approx(0.01), None, 1.0),
        ("BBB", "2026-11-27", None, 1.0, 0.0),
        ("BBB", "2026-11-27", pytest.approx(1.0), None, 1.0),
    ]


def test_clean_bars_drops_invalid_bars_and_keeps_one_bar_per_ticker_and_time(spark):
    rows = [
        ("AAA", "2026-11-27", "14:30", 100.0, 10.0),
        ("AAA", "2026-11-28", "2026-11-27T14:30", 100.0, 10.0),  # same bar, later date
        ("AAA", "2026-11-27", "14:31", 0.0, 10.0),  # close must be > 0
        ("AAA", "2026-11-27", "14:32", 101.0, -1.0),  # volume must be >= 0
        ("AAA", "2026-11-27", "14:33", 102.0, 0.0),
    ]
    out = collect(clean_bars(bars_frame(spark, rows), 2), ["date", "close", "volume"])
    assert out == [("2026-11-27", 100.0, 10.0), ("2026-11-27", 102.0, 0.0)]


# ---------------------------------------------------------------- 1h and 1d: across sessions

# HAND's closes and volumes as hourly bars over two sessions: three bars on Thursday, three on
# Friday. Across sessions the series is the same as HAND's, so every value below is hand-checked
# the same way; the Friday 14:30 bar is the one whose windows reach back into Thursday.
HOURLY = [
    ("AAA", "2026-11-26", "14:30", 100.0, 10.0),
    ("AAA", "2026-11-26", "15:30", 110.0, 20.0),
    ("AAA", "2026-11-26", "16:30", 99.0, 30.0),
    ("AAA", "2026-11-27", "14:30", 108.9, 30.0),
    ("AAA", "2026-11-27", "15:30", 108.9, 60.0),
    ("AAA", "2026-11-27", "16:30", 119.79, 90.0),
    # Another ticker at the same times: its windows must not see AAA's bars.
    ("BBB", "2026-11-26", "16:30", 7.0, 10.0),
    ("BBB", "2026-11-27", "14:30", 14.0, 10.0),
]


@pytest.fixture(scope="module")
def hourly(spark):
    group = window_group("1h")
    df = add_label(add_features(bars_frame(spark, HOURLY, "1h"), SMALL, group), group)
    return df.orderBy("ticker", "ts").collect()


def ticker_rows(rows, ticker):
    return [r for r in rows if r["ticker"] == ticker]


def test_minute_intervals_window_per_ticker_day_and_coarse_ones_per_ticker():
    assert [window_group(i) for i in ("1m", "5m", "1h", "1d")] == [SESSION, SESSION, SERIES, SERIES]


def test_an_unknown_interval_is_an_input_error_naming_it():
    with pytest.raises(InputError, match=r"unknown interval '2m' .*1m, 5m, 1h, 1d"):
        window_group("2m")


def test_hourly_returns_reach_back_over_the_overnight_gap(hourly):
    aaa = ticker_rows(hourly, "AAA")
    # Friday 14:30: 108.9 / 99 (Thursday 16:30) - 1 = 0.1; ret_2: 108.9 / 110 - 1 = -0.01.
    assert column(aaa, "ret_1") == approx_list([None, 0.1, -0.1, 0.1, 0.0, 0.1])
    assert column(aaa, "ret_2") == approx_list([None, None, -0.01, -0.01, 0.1, 0.1])


def test_hourly_volatility_and_volume_z_windows_span_the_session_boundary(hourly):
    aaa = ticker_rows(hourly, "AAA")
    # Friday 14:30: std(.1, -.1, .1) over Thursday 15:30, 16:30 and itself = 0.2/sqrt(3);
    # volume window 20, 30, 30 (two of them Thursday's): (30 - 26.67) / 5.77 = 1/sqrt(3).
    assert column(aaa, "volatility_3") == approx_list(
        [None, None, None, 0.2 / ROOT3, 0.1, 0.1 / ROOT3]
    )
    assert column(aaa, "volume_z_3") == approx_list([None, None, 1.0, 1 / ROOT3, 2 / ROOT3, 1.0])


def test_hourly_label_of_a_sessions_last_bar_is_the_next_sessions_first_bar(hourly):
    aaa = ticker_rows(hourly, "AAA")
    # Thursday 16:30 (99) is labelled by Friday 14:30 (108.9 > 99): 1; only the last bar has none.
    assert column(aaa, "label") == [1.0, 0.0, 1.0, 0.0, 1.0, None]
    assert aaa[2]["label_ts"] == aaa[3]["ts"]


def test_hourly_minute_of_session_still_restarts_each_ticker_day(hourly):
    assert column(ticker_rows(hourly, "AAA"), "minute_of_session") == [0, 60, 120, 0, 60, 120]


def test_cross_session_windows_keep_tickers_apart(hourly):
    bbb = ticker_rows(hourly, "BBB")
    assert column(bbb, "ret_1") == [None, pytest.approx(1.0)]
    assert column(bbb, "label") == [1.0, None]


def test_sessions_too_short_on_their_own_give_usable_rows_across_sessions(spark):
    # Three bars a session is fewer than SMALL's 5 per group: per ticker-day nothing is usable,
    # per ticker the 4th and 5th bars are (the 6th has no next bar).
    frame = bars_frame(spark, HOURLY[:6], "1h")
    per_day = usable_rows(add_label(add_features(frame, SMALL, SESSION), SESSION), SMALL.names())
    per_ticker = usable_rows(add_label(add_features(frame, SMALL, SERIES), SERIES), SMALL.names())
    assert per_day.count() == 0
    assert [r["close"] for r in per_ticker.orderBy("ts").collect()] == [108.9, 108.9]


def test_daily_bars_have_minute_of_session_0_and_day_over_day_returns(spark):
    rows = [
        ("AAA", d, "14:30", c, 1000.0)
        for d, c in (("2026-11-24", 50.0), ("2026-11-25", 55.0), ("2026-11-26", 44.0))
    ]
    group = window_group("1d")
    out = add_label(add_features(bars_frame(spark, rows, "1d"), SMALL, group), group)
    got = out.orderBy("ts").collect()
    assert column(got, "minute_of_session") == [0.0, 0.0, 0.0]
    assert column(got, "ret_1") == approx_list([None, 0.1, -0.2])
    assert column(got, "label") == [1.0, 0.0, None]
