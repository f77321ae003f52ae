"""bootstrap.sh: a no-op where numpy is present, a clear cluster failure where it cannot be had."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "tasks" / "train" / "bootstrap.sh"


def run(env_extra, path=None):
    env = {**os.environ, **env_extra}
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        ["bash", str(SCRIPT)], capture_output=True, text=True, env=env, timeout=60
    )


def test_it_installs_nothing_when_the_spark_python_has_numpy():
    p = run({"PYSPARK_PYTHON": sys.executable})
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("bootstrap: numpy 1.") and "present" in p.stdout


def test_it_fails_the_bootstrap_when_numpy_cannot_be_installed(tmp_path):
    # A python without numpy, and a sudo that refuses: no install can succeed, nothing is changed.
    fake_py = tmp_path / "python-without-numpy"
    fake_py.write_text("#!/bin/sh\nexit 1\n")
    fake_sudo = tmp_path / "sudo"
    fake_sudo.write_text("#!/bin/sh\necho 'sudo: refused' >&2\nexit 1\n")
    for f in (fake_py, fake_sudo):
        f.chmod(0o755)
    p = run({"PYSPARK_PYTHON": str(fake_py)}, path=f"{tmp_path}:/usr/bin:/bin")
    assert p.returncode == 1
    assert p.stderr.strip().splitlines()[-1] == (
        f"bootstrap: could not install numpy for {fake_py}"
        " (tried dnf python3-numpy and pip numpy==1.26.4)"
    )
