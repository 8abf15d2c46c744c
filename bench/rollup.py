"""Rollup job and Parquet fleet report benchmarks (SPEC §14, PERFORMANCE.md), ratios in one run.

    python bench/rollup.py [--messages 1000000] [--parquet-rows 2160000] [--runs 1] [--skip-spark]
                           [--skip-telemetry] [--skip-parquet] [--skip-manifest] [--out DIR]

Telemetry: the same VDA 5050 JSON Lines (bench/import_fleet.py's generator: 500 robots, one
message each every 30 s) through the product's own `reviewer import` (vda5050-state), the DuckDB
job and the Spark job in local mode, each a whole child process timed from outside, at 1/10 of
the size and at full size, alternating. Spark's fixed cost (a JVM and a session) is measured on a
ten-message file and reported beside it. Parquet: a fleet report of the given rows (bench/
import_fleet.py's row generator, as reviewer-rollup writes it) through `reviewer import`, at
1/10 and full size, with the whole process's CPU time and peak memory from `/usr/bin/time -v`,
then the same rows with a rollup manifest beside them (one input; `--skip-manifest` leaves it out).
Several runs give the median and the range (the machine is shared). `--out` puts the generated
inputs elsewhere (21.6 million rows: `--out /tmp/...`, not the repository).
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
    user = re.search(r"User time \(seconds\): ([0-9.]+)", done.stderr)
    system = re.search(r"System time \(seconds\): ([0-9.]+)", done.stderr)
    cpu = float(user.group(1)) + float(system.group(1)) if user and system else float("nan")
    return {"seconds": seconds, "cpu": cpu, "peak_mib": int(peak.group(1)) / 1024 if peak else float("nan")}


def spread(values: list[float]) -> str:
    """The median, and the range when there are several runs."""
    med = statistics.median(values)
    return f"{med:7.2f}" if len(values) < 2 else f"{med:7.2f} ({min(values):.2f}-{max(values):.2f})"


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
        print(f"\n{n:,} messages ({size:.0f} MiB of JSON Lines), median (range) of {runs}:")
        for name in paths:
            rate = n / med[name]
            # the ratio within each alternating round, so a round's load is shared by both
            ratios = [
                p["seconds"] / r["seconds"] for p, r in zip(results["product"], results[name], strict=True)
            ]
            wall = spread([r["seconds"] for r in results[name]])
            cpu = spread([r["cpu"] for r in results[name]])
            times = f"x{statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})"
            print(f"  {name:8s} {wall} s  {rate:12,.0f} messages/s  cpu {cpu} s  peak {peak[name]:6.0f} MiB"
                  f"  {times} the product")  # fmt: skip


def write_fleet_parquet(path: Path, n: int) -> None:
    """bench/import_fleet.py's fleet rows (the same values, month by month), written as zstd
    Parquet a million rows at a time with numpy, so 21.6 million rows take seconds and little
    memory."""
    import numpy as np
    import pyarrow as pa
    from pyarrow import parquet

    industries = import_fleet.INDUSTRIES
    months = [f"{y}-{m:02d}" for y in range(2021, 2031) for m in range(1, 13)]
    operators = -(-n // (len(months) * len(industries)))
    names = np.array([f"operator-{o:05d}" for o in range(operators)], dtype=object)
    schema = pa.schema(
        [("period", pa.string()), ("industry", pa.string()), ("operator", pa.string()),
         ("robots_deployed", pa.int64()), ("robots_active", pa.int64()), ("operating_hours", pa.float64()),
         ("interventions", pa.int64()), ("incidents", pa.int64())]
    )  # fmt: skip
    with parquet.ParquetWriter(path, schema, compression="zstd") as writer:
        for start in range(0, n, 1 << 20):
            i = np.arange(start, min(n, start + (1 << 20)), dtype=np.int64)
            month, rest = np.divmod(i, len(industries) * operators)
            industry, op = np.divmod(rest, operators)
            deployed = 10 + (i * 7) % 90
            table = pa.table(
                {
                    "period": pa.array(np.array(months, dtype=object)[month], pa.string()),
                    "industry": pa.array(np.array(industries, dtype=object)[industry], pa.string()),
                    "operator": pa.array(names[op], pa.string()),
                    "robots_deployed": deployed,
                    "robots_active": deployed - (i % 5),
                    "operating_hours": np.round(deployed * 160.5, 1),
                    "interventions": i % 4,
                    "incidents": (i % 97 == 0).astype(np.int64),
                },
                schema=schema,
            )
            writer.write_table(table)


def write_manifest(report: Path, n: int) -> Path:
    """A manifest beside `report` in the shape reviewer-rollup writes (one input, "rows" last),
    each row summarizing ten messages; written a million rows at a time, so 21.6 million rows
    take little memory. Written here, not by the job's own writer, so the same manifest can be
    imported by an earlier version of the product."""
    import hashlib
    import json

    digest = hashlib.sha256()
    with report.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    header = {
        "job": "reviewer-rollup",
        "version": "1.0",
        "engine": "duckdb",
        "engine_version": "bench",
        "rules_sha256": "0" * 64,
        "created": "2026-12-07T00:00:00+00:00",
        "inputs": [{"name": "bench.jsonl", "format": "vda5050-state", "container": "plain", "size": 10 * n,
                    "sha256": "0" * 64, "messages": 10 * n}],
        "registry": None,
        "operator": "Bench Robotics",
        "industry": "logistics",
        "output": {"name": report.name, "sha256": digest.hexdigest(), "rows": n},
    }  # fmt: skip
    path = report.with_name(report.stem + ".manifest.json")
    item = '{"first":{"input":0,"line":%d},"last":{"input":0,"line":%d},"messages":10}'
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(header, separators=(",", ":"))[:-1] + ',"rows":[')
        for start in range(0, n, 1 << 20):
            stop = min(n, start + (1 << 20))
            out.write(
                ("," if start else "")
                + ",".join(item % (10 * i + 1, 10 * i + 10) for i in range(start, stop))
            )
        out.write("]}\n")
    return path


def parquet_import(template: Path, rows: int, runs: int, manifest: bool) -> None:
    for n in (rows // 10, rows):
        path = OUT / f"fleet_{n}.parquet"
        if not path.exists():
            write_fleet_parquet(path, n)
        cases = [("parquet", path)]
        if manifest:  # the same rows under another name, with a manifest beside them
            with_manifest = OUT / f"fleet_{n}_m.parquet"
            if not with_manifest.exists():
                shutil.copyfile(path, with_manifest)
            if not with_manifest.with_name(with_manifest.stem + ".manifest.json").exists():
                write_manifest(with_manifest, n)
            cases.append(("+manifest", with_manifest))
        for label, source in cases:
            done = [
                timed(
                    [
                        sys.executable,
                        "-m",
                        "reviewer",
                        "--db",
                        str(fresh_db(template, "pq")),
                        "import",
                        str(source),
                    ]
                )
                for _ in range(runs)
            ]
            seconds = [d["seconds"] for d in done]
            rates = [n / d["seconds"] for d in done]
            size = source.stat().st_size / 2**20
            rate = f"{statistics.median(rates):10,.0f} rows/s ({min(rates):,.0f}-{max(rates):,.0f})"
            cpu = spread([d["cpu"] for d in done])
            peak = max(d["peak_mib"] for d in done)
            print(f"{label:9} {n:>10,} rows ({size:.0f} MiB), {runs} runs: {spread(seconds)} s  {rate}"
                  f"  cpu {cpu} s  peak {peak:.0f} MiB", flush=True)  # fmt: skip
            fresh_db(template, "pq")  # give the disk back before the next size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--parquet-rows", type=int, default=2_160_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--skip-spark", action="store_true")
    parser.add_argument("--skip-telemetry", action="store_true")
    parser.add_argument("--skip-parquet", action="store_true")
    parser.add_argument(
        "--skip-manifest", action="store_true", help="import the Parquet report without a manifest only"
    )
    parser.add_argument(
        "--out", type=Path, help="where generated inputs and databases go (default bench/out/rollup)"
    )
    args = parser.parse_args()
    global OUT
    OUT = args.out or OUT
    OUT.mkdir(parents=True, exist_ok=True)
    import_fleet.OUT = OUT
    template = import_fleet.make_template("rollup")
    if not args.skip_telemetry:
        telemetry(template, args.messages, args.runs, not args.skip_spark)
    if not args.skip_parquet:
        parquet_import(template, args.parquet_rows, args.runs, not args.skip_manifest)


if __name__ == "__main__":
    main()
