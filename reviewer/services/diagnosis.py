"""Telling a damaged database file from a whole one without changing it (SPEC §11, R4).

With no `-wal` beside it, through an `immutable=1` read-only connection (which creates no -shm
and rolls nothing back); with a `-wal`, on a byte copy of both in a temporary folder, where the
full `integrity_check` and `foreign_key_check` run. Used by the start-up gate (services.startup)
and by restore (services.backups), so neither needs the other for it.
"""

from __future__ import annotations

import shutil
import sqlite3
import struct
import tempfile
import time
from pathlib import Path

from reviewer.store.db import APPLICATION_ID

SQLITE_MAGIC = b"SQLite format 3\x00"
WAL_MAGICS = (0x377F0682, 0x377F0683)


# --------------------------------------------------------------------------- damage


def _header_problem(path: Path) -> tuple[str, str] | None:
    """Checks of the file header alone: SQLite at all, page size, truncation."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        head = fh.read(100)
    if len(head) < 100 or head[:16] != SQLITE_MAGIC:
        return "not-sqlite", f"{size} bytes, no SQLite header"
    page_size = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "header", f"page size {page_size}"
    if size % page_size:
        return "truncated", f"{size} bytes is not a whole number of {page_size}-byte pages"
    pages, change, valid_for = struct.unpack(">I", head[28:32])[0], head[24:28], head[92:96]
    if change == valid_for and pages * page_size > size:
        return "truncated", f"{size} bytes, the header says {pages * page_size}"
    if struct.unpack(">I", head[68:72])[0] != APPLICATION_ID:
        return "not-ours", "another application's SQLite file"
    return None


def _wal_problem(path: Path) -> tuple[str, str] | None:
    """A -wal whose header is not a WAL's, or whose page size differs from the database's."""
    wal = Path(str(path) + "-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        return None
    with wal.open("rb") as fh:
        head = fh.read(32)
    if len(head) < 32 or struct.unpack(">I", head[:4])[0] not in WAL_MAGICS:
        return "foreign-wal", "the -wal file is not a write-ahead log"
    with path.open("rb") as fh:
        db_head = fh.read(18)
    db_page = struct.unpack(">H", db_head[16:18])[0]
    if struct.unpack(">I", head[8:12])[0] != (65536 if db_page == 1 else db_page):
        return "foreign-wal", "the -wal file has another page size: it belongs to another database"
    return None


def _sqlite_problem(conn: sqlite3.Connection, full: bool) -> tuple[str, str] | None:
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return "not-ours", "another application's SQLite file"
        check = "integrity_check" if full else "quick_check"
        lines = [str(r[0]) for r in conn.execute(f"PRAGMA {check}") if r[0] != "ok"]
        if lines:
            return "corrupt", "; ".join(lines[:3])
        if full and conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            return "corrupt", "foreign key check failed"
        conn.execute("SELECT count(*) FROM meta").fetchone()
    except sqlite3.DatabaseError as exc:
        return "corrupt", str(exc)
    return None


def diagnose(path: Path) -> tuple[str, str] | None:
    """Why the database file at `path` is damaged, as (reason, detail), or None when it is whole.

    Changes nothing at `path`: see the module docstring.
    """
    found = _header_problem(path) or _wal_problem(path)
    if found:
        return found
    if not Path(str(path) + "-wal").exists():
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            return _sqlite_problem(conn, full=False)
        finally:
            conn.close()
    # An unclean shutdown left a -wal: replay it on a copy and run the full checks there.
    with tempfile.TemporaryDirectory(prefix="reviewer-gate-") as tmp:
        alone = Path(tmp) / "alone.db"
        shutil.copyfile(path, alone)
        copy = Path(tmp) / "check.db"
        shutil.copyfile(path, copy)
        shutil.copyfile(str(path) + "-wal", str(copy) + "-wal")
        conn = sqlite3.connect(str(copy))
        try:
            return _sqlite_problem(conn, full=True) or _foreign_log(alone, conn)
        finally:
            conn.close()


def _audit_head(conn: sqlite3.Connection) -> tuple[int, str] | None:
    row = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def _foreign_log(alone: Path, replayed: sqlite3.Connection) -> tuple[str, str] | None:
    """A -wal of this file only appends to the audit log: the newest entry the file holds without it
    must still be there, with the same hash, after the -wal is replayed. SQLite itself cannot tell
    a -wal of another database; this catches one that touched the audit log.
    """
    conn = sqlite3.connect(str(alone))
    try:
        before = _audit_head(conn)
    except sqlite3.DatabaseError:
        return None  # the file without its -wal may be mid-checkpoint; the full check above decides
    finally:
        conn.close()
    if before is None:
        return None
    row = replayed.execute("SELECT hash FROM audit_log WHERE id = ?", [before[0]]).fetchone()
    if row is None or row[0] != before[1]:
        return "foreign-wal", f"the -wal rewrites audit entry {before[0]}: it belongs to another database"
    return None


def damage(path: Path) -> tuple[str, str] | None:
    """`diagnose`, looked at twice when a -wal is beside the file: another process may have been
    writing and checkpointing while we copied, and a live database is not damaged."""
    found = diagnose(path)
    if found is not None and Path(str(path) + "-wal").exists():
        time.sleep(0.2)
        found = diagnose(path)
    return found
