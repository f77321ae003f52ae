"""Argument checks: they run before Spark starts and name the flag and the rule."""

from __future__ import annotations

import re

import pytest
from train_model import Args, UsageError, base_path, parse_args

IN = "s3://data/raw/interval=1m/date=2026-11-27/"
OUT = "s3://data/models/run-1/"


def test_defaults_are_depth_5_and_a_fifth_held_out():
    assert parse_args(["--input", IN, "--output", OUT]) == Args([IN], OUT, 5, 0.2)


def test_input_takes_comma_separated_prefixes():
    two = IN + "," + IN.replace("27", "28") + ","
    assert parse_args(["--input", two, "--output", OUT]).inputs == [IN, IN.replace("27", "28")]


@pytest.mark.parametrize("depth", ["0", "31", "2.5", "five"])
def test_max_depth_outside_1_to_30_is_refused(depth):
    with pytest.raises(UsageError, match=r"--max-depth must be an integer in 1\.\.30"):
        parse_args(["--input", IN, "--output", OUT, "--max-depth", depth])


@pytest.mark.parametrize("fraction", ["0", "1", "-0.1", "nan", "x"])
def test_test_fraction_outside_the_open_unit_interval_is_refused(fraction):
    with pytest.raises(UsageError, match=r"--test-fraction must be a number in \(0, 1\)"):
        parse_args(["--input", IN, "--output", OUT, "--test-fraction", fraction])


def test_a_missing_output_is_refused():
    with pytest.raises(UsageError, match="--output"):
        parse_args(["--input", IN])


def test_an_input_of_only_commas_is_refused():
    with pytest.raises(UsageError, match="--input must name at least one prefix"):
        parse_args(["--input", ",,", "--output", OUT])


def test_base_path_is_the_raw_root_above_the_partition_segments():
    assert base_path([IN, "s3://data/raw/interval=1m/date=2026-11-28"]) == "s3://data/raw/"
    assert base_path(["/tmp/x/raw/interval=1m/"]) == "/tmp/x/raw/"
    assert base_path(["/tmp/x/raw"]) == "/tmp/x/raw/"


def test_prefixes_under_different_roots_are_refused():
    with pytest.raises(UsageError, match="must share one raw/ root"):
        parse_args(
            ["--input", IN + ",s3://other/raw/interval=1m/date=2026-11-27/", "--output", OUT]
        )


def test_a_data_description_is_kept_as_the_json_object_it_is():
    text = '{"from": "2026-11-23", "to": "2026-11-27", "tickers": 100, "manifest": null}'
    args = parse_args(["--input", IN, "--output", OUT, "--data-description", text])
    assert args.data_description == {
        "from": "2026-11-23",
        "to": "2026-11-27",
        "tickers": 100,
        "manifest": None,
    }


def test_without_a_data_description_there_is_none():
    assert parse_args(["--input", IN, "--output", OUT]).data_description is None


@pytest.mark.parametrize(
    "text, rule",
    [
        ("[1, 2]", "must be a JSON object, got list"),
        ('"text"', "must be a JSON object, got str"),
        ("{not json", "must be a JSON object: "),
        ('{"x": NaN}', "must be a JSON object: NaN is not JSON"),
        ('{"x": "' + "y" * 9000 + '"}', "must be at most 8192 characters"),
    ],
)
def test_a_data_description_that_is_not_a_json_object_is_refused(text, rule):
    with pytest.raises(UsageError, match=re.escape(f"--data-description {rule}")):
        parse_args(["--input", IN, "--output", OUT, "--data-description", text])
