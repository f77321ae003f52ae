"""Training step of market-pipeline: next-bar direction from 1m, 5m, 1h or 1d bars, on Spark.

Runs unchanged on EMR 7.x (``spark-submit --deploy-mode cluster s3://.../train_model.py ...``)
and locally (``spark-submit --master local[*] tasks/train/train_model.py ...``). See
docs/training.md for the features, the label, the split and the metrics.json schema.

It is one file on purpose: EMR runs a single script from S3 without ``--py-files`` packaging.
Each stage is a function so tests import and check it on its own.

Python 3.9 compatible (EMR 7's default python3); no third-party imports beyond pyspark (whose
``pyspark.ml`` needs numpy, see bootstrap.sh).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Dict, List, Optional, Sequence, Tuple

from pyspark import SparkConf, SparkContext
from pyspark.errors import AnalysisException
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.classification import DecisionTreeClassifier
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.feature import VectorAssembler
from pyspark.sql import Column, DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.types import DoubleType, StringType, StructField, StructType

PROG = "train_model"
# Exit codes (docs/training.md): 2 = bad arguments, 3 = unusable input data, 1 = unexpected.
EXIT_USAGE = 2
EXIT_INPUT = 3

BAR_COLUMNS = ("ts", "open", "high", "low", "close", "volume")
BAR_SCHEMA = StructType(
    [StructField("ts", StringType())] + [StructField(c, DoubleType()) for c in BAR_COLUMNS[1:]]
)
PARTITION_COLUMNS = ("interval", "date", "ticker")

# The download Lambda's intervals (contracts/download.ts).
INTERVALS = ("1m", "5m", "1h", "1d")
# How rows are grouped for the windows and the label (window_group). A ticker-day is one download
# object (raw/interval=/date=/ticker=); at 1m and 5m every window stays inside it, so no intraday
# return spans an overnight gap. An hourly session has 7-9 bars and a daily one 1, fewer than
# the windows need, and at those intervals there is no intraday structure worth protecting:
# their windows run per ticker across sessions, ordered by ts.
SESSION = ("ticker", "date")
SERIES = ("ticker",)
CROSS_SESSION_INTERVALS = ("1h", "1d")

# The label is the next bar's direction, so the last bar of each group has none.
LABEL_BARS = 1

# Fewer rows than this in either split gives metrics that mean nothing: fail instead.
MIN_TRAIN_ROWS = 50
MIN_TEST_ROWS = 10


class UsageError(Exception):
    """Bad command-line arguments (exit 2)."""


class InputError(Exception):
    """Input data that cannot train a model: missing, empty, malformed, one class (exit 3)."""


@dataclass(frozen=True)
class FeatureConfig:
    """Window sizes in bars. The defaults are the job's; tests use small ones to hand-check."""

    return_lags: Tuple[int, ...] = (1, 5, 15)
    volatility_window: int = 15
    volume_window: int = 15

    def names(self) -> List[str]:
        return [f"ret_{k}" for k in self.return_lags] + [
            f"volatility_{self.volatility_window}",
            f"volume_z_{self.volume_window}",
            "minute_of_session",
        ]

    def warmup_bars(self) -> int:
        """Bars dropped at the start of each group before every window is full: ret_k needs k
        earlier closes, volatility needs that many ret_1 values (which start at the 2nd bar)."""
        return max(max(self.return_lags), self.volatility_window, self.volume_window - 1)

    def min_bars(self) -> int:
        """Bars a group (ticker-day or ticker, see window_group) needs to give one usable row:
        the warm-up, the row itself and the next bar that labels it."""
        return self.warmup_bars() + 1 + LABEL_BARS


@dataclass(frozen=True)
class Args:
    inputs: List[str]
    output: str
    max_depth: int
    test_fraction: float
    # What the caller says the input is (a JSON object), written to metrics.json as ``data``.
    data_description: Optional[Dict[str, object]] = None


# ---------------------------------------------------------------- arguments


