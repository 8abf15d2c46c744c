"""Child process of the R1 kill test: imports fleet files in a loop until it is killed.

`product` mode imports through `services.evidence.import_file` (one transaction per file).
`autocommit` mode is the negative control: a test-only importer that writes the same rows in
autocommit batches, as sqlite-utils' `insert_all` does without `atomic()`. The product has no
switch that turns transactions off, so the control lives here, in tests/.
"""

from __future__ import annotations

import sqlite3
import sys
import uuid
from pathlib import Path

ROWS = 200
KEEP_COMMITS = 3  # R15's writer: the commits whose rows stay in the file


def fleet_file(folder: Path, rows: int = ROWS) -> Path:
    tag = uuid.uuid4().hex[:12]
    path = folder / f"fleet-{tag}.csv"
    lines = ["period,industry,operator,robots_deployed,robots_active,operating_hours,interventions,incidents"]
    lines += [f"2027-04,medical,op {tag} {k},10,8,120.5,1,0" for k in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def product_loop(db_path: Path, folder: Path, rows: int = ROWS) -> None:
    from reviewer.services import evidence
    from reviewer.store.db import open_database

    db = open_database(db_path)
    print("ready", flush=True)
    while True:
        path = fleet_file(folder, rows)
        evidence.import_file(db, path, evidence.ImportOptions(), actor="r1")
        path.unlink()


def autocommit_loop(db_path: Path, folder: Path) -> None:
    conn = sqlite3.connect(db_path, isolation_level=None)  # autocommit: every statement commits
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    print("ready", flush=True)
    while True:
        tag = uuid.uuid4().hex
        cur = conn.execute(
            "INSERT INTO import_batch(file_name, sha256, format, importer_version, options_json,"
            " imported_by, imported_at, record_count)"
            " VALUES (?, ?, 'fleet-report', 'control', '{}', 'r1', '2027-05-01', ?)",
            [f"fleet-{tag}.csv", (tag * 2)[:64], ROWS],
        )
        batch = cur.lastrowid
        for k in range(ROWS):
            cur = conn.execute(
                "INSERT INTO evidence(kind, batch_id, effective_date)"
                " VALUES ('fleet_observation', ?, '2027-04-30')",
                [batch],
            )
            conn.execute(
                "INSERT INTO fleet_observation(evidence_id, source, period, industry, operator, operator_key,"
                " robots_deployed, robots_active, operating_hours, interventions, incidents)"
                " VALUES (?, 'report', '2027-04', 'medical', ?, ?, 10, 8, 120.5, 1, 0)",
                [cur.lastrowid, f"op {tag} {k}", f"op {tag} {k}"],
            )


def bulk_loop(db_path: Path, megabytes: int) -> None:
    """R15's writer: large transactions that grow the file, each checkpointed at once, as a
    million-row import's commit is. Plain SQL through the product's connection settings, so a
    round takes seconds rather than a minute (the rows are scratch rows in `meta`).

    Each commit also deletes the rows of the commit `KEEP_COMMITS` before it, and an incremental
    vacuum then gives their pages back, and a TRUNCATE checkpoint empties the -wal: the file and
    its -wal grow and shrink under the readers on every round, and the test's disk stays bounded
    however fast the machine writes (the file and its -wal grew to 5.7 GB in 30 s before, which
    a machine with less free disk than that cannot run).
    `meta.r15-commits` counts the commits, monotonically."""
    from reviewer.store.db import open_database

    db = open_database(db_path)
    conn = db.conn
    if conn.execute("PRAGMA auto_vacuum").fetchone()[0] != 2:  # the first writer, on a small file
        conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
        conn.execute("VACUUM")
    print("ready", flush=True)
    rows = megabytes * 256  # 4 KiB each
    while True:
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute("SELECT value FROM meta WHERE key = 'r15-commits'").fetchone()
        commit = int(row[0]) + 1 if row else 1
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
            " INSERT INTO meta(key, value)"
            " SELECT printf('r15-row-%08d-%d', ?, i), hex(randomblob(2048)) FROM n",
            [rows, commit],
        )
        old = f"r15-row-{commit - KEEP_COMMITS:08d}-"
        conn.execute("DELETE FROM meta WHERE key >= ? AND key < ?", [old, old[:-1] + "."])
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('r15-commits', ?)", [str(commit)])
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")  # the file grows by the new rows
        conn.executescript("PRAGMA incremental_vacuum;")  # a page a step: execute() would free one
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # it shrinks; waits for the readers, empties the -wal


if __name__ == "__main__":
    mode, db_arg, folder_arg = sys.argv[1:4]
    if mode == "bulk":
        bulk_loop(Path(db_arg), int(folder_arg))  # here the third argument is the size in MiB
    elif mode == "product":
        product_loop(Path(db_arg), Path(folder_arg), int(sys.argv[4]) if len(sys.argv) > 4 else ROWS)
    else:
        autocommit_loop(Path(db_arg), Path(folder_arg))
