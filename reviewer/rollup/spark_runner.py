"""The rollup on Apache Spark: PySpark in local mode, or this module through spark-submit.

    spark-submit --master spark://HOST:7077 .../site-packages/reviewer/rollup/spark_runner.py \\
        --registry robots.csv -o fleet.parquet s3a://bucket/telemetry/2027-04/

(`python -m reviewer.rollup.spark_runner ...` takes the same arguments as `reviewer-rollup`.)
Each input is read as text lines; a line's number is its split's offset (the lines of the
splits before it) plus its place in the split, so a large file is read in parallel and still
named line by line. The parsed messages go through formats.sql and rules.sql, as on DuckDB.
"""

from __future__ import annotations

import sys
from typing import Any

from reviewer.core.errors import InputRefused, Problem
from reviewer.importers.base import MAX_LINE_BYTES
from reviewer.rollup import job as common
from reviewer.rollup.job import VDA, EngineMissing, Input, Job

ENGINE = "spark"

_ROBOTS = "MAP<STRING, STRUCT<status: STRING, unix_millis_time: BIGINT, issues: ARRAY<STRING>>>"
_VDA_SCHEMA = (
    "headerId STRING, timestamp STRING, version STRING, manufacturer STRING, serialNumber STRING,"
    " operatingMode STRING, errors ARRAY<STRUCT<errorType: STRING, errorLevel: STRING>>,"
    " safetyState STRUCT<eStop: STRING, activeEmergencyStop: STRING>, _corrupt STRING"
)
_RMF_SCHEMA = (
    f"type STRING, name STRING, robots {_ROBOTS}, data STRUCT<name: STRING, robots: {_ROBOTS}>,"
    " _corrupt STRING"
)
_ISO_WITH_ZONE = (
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|z|[+-][0-9]{2}:[0-9]{2})$"
)
_FUNCTIONS = (
    "CREATE OR REPLACE TEMPORARY FUNCTION period_jst(ms BIGINT) RETURNS STRING"
    " RETURN date_format(timestamp_millis(ms + 32400000), 'yyyy-MM')",
    "CREATE OR REPLACE TEMPORARY FUNCTION next_month_jst(ms BIGINT) RETURNS BIGINT"
    " RETURN unix_millis(CAST(add_months(trunc(timestamp_millis(ms + 32400000), 'MM'), 1) AS TIMESTAMP))"
    " - 32400000",
    "CREATE OR REPLACE TEMPORARY FUNCTION msg_pos(f BIGINT, l BIGINT) RETURNS BIGINT"
    f" RETURN f * {common.POS_BASE} + l",
    "CREATE OR REPLACE TEMPORARY FUNCTION ms_of_iso(s STRING) RETURNS BIGINT"
    f" RETURN CASE WHEN s RLIKE '{_ISO_WITH_ZONE}' THEN unix_micros(try_cast(s AS TIMESTAMP)) div 1000 END",
)


def session() -> Any:
    """A SparkSession: the cluster's under spark-submit, else local mode on every core.

    Japan-time months are computed from UTC instants, so the session's zone is UTC; locally the
    driver binds to 127.0.0.1 (SPEC §14).
    """
    try:
        from pyspark import SparkConf
        from pyspark.sql import SparkSession
    except ImportError:
        raise EngineMissing(ENGINE, "spark") from None
    builder = SparkSession.builder.appName("reviewer-rollup").config("spark.sql.session.timeZone", "UTC")
    if not SparkConf().contains("spark.master"):
        builder = (
            builder.master("local[*]")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.ui.showConsoleProgress", "false")
        )
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def run(job: Job, spark: Any = None) -> tuple[Any, dict[int, int], str]:
    """Run the rules; returns (rollup as an Arrow table, messages per input, Spark's version).

    With no session given, makes one and stops it at the end. Raises InputRefused with every
    problem found (capped at 100, with the total).
    """
    try:
        import pyarrow  # noqa: F401  (toArrow needs it)
    except ImportError:
        raise EngineMissing(ENGINE, "spark") from None
    own = spark is None
    if own:
        spark = session()
    cached: list[Any] = []
    try:
        result, counts = _run(spark, job, cached)
        return result, counts, str(spark.version)
    finally:
        for frame in cached:
            frame.unpersist()
        if own:
            spark.stop()


def _lines(spark: Any, index: int, item: Input, cached: list[Any]) -> Any:
    from pyspark.sql import functions as F

    if item.container == "parquet":
        frame = spark.read.parquet(item.location)
        return frame.select(
            F.lit(index).cast("bigint").alias("file_no"),
            (F.col("_metadata.row_index") + 1).alias("line"),
            F.to_json(F.struct(*[F.col(f"`{name}`") for name in frame.columns])).alias("text"),
        )
    if item.container == "gzip" and not item.location.endswith(".gz"):
        raise InputRefused.one(
            item.name, "E-ROLLUP-READ", reason="Spark reads gzip only from a name ending in .gz"
        )
    raw = (
        spark.read.text(item.location)
        .select(
            F.col("value").alias("text"),
            F.col("_metadata.file_block_start").alias("block"),
            F.monotonically_increasing_id().alias("id"),
        )
        .persist()
    )
    cached.append(raw)
    # A line's number: the lines of the splits before its own, plus its place within its split
    # (ids are consecutive within a split, which one task reads in order).
    bases: list[tuple[int, int]] = []
    offset = 0
    for row in (
        raw.groupBy("block")
        .agg(F.count("*").alias("n"), F.min("id").alias("first"))
        .orderBy("block")
        .collect()
    ):
        bases.append((int(row["block"]), offset - int(row["first"]) + 1))
        offset += int(row["n"])
    base = spark.createDataFrame(bases or [(0, 0)], "block BIGINT, base BIGINT")
    numbered = raw.join(F.broadcast(base), "block").select(
        F.lit(index).cast("bigint").alias("file_no"), (F.col("id") + F.col("base")).alias("line"), "text"
    )
    return numbered.select(
        "file_no",
        "line",
        F.when((F.col("line") == 1) & F.col("text").startswith("\ufeff"), F.expr("substr(text, 2)"))
        .otherwise(F.col("text"))
        .alias("text"),
    )