class _Parser(argparse.ArgumentParser):
    # argparse prints usage plus an error line; the step's Cause must be one line.
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def parse_args(argv: Sequence[str]) -> Args:
    parser = _Parser(prog=PROG, add_help=True)
    parser.add_argument("--input", required=True, help="comma-separated raw/ date prefixes")
    parser.add_argument("--output", required=True, help="prefix for model/ and metrics.json")
    parser.add_argument("--max-depth", default="5", help="tree depth, 1..30 (default 5)")
    parser.add_argument("--test-fraction", default="0.2", help="in (0, 1) (default 0.2)")
    parser.add_argument(
        "--data-description",
        default=None,
        help="a JSON object naming the data (range, tickers, manifest), kept in metrics.json",
    )
    ns = parser.parse_args(list(argv))

    inputs = [p.strip() for p in ns.input.split(",") if p.strip()]
    if not inputs:
        raise UsageError(f"--input must name at least one prefix, got {ns.input!r}")
    output = ns.output.strip()
    if not output:
        raise UsageError("--output must not be empty")
    try:
        max_depth = int(ns.max_depth)
    except ValueError:
        max_depth = 0
    if not 1 <= max_depth <= 30:  # 30 is Spark's own limit for trees
        raise UsageError(f"--max-depth must be an integer in 1..30, got {ns.max_depth!r}")
    try:
        test_fraction = float(ns.test_fraction)
    except ValueError:
        test_fraction = math.nan
    if not 0.0 < test_fraction < 1.0:  # also rejects NaN
        raise UsageError(f"--test-fraction must be a number in (0, 1), got {ns.test_fraction!r}")
    base_path(inputs)  # fails early when the prefixes do not share one raw/ root
    return Args(inputs, output, max_depth, test_fraction, _data_description(ns.data_description))


MAX_DATA_DESCRIPTION_CHARS = 8192


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def _data_description(text: Optional[str]) -> Optional[Dict[str, object]]:
    if text is None:
        return None
    if len(text) > MAX_DATA_DESCRIPTION_CHARS:
        raise UsageError(
            f"--data-description must be at most {MAX_DATA_DESCRIPTION_CHARS} characters,"
            f" got {len(text)}"
        )
    try:
        # NaN and Infinity are not JSON: metrics.json is written with allow_nan=False.
        value = json.loads(text, parse_constant=_refuse_constant)
    except ValueError as err:
        raise UsageError(f"--data-description must be a JSON object: {err}") from None
    if not isinstance(value, dict):
        raise UsageError(
            f"--data-description must be a JSON object, got {type(value).__name__}: {text[:80]!r}"
        )
    return value


_PARTITION_SEGMENT = re.compile(r"^[^=/]+=[^/]*$")


def base_path(inputs: Sequence[str]) -> str:
    """The raw/ root shared by every input: each prefix minus its trailing key=value segments.

    Spark's ``basePath`` option needs it so interval/date/ticker become columns even when the
    input is a single date prefix.
    """
    roots = []
    for prefix in inputs:
        parts = prefix.rstrip("/").split("/")
        while len(parts) > 1 and _PARTITION_SEGMENT.match(parts[-1]):
            parts.pop()
        roots.append("/".join(parts) + "/")
    if len(set(roots)) > 1:
        raise UsageError(f"--input prefixes must share one raw/ root, got {sorted(set(roots))}")
    return roots[0]


# ---------------------------------------------------------------- read


def configure(spark: SparkSession) -> None:
    # Timestamps are UTC; partition values stay strings (a ticker such as 7203 is not a number).
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    spark.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "false")


def split_missing(spark: SparkSession, inputs: Sequence[str]) -> Tuple[List[str], List[str]]:
    """(present, missing) input prefixes, asked of Hadoop's FileSystem (EMRFS for s3://).

    A date with no bars for any ticker has no objects, so no prefix: the run trains on the dates
    it has and lists the others in metrics.json, rather than failing on one quiet session.
    """
    jvm = spark.sparkContext._jvm  # type: ignore[attr-defined]
    conf = spark.sparkContext._jsc.hadoopConfiguration()  # type: ignore[attr-defined]
    present, missing = [], []
    for prefix in inputs:
        path = jvm.org.apache.hadoop.fs.Path(prefix)
        (present if path.getFileSystem(conf).exists(path) else missing).append(prefix)
    return present, missing


