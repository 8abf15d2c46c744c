"""open_database and the write helpers on real files: pragmas, refusals, waiting for the lock."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from reviewer.core.errors import Refused
from reviewer.store.db import APPLICATION_ID, Kind, open_database, patient, write_transaction


def test_a_program_database_is_opened_the_one_way(db_file: Path) -> None:
    db = open_database(db_file)
    pragmas = {name: db.execute(f"PRAGMA {name}").fetchone()[0] for name in (
        "journal_mode", "foreign_keys", "synchronous", "application_id", "busy_timeout")}  # fmt: skip
    assert pragmas == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "synchronous": 2,  # FULL
        "application_id": APPLICATION_ID,
        "busy_timeout": 10_000,
    }
    db.close()


def test_a_package_keeps_a_rollback_journal(tmp_path: Path) -> None:
    db = open_database(tmp_path / "r.review", kind=Kind.PACKAGE, create=True)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    db.close()


def test_another_applications_sqlite_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t(x)")
    conn.close()
    with pytest.raises(Refused) as caught:
        open_database(other)
    assert caught.value.code == "E-NOT-OURS"


def test_patient_waits_for_a_long_writer_where_the_default_would_give_up(db_file: Path) -> None:
    holder = sqlite3.connect(db_file, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    released = threading.Event()

    def release() -> None:
        time.sleep(1.0)
        holder.execute("COMMIT")
        released.set()

    db = open_database(db_file)
    db.execute("PRAGMA busy_timeout = 100")
    with pytest.raises(Refused) as busy, write_transaction(db):
        pass  # negative control: 100 ms is not enough
    # said as SPEC §10's E-BUSY naming the file, which every caller (window, command line) words
    assert (busy.value.code, busy.value.params["path"]) == ("E-BUSY", str(db_file))
    threading.Thread(target=release).start()
    with patient(db, 10_000), write_transaction(db):
        db.execute("INSERT INTO meta(key, value) VALUES ('waited', 'yes')")
    assert released.is_set()
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 100
    assert db.execute("SELECT value FROM meta WHERE key = 'waited'").fetchone()[0] == "yes"
    db.close()
    holder.close()


def test_commits_after_another_program_moved_the_file_land_in_the_moved_file(
    db_file: Path, tmp_path: Path
) -> None:
    """In WAL mode SQLite commits after a rename into the -wal at the old name and does not copy
    it into the moved file on close: both rows were in no file anyone could open."""
    db = open_database(db_file)
    with write_transaction(db):
        db.execute("INSERT INTO meta(key, value) VALUES ('before-the-move', 'kept')")
    moved = tmp_path / "moved" / "program.db"
    moved.parent.mkdir()
    db_file.rename(moved)  # a file manager or a sync client; the -wal and -shm stay behind
    with write_transaction(db):
        db.execute("INSERT INTO meta(key, value) VALUES ('after-the-move', 'kept')")
    db.close()
    check = sqlite3.connect(moved)
    try:
        keys = {k for (k,) in check.execute("SELECT key FROM meta WHERE value = 'kept'")}
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        check.close()
    assert keys == {"before-the-move", "after-the-move"}
    assert not db_file.exists()
