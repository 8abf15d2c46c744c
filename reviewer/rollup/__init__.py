"""The reference telemetry rollup job, `reviewer-rollup` (SPEC §14).

One definition of §4's telemetry rules as SQL (`rules.sql`) and one runner per engine: DuckDB
(`duckdb_runner`, the default) and Apache Spark (`spark_runner`, locally or via spark-submit).
Nothing else in `reviewer` imports this package, so the desktop never loads either engine;
the engines are the extras `.[rollup]` and `.[spark]`.
"""

JOB_VERSION = "1.0"