def read_bars(spark: SparkSession, inputs: Sequence[str]) -> DataFrame:
    """Raw bars with partition columns and a parsed ``ts`` (null when unparseable)."""
    try:
        df = (
            spark.read.option("header", True)
            .option("basePath", base_path(inputs))
            # Check each file's header against ts,open,high,low,close,volume by name.
            .option("enforceSchema", False)
            .option("pathGlobFilter", "bars.csv*")  # bars.csv and bars.csv.gz only
            .schema(BAR_SCHEMA)
            .csv(list(inputs))
        )
    except AnalysisException as err:
        raise InputError(_first_line(str(err))) from None
    missing = [c for c in PARTITION_COLUMNS if c not in df.columns]
    if missing:
        raise InputError(
            f"no bars files under {', '.join(inputs)} (expected"
            " raw/interval=<i>/date=<YYYY-MM-DD>/ticker=<T>/bars.csv[.gz])"
        )
    return df.withColumn("ts", F.to_timestamp("ts"))


def valid_bar() -> Column:
    """What a bar needs for the features: a timestamp, a positive close, a volume >= 0."""
    return (
        F.col("ts").isNotNull()
        & F.col("close").isNotNull()
        & (F.col("close") > 0)
        & F.col("volume").isNotNull()
        & (F.col("volume") >= 0)
    )


def clean_bars(raw: DataFrame, partitions: int) -> DataFrame:
    """Valid bars, one per (ticker, ts): a repeated bar keeps its earliest date partition.

    Hash-partitioned by ticker into ``partitions``: that one shuffle satisfies every later window
    (all keyed by ticker first), and the cached frame keeps a task count fit for the cluster.
    Left to spark.sql.shuffle.partitions (200, which AQE cannot coalesce once cached), every
    later stage and tree level ran 200 tiny tasks: 2m30s locally for 100 tickers.
    """
    first = Window.partitionBy("ticker", "ts").orderBy("date")
    return (
        raw.filter(valid_bar())
        .repartition(partitions, "ticker")
        .withColumn("_n", F.row_number().over(first))
        .filter(F.col("_n") == 1)
        .drop("_n")
    )


# ---------------------------------------------------------------- features and label


def window_group(interval: str) -> Tuple[str, ...]:
    """The columns the windows and the label are partitioned by at ``interval``: SESSION
    (ticker-day) for minute bars, SERIES (ticker, across sessions) for 1h and 1d."""
    if interval not in INTERVALS:
        raise InputError(
            f"unknown interval {interval!r} in the input's interval= partition"
            f" (expected one of {', '.join(INTERVALS)})"
        )
    return SERIES if interval in CROSS_SESSION_INTERVALS else SESSION


