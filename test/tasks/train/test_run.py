"""Whole runs through main() on temp dirs of CSVs laid out as the download Lambda writes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bars_fixture import object_path, session_bars, weekdays, write_bars, write_dataset
from pyspark.ml import PipelineModel
from train_model import EXIT_INPUT, main

NUM = (int, float)
# The documented metrics.json schema (docs/training.md): every key and its type.
SCHEMA = {
    "schema_version": int,
    "created_at": str,
    "model": str,
    "spark_version": str,
    "python_version": str,
    "input": list,
    "inputs_missing": list,
    "output": str,
    "model_path": str,
    "params": {"max_depth": int, "test_fraction": float},
    "interval": str,
    "dates": list,
    "tickers": int,
    "tickers_used": int,
    "features": list,
    "rows": {
        k: int
        for k in (
            "read",
            "invalid",
            "duplicate",
            "unlabelled",
            "warmup",
            "total",
            "train",
            "purged",
            "test",
        )
    },
    "split": {
        k: str
        for k in ("cut_ts", "train_first_ts", "train_last_ts", "test_first_ts", "test_last_ts")
    },
    "train_positive_rate": float,
    "accuracy": NUM,
    "auc": NUM,
    "precision": NUM,
    "recall": NUM,
    "baseline_class": int,
    "baseline_accuracy": NUM,
    "test_positive_rate": NUM,
    "confusion_matrix": {"tp": int, "fp": int, "tn": int, "fn": int},
    "tree": {"depth": int, "num_nodes": int},
    "feature_importances": dict,
    "duration_seconds": NUM,
}
FEATURES = ["ret_1", "ret_5", "ret_15", "volatility_15", "volume_z_15", "minute_of_session"]
DATES = ["2026-11-26", "2026-11-27"]


def check_schema(value, schema, where="metrics"):
    assert set(value) == set(schema), where
    for key, kind in schema.items():
        if isinstance(kind, dict):
            check_schema(value[key], kind, f"{where}.{key}")
        else:
            assert isinstance(value[key], kind) and not isinstance(value[key], bool), (
                f"{where}.{key}"
            )


@pytest.fixture(scope="module")
def good_run(spark, tmp_path_factory):
    root = tmp_path_factory.mktemp("run") / "raw"
    inputs = write_dataset(root, ["AAA", "BBB", "123"], DATES, (60, 80), gzip_every=2)
    inputs.append(f"{root}/interval=1m/date=2026-11-30/")  # a session with no objects at all
    out = root.parent / "models" / "exec-1"
    code = main(["--input", ",".join(inputs), "--output", str(out), "--max-depth", "3"], spark)
    return code, out, json.loads((out / "metrics.json").read_text()), root


def test_a_good_run_exits_0(good_run):
    assert good_run[0] == 0


def test_metrics_json_has_the_documented_keys_and_types(good_run):
    check_schema(good_run[2], SCHEMA)


def test_metrics_describe_the_input_and_the_split(good_run):
    _, out, m, _ = good_run
    assert m["dates"] == DATES and m["tickers"] == 3 and m["interval"] == "1m"
    assert m["features"] == FEATURES and list(m["feature_importances"]) == FEATURES
    r = m["rows"]
    assert r["total"] == r["train"] + r["purged"] + r["test"]
    assert r["read"] == r["invalid"] + r["duplicate"] + r["unlabelled"] + r["warmup"] + r["total"]
    assert r["unlabelled"] == 6  # the last bar of each of the 3 tickers x 2 days
    assert m["split"]["train_last_ts"] < m["split"]["cut_ts"] <= m["split"]["test_first_ts"]
    c = m["confusion_matrix"]
    assert sum(c.values()) == r["test"]
    assert m["accuracy"] == pytest.approx((c["tp"] + c["tn"]) / r["test"])
    assert m["params"] == {"max_depth": 3, "test_fraction": 0.2} and m["tree"]["depth"] <= 3
    assert m["model_path"] == f"{out}/model"


def test_metrics_have_no_data_key_without_a_data_description(good_run):
    assert "data" not in good_run[2]


def test_metrics_keep_the_data_description_as_data(spark, tmp_path):
    root = tmp_path / "raw"
    inputs = write_dataset(root, ["AAA", "BBB", "123"], DATES, (60, 80))
    out = tmp_path / "models" / "exec-2"
    description = {"from": DATES[0], "to": DATES[-1], "tickers": 3, "manifest": None}
    code = main(
        [
            "--input",
            ",".join(inputs),
            "--output",
            str(out),
            "--data-description",
            json.dumps(description),
        ],
        spark,
    )
    metrics = json.loads((out / "metrics.json").read_text())
    assert code == 0
    check_schema(metrics, {**SCHEMA, "data": dict})
    assert metrics["data"] == description


def test_a_missing_date_prefix_is_skipped_and_listed(good_run):
    _, _, m, root = good_run
    assert m["inputs_missing"] == [f"{root}/interval=1m/date=2026-11-30/"]
    assert len(m["input"]) == 3


def test_the_saved_model_loads_and_scores_feature_rows(spark, good_run):
    model = PipelineModel.load(str(good_run[1] / "model"))
    row = spark.createDataFrame([tuple(0.0 for _ in FEATURES)], FEATURES)
    assert model.transform(row).select("prediction").first()[0] in (0.0, 1.0)


def run_failing(spark, capsys, inputs, out):
    code = main(["--input", ",".join(str(i) for i in inputs), "--output", str(out)], spark)
    err = capsys.readouterr().err
    assert not (Path(out) / "metrics.json").exists()
    return code, err


def assert_one_line(err, fragment):
    assert err.startswith("train_model: ") and err.count("\n") == 1, err
    assert fragment in err


def test_input_prefixes_that_do_not_exist_fail_with_exit_3(spark, capsys, tmp_path):
    code, err = run_failing(
        spark, capsys, [tmp_path / "raw/interval=1m/date=2026-11-27"], tmp_path / "o"
    )
    assert code == EXIT_INPUT
    assert_one_line(err, "no input prefix exists: ")


def test_an_empty_input_prefix_fails_with_exit_3(spark, capsys, tmp_path):
    prefix = tmp_path / "raw/interval=1m/date=2026-11-27"
    prefix.mkdir(parents=True)
    code, err = run_failing(spark, capsys, [prefix], tmp_path / "o")
    assert code == EXIT_INPUT
    assert_one_line(err, "no bars files under")


def test_header_only_files_fail_with_exit_3(spark, capsys, tmp_path):
    write_bars(object_path(tmp_path / "raw", "1m", "2026-11-27", "AAA"), [])
    code, err = run_failing(
        spark, capsys, [tmp_path / "raw/interval=1m/date=2026-11-27"], tmp_path / "o"
    )
    assert code == EXIT_INPUT
    assert_one_line(err, "no rows in the bars files")


def test_a_file_with_another_header_fails_with_exit_3(spark, capsys, tmp_path):
    f = object_path(tmp_path / "raw", "1m", "2026-11-27", "AAA")
    f.parent.mkdir(parents=True)
    f.write_text("time,o,h,l,c,v\n2026-11-27T14:30:00Z,1,1,1,1,1\n")
    code, err = run_failing(
        spark, capsys, [tmp_path / "raw/interval=1m/date=2026-11-27"], tmp_path / "o"
    )
    assert code == EXIT_INPUT
    assert_one_line(err, "bars file header must be ts,open,high,low,close,volume")


def test_sessions_too_short_for_the_windows_fail_with_exit_3(spark, capsys, tmp_path):
    inputs = write_dataset(tmp_path / "raw", ["AAA", "BBB"], ["2026-11-27"], (10, 16))
    code, err = run_failing(spark, capsys, inputs, tmp_path / "o")
    assert code == EXIT_INPUT
    assert_one_line(err, "a ticker-day needs at least 17 bars")


def test_too_few_rows_to_split_fail_with_exit_3(spark, capsys, tmp_path):
    inputs = write_dataset(tmp_path / "raw", ["AAA"], ["2026-11-27"], (40, 40))
    code, err = run_failing(spark, capsys, inputs, tmp_path / "o")
    assert code == EXIT_INPUT
    assert_one_line(err, "too few rows to train and test")


def test_a_train_split_with_one_label_class_fails_with_exit_3(spark, capsys, tmp_path):
    import random

    for ticker in ("AAA", "BBB"):
        bars = session_bars("2026-11-27", 120, random.Random(1))
        rising = [(ts, o, h, lo, 100.0 + i, v) for i, (ts, o, h, lo, _, v) in enumerate(bars)]
        write_bars(object_path(tmp_path / "raw", "1m", "2026-11-27", ticker), rising)
    code, err = run_failing(
        spark, capsys, [tmp_path / "raw/interval=1m/date=2026-11-27"], tmp_path / "o"
    )
    assert code == EXIT_INPUT
    assert_one_line(err, "single label class")


def test_daily_bars_too_few_sessions_fail_with_exit_3_naming_the_ticker_need(
    spark, capsys, tmp_path
):
    inputs = write_dataset(
        tmp_path / "raw", ["AAA", "BBB"], weekdays("2026-11-27", 16), (1, 1), interval="1d"
    )
    code, err = run_failing(spark, capsys, inputs, tmp_path / "o")
    assert code == EXIT_INPUT
    assert_one_line(
        err, "a ticker needs at least 17 bars over the input's sessions (interval=1d)"
    )


def test_inputs_mixing_cross_session_intervals_fail_with_exit_3(spark, capsys, tmp_path):
    a = write_dataset(tmp_path / "raw", ["AAA"], ["2026-11-27"], (7, 7), interval="1h")
    b = write_dataset(tmp_path / "raw", ["AAA"], ["2026-11-27"], (1, 1), interval="1d")
    code, err = run_failing(spark, capsys, a + b, tmp_path / "o")
    assert code == EXIT_INPUT
    assert_one_line(err, "input mixes intervals 1d, 1h: pass the prefixes of one interval")


def test_an_unknown_interval_partition_fails_with_exit_3(spark, capsys, tmp_path):
    inputs = write_dataset(tmp_path / "raw", ["AAA"], ["2026-11-27"], (30, 30), interval="2m")
    code, err = run_failing(spark, capsys, inputs, tmp_path / "o")
    assert code == EXIT_INPUT
    assert_one_line(err, "unknown interval '2m' in the input's interval= partition")


def test_inputs_mixing_intervals_fail_with_exit_3(spark, capsys, tmp_path):
    a = write_dataset(tmp_path / "raw", ["AAA"], ["2026-11-27"], (30, 30), interval="1m")
    b = write_dataset(tmp_path / "raw", ["AAA"], ["2026-11-27"], (30, 30), interval="5m")
    code, err = run_failing(spark, capsys, a + b, tmp_path / "o")
    assert code == EXIT_INPUT
    assert_one_line(err, "input mixes intervals 1m, 5m")


def test_a_corrupt_gzip_file_fails_with_exit_3(spark, capsys, tmp_path):
    inputs = write_dataset(tmp_path / "raw", ["AAA", "BBB"], ["2026-11-27"], (60, 60))
    bad = object_path(tmp_path / "raw", "1m", "2026-11-27", "CCC")
    bad.parent.mkdir(parents=True)
    bad.with_name("bars.csv.gz").write_bytes(b"\x1f\x8b\x08\x00 this is not deflate data")
    code, err = run_failing(spark, capsys, inputs, tmp_path / "o")
    assert code == EXIT_INPUT
    assert_one_line(err, "a bars.csv.gz file could not be decompressed: java.io.IOException: ")


# ---------------------------------------------------------------- 1d: windows across sessions

DAILY_TICKERS = [f"D{i:02d}" for i in range(10)]
DAILY_DATES = weekdays("2026-11-27", 25)


@pytest.fixture(scope="module")
def daily_run(spark, tmp_path_factory):
    # 25 weekday sessions x 10 tickers, one bar each: 9 usable rows per ticker (25 - 15 warm-up
    # - 1 unlabelled), 90 in all, enough for the job's 50 train and 10 test rows.
    root = tmp_path_factory.mktemp("daily") / "raw"
    inputs = write_dataset(root, DAILY_TICKERS, DAILY_DATES, (1, 1), interval="1d")
    out = root.parent / "models" / "daily-1"
    code = main(["--input", ",".join(inputs), "--output", str(out)], spark)
    return code, out, json.loads((out / "metrics.json").read_text())


def test_daily_bars_train_end_to_end(daily_run):
    code, out, m = daily_run
    assert code == 0
    check_schema(m, SCHEMA)
    assert (m["interval"], m["dates"], m["tickers_used"]) == ("1d", DAILY_DATES, 10)
    assert m["features"] == FEATURES and (out / "model").is_dir()


def test_daily_windows_run_per_ticker_not_per_day(daily_run):
    r = daily_run[2]["rows"]
    # Per ticker-day every one-bar day would be unlabelled; per ticker only each last bar is.
    assert (r["read"], r["unlabelled"], r["warmup"], r["total"]) == (250, 10, 150, 90)
    assert r["train"] >= 50 and r["test"] >= 10
    assert r["total"] == r["train"] + r["purged"] + r["test"]


def test_daily_split_keeps_every_train_label_before_the_test_period(daily_run):
    s = daily_run[2]["split"]
    assert s["train_last_ts"] < s["cut_ts"] <= s["test_first_ts"]
    # The cut falls on a session's bar time: daily bars carry the session open (14:30 here).
    assert s["cut_ts"].endswith("T14:30:00Z")
