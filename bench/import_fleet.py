"""Fleet import benchmark (PERFORMANCE.md): the product against its floors, in the same run.

    python bench/import_fleet.py [--rows 1000000] [--runs 3] [--xlsx-rows 100000]
                                 [--vda-messages 1000000] [--skip-xlsx] [--skip-vda]

Each measurement is a whole child process timed from outside, its peak memory read from
`/usr/bin/time -v`. The three CSV paths alternate (product, own-schema floor, plain floor,
product, ...) after one warm-up round, and the medians and their ratios are printed:

- product: `reviewer --db DB import fleet.csv` on a database made by `reviewer init`;
- own-schema floor: Python's csv + `executemany` over a generator into the product's own
  evidence and fleet tables (made by its migrations, with constraints and indexes), one
  transaction;
- plain floor: Python's csv + `executemany` into a plain table, one transaction, WAL.
"""

from __future__ import annotations

import argparse
import csv
import json
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
OUT = HERE / "out"

INDUSTRIES = [
    "food_service", "food_manufacturing", "medical", "nursing_care", "logistics", "delivery", "retail",
    "construction", "agriculture", "assembly", "automotive", "electronics", "chemicals", "inspection",
    "hospitality", "cleaning", "security", "household",
]  # fmt: skip

PLAN = """program:
  code: BENCH
  name: {{ja: 計測用プログラム, en: Benchmark program}}
  implementer: Bench consortium
  ceiling_jpy: 1000000000000
  first_fy: 2020
  last_fy: 2030
  guaranteed_through_fy: 2021
criteria: nedo-standard
fiscal_years:
  - {{fy: 2026, installment_jpy: 1000, gate_date: 2027-03-10}}
industries:
{industries}
milestones: []
"""


def plan_text() -> str:
    rows = "\n".join(
        f"  - {{code: {c}, ja: 業種{i:02d}, en: Industry {i:02d}}}" for i, c in enumerate(INDUSTRIES)
    )
    return PLAN.format(industries=rows)


def fleet_rows(n: int):  # type: ignore[no-untyped-def]
    """n distinct (period, industry, operator) rows, in the order a monthly report lists them:
    120 months x 18 industries x about 463 operators, month by month."""
    months = [f"{y}-{m:02d}" for y in range(2021, 2031) for m in range(1, 13)]
    operators = -(-n // (len(months) * len(INDUSTRIES)))
    for i in range(n):
        month, rest = divmod(i, len(INDUSTRIES) * operators)
        industry, op = divmod(rest, operators)
        deployed = 10 + (i * 7) % 90
        yield (
            months[month],
            INDUSTRIES[industry],
            f"operator-{op:05d}",
            deployed,
            deployed - (i % 5),
            f"{deployed * 160.5:.1f}",
            i % 4,
            i % 97 == 0,
        )


def write_csv(path: Path, n: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["period", "industry", "operator", "robots_deployed", "robots_active", "operating_hours",
             "interventions", "incidents"]
        )  # fmt: skip
        for row in fleet_rows(n):
            w.writerow([*row[:7], int(row[7])])


def write_xlsx(path: Path, n: int) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("fleet")
    ws.append(["期間", "業種", "事業者", "導入台数", "稼働台数", "稼働時間", "介入回数", "事故件数"])
    for row in fleet_rows(n):
        ws.append([row[0], row[1], row[2], row[3], row[4], float(row[5]), row[6], int(row[7])])
    wb.save(path)


def write_vda(path: Path, n: int, robots: int = 500) -> None:
    """n VDA 5050 2.x state messages from `robots` robots, one per robot every 30 s."""
    import datetime as dt

    start = dt.datetime(2027, 4, 1, tzinfo=dt.UTC)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            robot, step = i % robots, i // robots
            ts = start + dt.timedelta(seconds=30 * step)
            fatal = step % 500 == 7
            msg = {
                "headerId": step,
                "timestamp": ts.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "version": "2.1.0",
                "manufacturer": "Acme",
                "serialNumber": f"AMR-{robot:04d}",
                "orderId": "",
                "orderUpdateId": 0,
                "lastNodeId": "",
                "lastNodeSequenceId": 0,
                "nodeStates": [],
                "edgeStates": [],
                "driving": step % 3 != 0,
                "actionStates": [],
                "batteryState": {"batteryCharge": 80.0, "charging": False},
                "operatingMode": "AUTOMATIC" if step % 10 else "MANUAL",
                "errors": [{"errorType": "motor", "errorLevel": "FATAL"}] if fatal else [],
                "safetyState": {"eStop": "NONE", "fieldViolation": False},
            }
            fh.write(json.dumps(msg, separators=(",", ":")) + "\n")


# --------------------------------------------------------------------------- one measured child


def child(mode: str, source: Path, db: Path) -> None:
    """Runs inside the measured child process."""
    if mode == "plain":
        import sqlite3

        conn = sqlite3.connect(db)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(
            "CREATE TABLE fleet(period TEXT, industry TEXT, operator TEXT, robots_deployed INTEGER,"
            " robots_active INTEGER, operating_hours REAL, interventions INTEGER, incidents INTEGER)"
        )
        with source.open(newline="", encoding="utf-8") as fh:
            r = csv.reader(fh)
            next(r)
            conn.execute("BEGIN")
            conn.executemany("INSERT INTO fleet VALUES (?, ?, ?, ?, ?, ?, ?, ?)", r)
            conn.execute("COMMIT")
        conn.close()
    elif mode == "own":
        from reviewer.store.db import open_database

        database = open_database(db)
        conn = database.conn
        batch = conn.execute(
            "INSERT INTO import_batch(file_name, sha256, format, importer_version, options_json,"
            " imported_by, imported_at) VALUES ('f', ?, 'fleet-report', '1', '{}', 'b', 'now')",
            ["0" * 64],
        ).lastrowid
        conn.commit()
        start = int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM evidence").fetchone()[0])

        def rows():  # type: ignore[no-untyped-def]
            with source.open(newline="", encoding="utf-8") as fh:
                r = csv.reader(fh)
                next(r)
                for i, row in enumerate(r):
                    yield (start + i, *row)

        conn.execute("PRAGMA cache_size = -65536")  # as the product's import sets it
        conn.execute("BEGIN IMMEDIATE")
        # the product's own table, constraints and indexes: one row per fleet observation
        conn.executemany(
            "INSERT INTO evidence(id, kind, batch_id, effective_date, date_assumed, line, self_reported,"
            " confidential, source, period, industry, operator, operator_key, robots_deployed, robots_active,"
            " operating_hours, interventions, incidents) VALUES (?, 'fleet_observation', ?,"
            " date(? || '-01', '+1 month', '-1 day'), 0, ?, 0, 1, 'report', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((row[0], batch, row[1], row[0] - start + 2, row[1], row[2], row[3], row[3].casefold(), *row[4:])
             for row in rows()),
        )  # fmt: skip
        conn.execute("COMMIT")
        database.close()
    elif mode == "product":
        from reviewer.__main__ import main

        code = main(["--db", str(db), "import", str(source)])
        if code != 0:
            raise SystemExit(code)
    else:
        raise SystemExit(f"unknown mode {mode}")