def add_features(
    bars: DataFrame, cfg: FeatureConfig = FeatureConfig(), group: Sequence[str] = SESSION
) -> DataFrame:
    """Features per ``group`` (window_group); each row uses only its own bar and earlier ones
    (no look-ahead).

    A feature is null until its window is full (the group's first bars): see usable_rows.
    """
    ordered = Window.partitionBy(*group).orderBy("ts")
    epoch = _epoch("ts")
    df = bars.withColumn("ret_1", F.col("close") / F.lag("close", 1).over(ordered) - 1)
    for k in cfg.return_lags:
        if k != 1:
            df = df.withColumn(f"ret_{k}", F.col("close") / F.lag("close", k).over(ordered) - 1)

    vol = ordered.rowsBetween(-(cfg.volatility_window - 1), Window.currentRow)
    df = df.withColumn(
        f"volatility_{cfg.volatility_window}",
        F.when(
            F.count("ret_1").over(vol) == cfg.volatility_window, F.stddev_samp("ret_1").over(vol)
        ),
    )

    vw = ordered.rowsBetween(-(cfg.volume_window - 1), Window.currentRow)
    sd = F.stddev_samp("volume").over(vw)
    z = F.when(sd == 0, F.lit(0.0)).otherwise((F.col("volume") - F.avg("volume").over(vw)) / sd)
    df = df.withColumn(
        f"volume_z_{cfg.volume_window}", F.when(F.count("volume").over(vw) == cfg.volume_window, z)
    )

    # Minutes since the ticker-day's first bar, not since an exchange open: the job knows no
    # exchange calendars and the universe may mix markets. A running min is the first bar.
    # Always per ticker-day, whatever the group: at 1h it still says where in the session a bar
    # is; at 1d it is 0 (docs/training.md says why it is kept rather than replaced).
    so_far = (
        Window.partitionBy(*SESSION)
        .orderBy("ts")
        .rowsBetween(Window.unboundedPreceding, Window.currentRow)
    )
    df = df.withColumn("minute_of_session", (epoch - F.min(epoch).over(so_far)) / 60.0)
    if 1 not in cfg.return_lags:
        df = df.drop("ret_1")
    return df


def add_label(df: DataFrame, group: Sequence[str] = SESSION) -> DataFrame:
    """``label`` = 1.0 if the next bar of the group (window_group) closes higher, else 0.0;
    ``label_ts`` is that next bar's time (the split purges on it). Both null on the group's last
    bar."""
    ordered = Window.partitionBy(*group).orderBy("ts")
    next_close = F.lead("close", 1).over(ordered)
    return df.withColumn(
        "label", F.when(next_close.isNotNull(), (next_close > F.col("close")).cast("double"))
    ).withColumn("label_ts", F.lead("ts", 1).over(ordered))


def usable_rows(df: DataFrame, features: Sequence[str]) -> DataFrame:
    """Rows with every feature and a label: drops warm-up bars and each group's last bar."""
    cond = F.col("label").isNotNull()
    for name in features:
        cond = cond & F.col(name).isNotNull()
    return df.filter(cond)


# ---------------------------------------------------------------- split


def time_cut(df: DataFrame, test_fraction: float) -> float:
    """The (1 - test_fraction) quantile of bar times over all tickers, in epoch seconds.

    relativeError 0 makes it exact (a value of the column): cheap at this job's scale.
    """
    (cut,) = df.select(_epoch("ts").alias("t")).approxQuantile("t", [1.0 - test_fraction], 0.0)
    return cut


def assign_split(df: DataFrame, cut: float) -> DataFrame:
    """Adds ``split``: 'test' for bars at or after the cut, 'train' for bars before it whose
    label bar is before it too, and 'purged' for bars before the cut labelled by a bar after it
    (their labels would carry the test period's prices into training)."""
    ts, label_ts = _epoch("ts"), _epoch("label_ts")
    return df.withColumn(
        "split",
        F.when(ts >= cut, "test").when(label_ts < cut, "train").otherwise("purged"),
    )


def _epoch(col: str) -> Column:
    return F.col(col).cast("double")


# ---------------------------------------------------------------- train and evaluate


def train_tree(train: DataFrame, features: Sequence[str], max_depth: int) -> PipelineModel:
    assembler = VectorAssembler(inputCols=list(features), outputCol="features")
    tree = DecisionTreeClassifier(
        featuresCol="features", labelCol="label", maxDepth=max_depth, seed=42
    )
    return Pipeline(stages=[assembler, tree]).fit(train)


def majority_class(train: DataFrame) -> int:
    """The baseline: the commoner label in train (a tie goes to 0, 'not up')."""
    row = train.agg(F.count("*").alias("n"), F.sum("label").alias("pos")).first()
    return 1 if row["pos"] * 2 > row["n"] else 0


