"""The script as EMR and the local runtime start it: a process, an exit code, one stderr line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from train_model import EXIT_INPUT, EXIT_USAGE

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "tasks" / "train" / "train_model.py"
SPARK_SUBMIT = ROOT / ".venv" / "bin" / "spark-submit"


def env():
    # spark-submit starts the driver with $PYSPARK_PYTHON (else `python3` from PATH, which may
    # lack numpy): the local runtime must set it the same way.
    return {**os.environ, "PYSPARK_PYTHON": sys.executable, "SPARK_LOCAL_IP": "127.0.0.1"}


def test_bad_arguments_exit_2_with_one_line_before_spark_starts():
    p = subprocess.run(
        [sys.executable, str(SCRIPT), "--input", "/x/raw/", "--output", "/y", "--max-depth", "0"],
        capture_output=True,
        text=True,
        env=env(),
        timeout=60,
    )
    assert p.returncode == EXIT_USAGE
    assert p.stderr == "train_model: --max-depth must be an integer in 1..30, got '0'\n"


def test_spark_submit_on_an_empty_input_exits_3_with_the_reason_as_the_last_stderr_line(tmp_path):
    prefix = tmp_path / "raw" / "interval=1m" / "date=2026-11-27"
    prefix.mkdir(parents=True)
    p = subprocess.run(
        [
            str(SPARK_SUBMIT),
            "--master",
            "local[1]",
            "--conf",
            "spark.ui.enabled=false",
            "--driver-java-options",
            "-XX:TieredStopAtLevel=1",
            str(SCRIPT),
            "--input",
            f"{prefix}/",
            "--output",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        env=env(),
        timeout=300,
    )
    lines = p.stderr.strip().splitlines()
    assert p.returncode == EXIT_INPUT, p.stderr[-2000:]
    assert (
        lines[-1] == f"train_model: no bars files under {prefix}/"
        " (expected raw/interval=<i>/date=<YYYY-MM-DD>/ticker=<T>/bars.csv[.gz])"
    )
    assert "Traceback" not in p.stderr
    assert not (tmp_path / "out").exists()