def measure(
    mode: str, source: Path, template: Path | None, extra: list[str] | None = None
) -> dict[str, float]:
    db = OUT / f"{mode}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.rmtree(OUT / "backups", ignore_errors=True)
    if template is not None:
        shutil.copyfile(template, db)
    cmd = ["/usr/bin/time", "-v", sys.executable, str(Path(__file__)), "--child", mode, str(source), str(db)]
    if extra:
        cmd += extra
    env = dict(os.environ, PYTHONPATH=str(REPO))
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    peak_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))  # type: ignore[union-attr]
    return {"seconds": seconds, "peak_mib": peak_kib / 1024}


def make_template(name: str) -> Path:
    plan = OUT / "plan.yaml"
    plan.write_text(plan_text(), encoding="utf-8")
    template = OUT / f"{name}.template.db"
    template.unlink(missing_ok=True)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    subprocess.run(
        [sys.executable, "-m", "reviewer", "--db", str(template), "init", "--plan", str(plan)],
        check=True,
        env=env,
    )
    import sqlite3

    conn = sqlite3.connect(template)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return template


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--xlsx-rows", type=int, default=100_000)
    ap.add_argument("--vda-messages", type=int, default=1_000_000)
    ap.add_argument("--skip-xlsx", action="store_true")
    ap.add_argument("--skip-vda", action="store_true")
    ap.add_argument("--child", nargs=3, metavar=("MODE", "SOURCE", "DB"))
    args, rest = ap.parse_known_args()
    if args.child:
        if rest:  # product imports with options (telemetry)
            from reviewer.__main__ import main as reviewer_main

            code = reviewer_main(["--db", args.child[2], "import", args.child[1], *rest])
            raise SystemExit(code)
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return

    OUT.mkdir(exist_ok=True)
    template = make_template("bench")
    source = OUT / f"fleet-{args.rows}.csv"
    if not source.exists():
        write_csv(source, args.rows)
    size = source.stat().st_size / 2**20
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {size:.0f} MiB CSV")
    results: dict[str, list[dict[str, float]]] = {"product": [], "own": [], "plain": []}
    for round_no in range(args.runs + 1):
        for mode in ("product", "own", "plain"):
            m = measure(mode, source, None if mode == "plain" else template)
            if round_no:  # the first round warms the page cache and is not counted
                results[mode].append(m)
            print(f"  round {round_no} {mode:8} {m['seconds']:7.2f} s  {m['peak_mib']:6.0f} MiB", flush=True)
    med = {k: statistics.median(r["seconds"] for r in v) for k, v in results.items()}
    peak = {k: max(r["peak_mib"] for r in v) for k, v in results.items()}
    print(f"\nCSV, {args.rows:,} rows, medians of {args.runs}:")
    for k in ("product", "own", "plain"):
        print(f"  {k:8} {med[k]:7.2f} s   peak {peak[k]:6.0f} MiB")
    print(f"  product / own-schema floor = {med['product'] / med['own']:.2f} (budget 1.5)")
    print(f"  product / plain floor      = {med['product'] / med['plain']:.2f} (budget 5)")

    if not args.skip_xlsx:
        xlsx = OUT / f"fleet-{args.xlsx_rows}.xlsx"
        if not xlsx.exists():
            write_xlsx(xlsx, args.xlsx_rows)
        m = measure("product", xlsx, template)
        rate = args.xlsx_rows / m["seconds"]
        print(
            f"\nXLSX, {args.xlsx_rows:,} rows: {m['seconds']:.1f} s, {rate:,.0f} rows/s,"
            f" peak {m['peak_mib']:.0f} MiB"
        )

    if not args.skip_vda:
        for n in (args.vda_messages // 10, args.vda_messages):
            vda = OUT / f"vda-{n}.jsonl"
            if not vda.exists():
                write_vda(vda, n)
            m = measure("product", vda, template, ["--operator", "Acme Logistics", "--industry", "logistics"])
            print(f"VDA 5050, {n:,} messages: {m['seconds']:.1f} s, {n / m['seconds']:,.0f} messages/s,"
                  f" peak {m['peak_mib']:.0f} MiB")  # fmt: skip


if __name__ == "__main__":
    main()