def evaluate(
    model: PipelineModel, test: DataFrame, features: Sequence[str], baseline: int
) -> Dict[str, object]:
    pred = model.transform(test)
    one, zero = F.col("label") == 1.0, F.col("label") == 0.0
    p1, p0 = F.col("prediction") == 1.0, F.col("prediction") == 0.0
    c = pred.agg(
        F.sum((one & p1).cast("long")).alias("tp"),
        F.sum((zero & p1).cast("long")).alias("fp"),
        F.sum((zero & p0).cast("long")).alias("tn"),
        F.sum((one & p0).cast("long")).alias("fn"),
        F.sum((F.col("label") == float(baseline)).cast("long")).alias("base_hits"),
    ).first()
    tp, fp, tn, fn = (int(c[k] or 0) for k in ("tp", "fp", "tn", "fn"))
    n = tp + fp + tn + fn
    both_classes = (tp + fn) > 0 and (tn + fp) > 0
    # Score by P(up), not rawPrediction: a tree's raw output is leaf counts, which rank leaves by
    # size rather than by probability.
    auc = (
        BinaryClassificationEvaluator(
            rawPredictionCol="probability", labelCol="label", metricName="areaUnderROC"
        ).evaluate(pred)
        if both_classes
        else None
    )
    tree = model.stages[-1]
    importances = tree.featureImportances.toArray().tolist()
    return {
        "accuracy": _ratio(tp + tn, n),
        "auc": auc,
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(tp, tp + fn),
        "baseline_class": baseline,
        "baseline_accuracy": _ratio(int(c["base_hits"] or 0), n),
        "test_positive_rate": _ratio(tp + fn, n),
        "confusion_matrix": {"tp": tp, "fp": fp, "tn": tn, "fn": fn},
        "tree": {"depth": tree.depth, "num_nodes": tree.numNodes},
        "feature_importances": {name: float(v) for name, v in zip(features, importances)},
    }


def _ratio(num: int, den: int) -> Optional[float]:
    return num / den if den else None


# ---------------------------------------------------------------- write


def write_text(spark: SparkSession, path: str, text: str) -> None:
    """Writes one file through Hadoop's FileSystem, so ``s3://`` (EMRFS on EMR) and local paths
    behave alike. DataFrame/RDD writers would make a directory of part files instead."""
    jvm = spark.sparkContext._jvm  # type: ignore[attr-defined]
    hpath = jvm.org.apache.hadoop.fs.Path(path)
    fs = hpath.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())  # type: ignore
    stream = fs.create(hpath, True)
    try:
        stream.write(bytearray(text.encode("utf-8")))
    finally:
        stream.close()


def _iso(epoch: float) -> str:
    # Times leave Spark as epoch seconds: collected TimestampType values would be converted to
    # the Python process's local zone, which differs between a laptop and an EMR node.
    return datetime.fromtimestamp(epoch, tz=timezone.utc).isoformat().replace("+00:00", "Z")


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


# ---------------------------------------------------------------- run


