#!/bin/bash
# EMR bootstrap action for the training step (runs on every node before Spark is installed).
#
# train_model.py needs nothing beyond Spark except numpy: pyspark.ml imports it at load time, on
# the driver and on executors. EMR images have shipped numpy for the system python3, but the
# EMR 7 release notes do not list Python packages, so this checks instead of assuming, and only
# installs when it is missing. A bootstrap failure fails the cluster (BOOTSTRAP_FAILURE) before
# any step runs, which is cheaper and clearer than a step dying on "No module named 'numpy'".
#
# PYSPARK_PYTHON selects the interpreter to check (default python3, which is what Spark on EMR 7
# runs unless the spark-env classification says otherwise; set it to python3.11 to match).
set -euo pipefail

py=${PYSPARK_PYTHON:-python3}
numpy_pin=numpy==1.26.4 # last 1.x with wheels for Python 3.9 to 3.12; same as requirements.txt

has_numpy() { "$py" -c 'import numpy' >/dev/null 2>&1; }

if has_numpy; then
  echo "bootstrap: numpy $("$py" -c 'import numpy; print(numpy.__version__)') present for $py"
  exit 0
fi

echo "bootstrap: numpy missing for $py, installing"
# The distribution package first (served from the Amazon Linux repositories, reachable from a
# private subnet with an S3 gateway endpoint), then PyPI.
if [ "$py" = python3 ] && command -v dnf >/dev/null 2>&1; then
  sudo dnf install -y -q python3-numpy || true
fi
has_numpy || sudo "$py" -m pip install -q "$numpy_pin" || true

if ! has_numpy; then
  echo "bootstrap: could not install numpy for $py (tried dnf python3-numpy and pip $numpy_pin)" >&2
  exit 1
fi
echo "bootstrap: numpy $("$py" -c 'import numpy; print(numpy.__version__)') installed for $py"
