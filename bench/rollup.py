"""Rollup job and Parquet fleet report benchmarks (SPEC §14, PERFORMANCE.md), ratios in one run.

    python bench/rollup.py [--messages 1000000] [--parquet-rows 2160000] [--runs 1] [--skip-spark]

Telemetry: the same VDA 5050 JSON Lines (bench/import_fleet.py's generator: 500 robots, one
message each every 30 s) through the product's own `reviewer import` (vda5050-state), the DuckDB
job and the Spark job in local mode, each a whole child process timed from outside, at 1/10 of
the size and at full size, alternating. Spark's fixed cost (a JVM and a session) is measured on a
ten-message file and reported beside it. Parquet: a fleet report of the given rows (bench/
import_fleet.py's row generator, as reviewer-rollup writes it) through `reviewer import`, at
1/10 and full size, with the whole process's peak memory from `/usr/bin/time -v`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out" / "rollup"
sys.path.insert(0, str(HERE))

import import_fleet  # noqa: E402  (bench/ is not a package)

JOB = [sys.executable, "-m", "reviewer.rollup.cli"]


def timed(cmd: list[str]) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    t0 = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{cmd} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    return {"seconds": seconds, "peak_mib": int(peak.group(1)) / 1024 if peak else float("nan")}


def fresh_db(template: Path, name: str) -> Path:
    db = OUT / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.rmtree(OUT / "backups", ignore_errors=True)
    shutil.copyfile(template, db)
    return db


def telemetry(template: Path, messages: int, runs: int, spark: bool) -> None:
    tiny = OUT / "tiny.jsonl"
    import_fleet.write_vda(tiny, 10, robots=2)
    group = ["--operator", "Bench Robotics", "--industry", "logistics"]
    if spark:
        fixed = timed([sys.executable, "-m", "reviewer.rollup.cli", "--engine", "spark", *group, "-o",
                       str(OUT / "tiny.parquet"), str(tiny)])  # fmt: skip
        print(f"spark fixed cost (10 messages): {fixed['seconds']:.1f} s, peak {fixed['peak_mib']:.0f} MiB")
    for n in (messages // 10, messages):
        source = OUT / f"vda_{n}.jsonl"
        if not source.exists():
            import_fleet.write_vda(source, n)
        paths = {
            "product": lambda source=source: [
                sys.executable, "-m", "reviewer", "--db", str(fresh_db(template, "vda")), "import", *group,
                str(source),
            ],
            "duckdb": lambda source=source: [*JOB, *group, "-o", str(OUT / "duck.parquet"), str(source)],
            "spark": lambda source=source: [
                *JOB, "--engine", "spark", *group, "-o", str(OUT / "spark.parquet"), str(source),
            ],
        }  # fmt: skip
        if not spark:
            del paths["spark"]
        results: dict[str, list[dict[str, float]]] = {name: [] for name in paths}
        for _ in range(runs):
            for name, command in paths.items():
                results[name].append(timed(command()))
        med = {name: statistics.median(r["seconds"] for r in rs) for name, rs in results.items()}
        peak = {name: max(r["peak_mib"] for r in rs) for name, rs in results.items()}
        size = source.stat().st_size / 2**20
        print(f"\n{n:,} messages ({size:.0f} MiB of JSON Lines), median of {runs}:")
        for name in paths:
            rate = n / med[name]
            print(f"  {name:8s} {med[name]:7.2f} s  {rate:12,.0f} messages/s  peak {peak[name]:6.0f} MiB"
                  f"  x{med['product'] / med[name]:.2f} the product")  # fmt: skip


def parquet_import(template: Path, rows: int, runs: int) -> None:
    import pyarrow as pa
    from pyarrow import parquet

    names = ["period", "industry", "operator", "robots_deployed", "robots_active", "operating_hours",
             "interventions", "incidents"]  # fmt: skip
    for n in (rows // 10, rows):
        path = OUT / f"fleet_{n}.parquet"
        if not path.exists():
            columns: list[list[object]] = [[] for _ in names]
            for row in import_fleet.fleet_rows(n):
                values = [*row[:5], float(row[5]), row[6], int(row[7])]
                for column, value in zip(columns, values, strict=True):
                    column.append(value)
            parquet.write_table(pa.table(dict(zip(names, columns, strict=True))), path, compression="zstd")
            del columns
        done = [
            timed(
                [sys.executable, "-m", "reviewer", "--db", str(fresh_db(template, "pq")), "import", str(path)]
            )
            for _ in range(runs)
        ]
        seconds = statistics.median(d["seconds"] for d in done)
        peak = max(d["peak_mib"] for d in done)
        print(f"parquet {n:>10,} rows ({path.stat().st_size / 2**20:.0f} MiB): {seconds:7.2f} s  "
              f"{n / seconds:10,.0f} rows/s  peak {peak:.0f} MiB")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--parquet-rows", type=int, default=2_160_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--skip-spark", action="store_true")
    parser.add_argument("--skip-telemetry", action="store_true")
    parser.add_argument("--skip-parquet", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    import_fleet.OUT = OUT
    template = import_fleet.make_template("rollup")
    if not args.skip_telemetry:
        telemetry(template, args.messages, args.runs, not args.skip_spark)
    if not args.skip_parquet:
        parquet_import(template, args.parquet_rows, args.runs)


if __name__ == "__main__":
    main()