def run(spark: SparkSession, args: Args, cfg: FeatureConfig = FeatureConfig()) -> Dict[str, object]:
    started = time.monotonic()
    configure(spark)
    features = cfg.names()
    inputs, missing = split_missing(spark, args.inputs)
    if not inputs:
        raise InputError(f"no input prefix exists: {', '.join(missing)}")
    for prefix in missing:
        report(f"{PROG}: warning: input prefix does not exist, skipped: {prefix}")
    raw = read_bars(spark, inputs)
    raw_counts = raw.agg(
        F.count("*").alias("read"),
        F.sum(valid_bar().cast("long")).alias("valid"),
        F.sort_array(F.collect_set("interval")).alias("intervals"),
    ).first()
    rows_read, rows_valid = int(raw_counts["read"]), int(raw_counts["valid"] or 0)
    if rows_read == 0:
        raise InputError(f"no rows in the bars files under {', '.join(inputs)}")
    # Checked before any window: the interval decides how the windows are grouped.
    if len(raw_counts["intervals"]) != 1:
        raise InputError(
            f"input mixes intervals {', '.join(raw_counts['intervals'])}:"
            " pass the prefixes of one interval"
        )
    interval = raw_counts["intervals"][0]
    group = window_group(interval)
    if rows_valid == 0:
        raise InputError(f"none of the {rows_read} rows is a valid bar (ts, close > 0, volume)")

    bars = clean_bars(raw, spark.sparkContext.defaultParallelism)
    labelled = add_label(add_features(bars, cfg, group), group).persist()
    try:
        info = labelled.agg(
            F.count("*").alias("clean"),
            F.countDistinct("ticker").alias("tickers"),
            F.sort_array(F.collect_set("date")).alias("dates"),
            F.sum(F.col("label").isNull().cast("long")).alias("unlabelled"),
        ).first()
        usable = usable_rows(labelled, features)
        used = usable.agg(
            F.count("*").alias("n"), F.countDistinct("ticker").alias("tickers")
        ).first()
        if used["n"] == 0:
            needs = (
                f"a ticker needs at least {cfg.min_bars()} bars over the input's sessions"
                if group == SERIES
                else f"a ticker-day needs at least {cfg.min_bars()} bars"
            )
            raise InputError(
                f"no bar has full feature windows and a next bar: {needs} (interval={interval})"
            )

        cut = time_cut(usable, args.test_fraction)
        split = assign_split(usable, cut)
        per_split = {
            r["split"]: r
            for r in split.groupBy("split")
            .agg(
                F.count("*").alias("n"),
                F.sum("label").alias("pos"),
                F.min(_epoch("ts")).alias("first"),
                F.max(_epoch("ts")).alias("last"),
            )
            .collect()
        }
        n_train, n_test, n_purged = (
            int(per_split[k]["n"]) if k in per_split else 0 for k in ("train", "test", "purged")
        )
        if n_train < MIN_TRAIN_ROWS or n_test < MIN_TEST_ROWS:
            raise InputError(
                f"too few rows to train and test: train={n_train} (min {MIN_TRAIN_ROWS}),"
                f" test={n_test} (min {MIN_TEST_ROWS}) of {used['n']} usable rows"
            )
        t, e = per_split["train"], per_split["test"]
        if t["pos"] in (0, n_train):
            raise InputError(
                f"the train split has a single label class ({int(t['pos'] > 0)} for all"
                f" {n_train} rows): a classifier cannot be trained"
            )
        train = split.filter(F.col("split") == "train")
        test = split.filter(F.col("split") == "test")
        model = train_tree(train, features, args.max_depth)
        baseline = majority_class(train)
        scores = evaluate(model, test, features, baseline)
    finally:
        labelled.unpersist()

    out = args.output.rstrip("/")
    model.write().overwrite().save(f"{out}/model")
    metrics: Dict[str, object] = {
        "schema_version": 1,
        "created_at": _iso(float(int(time.time()))),
        "model": "DecisionTreeClassifier",
        "spark_version": spark.version,
        "python_version": platform.python_version(),
        "input": list(args.inputs),
        "inputs_missing": missing,
        "output": out,
        "model_path": f"{out}/model",
        "params": {"max_depth": args.max_depth, "test_fraction": args.test_fraction},
        "interval": interval,
        "dates": list(info["dates"]),
        "tickers": int(info["tickers"]),
        "tickers_used": int(used["tickers"]),
        "features": features,
        "rows": {
            "read": rows_read,
            "invalid": rows_read - rows_valid,
            "duplicate": rows_valid - int(info["clean"]),
            "unlabelled": int(info["unlabelled"]),
            "warmup": int(info["clean"]) - int(info["unlabelled"]) - int(used["n"]),
            "total": int(used["n"]),
            "train": n_train,
            "purged": n_purged,
            "test": n_test,
        },
        "split": {
            "cut_ts": _iso(cut),
            "train_first_ts": _iso(t["first"]),
            "train_last_ts": _iso(t["last"]),
            "test_first_ts": _iso(e["first"]),
            "test_last_ts": _iso(e["last"]),
        },
        "train_positive_rate": float(t["pos"]) / n_train,
        **scores,
    }
    if args.data_description is not None:
        metrics["data"] = args.data_description
    metrics["duration_seconds"] = round(time.monotonic() - started, 3)
    # Written last: its presence means the model beside it is complete.
    write_text(spark, f"{out}/metrics.json", json.dumps(metrics, indent=2, allow_nan=False) + "\n")
    return metrics


