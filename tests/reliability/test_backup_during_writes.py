"""R5: a backup taken while another connection writes in a loop verifies and holds a committed state."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import sqlite_utils

from reviewer.services import backups, programs
from reviewer.store import audit
from reviewer.store.db import open_database, write_transaction
from tests.paths import EXAMPLE as EXAMPLE_DIR

REPO = Path(__file__).resolve().parents[2]
PLAN = EXAMPLE_DIR / "plan.yaml"


def writer(path: Path, stop: threading.Event, written: list[int]) -> None:
    """Each transaction writes a meta row and its audit entry: a committed state has equal counts."""
    db = open_database(path)  # one connection per thread
    n = 0
    while not stop.is_set():
        with write_transaction(db):
            db.execute("INSERT INTO meta(key, value) VALUES (?, 'x')", [f"r5-{n}"])
            audit.append(db, audit.Operation(actor="r5"), "meta", f"r5-{n}", "insert", None, {"n": n})
        n += 1
        time.sleep(0.001)  # let the backups in: a writer that never yields the GIL tests nothing more
    written.append(n)
    db.close()


def test_backups_during_writes_verify_and_hold_a_committed_state(tmp_path: Path) -> None:
    path = tmp_path / "program.db"
    programs.init_database(path, PLAN)
    stop = threading.Event()
    written: list[int] = []
    thread = threading.Thread(target=writer, args=(path, stop, written))
    thread.start()
    made = []
    try:
        db = open_database(path)
        for _ in range(5):
            time.sleep(0.05)  # the writer moves on between backups
            result = backups.backup(db, "r5", force=True)
            assert result is not None
            made.append(result)
        db.close()
    finally:
        stop.set()
        thread.join()
    assert written and written[0] > 0
    counts = set()
    for result in made:
        assert backups.check_copy(result.path).ok
        copy = sqlite_utils.Database(result.path)
        rows = copy.execute("SELECT count(*) FROM meta WHERE key LIKE 'r5-%'").fetchone()[0]
        entries = copy.execute("SELECT count(*) FROM audit_log WHERE entity = 'meta'").fetchone()[0]
        assert rows == entries  # never half a transaction
        counts.add(rows)
        copy.close()
    assert len(counts) > 1  # the copies saw the writer progress: they were taken during writes