def _run(spark: Any, job: Job, cached: list[Any]) -> tuple[Any, dict[int, int]]:
    from pyspark.sql import functions as F

    for statement in _FUNCTIONS:
        spark.sql(statement)
    formats = {name: sql.replace("{explode}", "explode") for name, sql in common.rules("formats.sql").items()}
    rules = common.rules()
    options = {"mode": "PERMISSIVE", "columnNameOfCorruptRecord": "_corrupt"}
    parsed: dict[str, Any] = {}
    for index, item in enumerate(job.inputs):
        schema, name = (_VDA_SCHEMA, "vda") if item.fmt == VDA else (_RMF_SCHEMA, "rmf")
        lines = _lines(spark, index, item, cached).where(F.trim(F.col("text")) != "")
        too_long = F.length(F.col("text")) > MAX_LINE_BYTES
        frame = lines.select(
            "file_no",
            "line",
            F.when(too_long, F.lit(None)).otherwise(F.from_json("text", schema, options)).alias("m"),
            too_long.alias("too_long"),
        )
        parsed[name] = frame if name not in parsed else parsed[name].unionByName(frame)
    for name, schema in (("vda", _VDA_SCHEMA), ("rmf", _RMF_SCHEMA)):
        frame = parsed.get(name)
        if frame is None:
            frame = spark.createDataFrame(
                [], f"file_no BIGINT, line BIGINT, m STRUCT<{_struct(schema)}>, too_long BOOLEAN"
            )
        frame = frame.select(
            "file_no",
            "line",
            F.when(F.col("m._corrupt").isNotNull(), F.lit(None)).otherwise(F.col("m")).alias("m"),
            "too_long",
        ).persist()
        cached.append(frame)
        frame.createOrReplaceTempView(name + "_all")
        frame.where(~F.col("too_long")).drop("too_long").createOrReplaceTempView(name)
    for name in ("vda_checked", "rmf_checked", "rmf_robots", "rmf_robot_checked"):
        spark.sql(formats[name]).createOrReplaceTempView(name)
    samples = spark.sql(f"{formats['vda_samples']} UNION ALL {formats['rmf_samples']}").persist()
    cached.append(samples)
    samples.createOrReplaceTempView("raw_samples")
    spark.sql(f"{formats['vda_conditions']} UNION ALL {formats['rmf_conditions']}").createOrReplaceTempView(
        "raw_conditions"
    )
    spark.sql(
        "SELECT file_no, line FROM vda_all UNION ALL SELECT file_no, line FROM rmf_all"
    ).createOrReplaceTempView("raw_messages")
    spark.createDataFrame(
        job.registry_rows or [], "robot STRING, operator STRING, industry STRING, op_key STRING"
    ).createOrReplaceTempView("registry")
    spark.createDataFrame(
        [job.flag_group], "operator STRING, industry STRING, op_key STRING"
    ).createOrReplaceTempView("flag_group")
    ordered = spark.sql(rules["ordered"]).persist()
    cached.append(ordered)
    ordered.createOrReplaceTempView("ordered")
    _refuse_if_any(spark, job, formats, rules)
    result = spark.sql(rules["rollup"]).toArrow()
    messages = {
        int(row["file_no"]): int(row["messages"]) for row in spark.sql(rules["messages_per_file"]).collect()
    }
    return result, messages


def _struct(schema: str) -> str:
    """A DDL column list as the field list of a STRUCT<...>."""
    fields = []
    depth = 0
    current = ""
    for ch in schema:
        if ch == "," and depth == 0:
            fields.append(current.strip())
            current = ""
            continue
        depth += ch in "<("
        depth -= ch in ">)"
        current += ch
    fields.append(current.strip())
    return ", ".join(f"{field.split(' ', 1)[0]}: {field.split(' ', 1)[1]}" for field in fields)


def _refuse_if_any(spark: Any, job: Job, formats: dict[str, str], rules: dict[str, str]) -> None:
    too_long = " UNION ALL ".join(
        f"SELECT file_no, line FROM {name}_all WHERE too_long" for name in ("vda", "rmf")
    )
    spark.sql(too_long).createOrReplaceTempView("too_long")
    frame = spark.sql(common.problems_sql(formats, rules)).persist()
    try:
        total = frame.count()
        if not total:
            return
        rows = frame.orderBy("file_no", "line", "code").limit(100).collect()
        problems: list[Problem] = [common.problem_from_row(job, row.asDict()) for row in rows]
        raise InputRefused(problems, total)
    finally:
        frame.unpersist()


def main(argv: list[str] | None = None) -> int:
    """spark-submit's entry: the command line of reviewer-rollup, with the Spark engine."""
    from reviewer.rollup import cli

    args = list(sys.argv[1:] if argv is None else argv)
    return cli.main(["--engine", "spark", *args])


if __name__ == "__main__":
    sys.exit(main())