def _input_error_from_spark(err: Exception) -> Optional[str]:
    """The one-line reason for Spark failures caused by bad files, else None (unexpected)."""
    text = str(err)
    m = re.search(r"CSV header does not conform to the schema\.(.*?)CSV file: (\S+)", text, re.S)
    if m:
        return f"bars file header must be {','.join(BAR_COLUMNS)}: {m.group(2)}"
    if "Number of column in CSV header is not equal" in text:
        file_m = re.search(r"CSV file: (\S+)", text)
        where = file_m.group(1) if file_m else "a bars file"
        return f"bars file header must be {','.join(BAR_COLUMNS)}: {where}"
    if re.search(r"Decompressor|Not in GZIP format|Unexpected end of input stream", text):
        # Hadoop's codecs do not name the file; a download stores whole objects with a checksum,
        # so this means an object was altered afterwards.
        cause = re.search(r"(java\.io\.\w+: [^\n]*)", text)
        detail = cause.group(1) if cause else _first_line(text)
        return f"a bars.csv.gz file could not be decompressed: {detail}"
    return None


def _session() -> SparkSession:
    builder = SparkSession.builder.appName("market-pipeline-train")
    # WARN unless the submitter chose a level (--conf spark.log.level=INFO): Spark's INFO lines
    # run to thousands and bury the one-line reason a failed step's Cause should show.
    # SparkConf() reads the submitter's settings only once the JVM gateway is up.
    SparkContext._ensure_initialized()
    if not SparkConf().contains("spark.log.level"):
        builder = builder.config("spark.log.level", "WARN")
    return builder.getOrCreate()


def report(line: str) -> None:
    """Writes one line to the stderr of whoever started the job.

    Under spark-submit (locally, and in EMR's YARN driver container) the Python driver's own
    stdout and stderr are merged into the JVM's stdout by Spark's PythonRunner, so the line goes
    through the gateway to the JVM's System.err instead: that is the stderr a caller (the local
    EMR emulator, an EMR step's driver log) reads. Run as plain ``python``, it is Python's stderr.
    """
    if os.environ.get("PYSPARK_GATEWAY_PORT"):
        SparkContext._ensure_initialized()  # connects to spark-submit's JVM; starts nothing
        SparkContext._jvm.java.lang.System.err.println(line)  # type: ignore[union-attr]
    else:
        print(line, file=sys.stderr, flush=True)


def main(argv: Optional[Sequence[str]] = None, spark: Optional[SparkSession] = None) -> int:
    """Entry point. With ``spark`` given (tests), uses it and leaves it running."""
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
    except UsageError as err:
        report(f"{PROG}: {err}")
        return EXIT_USAGE
    own = spark is None
    if own:
        spark = _session()
    try:
        metrics = run(spark, args)
    except InputError as err:
        report(f"{PROG}: {err}")
        return EXIT_INPUT
    except Exception as err:
        reason = _input_error_from_spark(err)
        if reason is None:
            # Unexpected: one line where the caller looks, the traceback after it (stdout under
            # spark-submit, see report()).
            report(f"{PROG}: unexpected {type(err).__name__}: {_first_line(str(err))}")
            raise
        report(f"{PROG}: {reason}")
        return EXIT_INPUT
    finally:
        if own:
            spark.stop()
    rows = metrics["rows"]
    print(
        f"{PROG}: wrote {metrics['output']}/metrics.json and model/: rows={rows['total']}"  # type: ignore[index]
        f" train={rows['train']} test={rows['test']} accuracy={metrics['accuracy']:.4f}"  # type: ignore[index]
        f" baseline={metrics['baseline_accuracy']:.4f} auc={metrics['auc']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
