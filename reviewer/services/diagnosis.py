"""Telling a damaged database file from a whole one without changing it (SPEC §11, R4, R15).

`probe` reads through SQLite's own locks, as any reader of a live database does; `look_closer`
runs only while the caller holds the file exclusively (`store.exclusive`: nobody else has it
open), on copies read through the locked descriptor. Used by the start-up gate
(services.startup) and by restore (services.backups), so neither needs the other for it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import struct
import tempfile
from pathlib import Path

from reviewer.core.errors import Refused
from reviewer.store import exclusive, package_guard
from reviewer.store.db import APPLICATION_ID, BUSY_TIMEOUT_MS, connect_read_only, refusal_for

SQLITE_MAGIC = b"SQLite format 3\x00"
WAL_MAGICS = (0x377F0682, 0x377F0683)

# --------------------------------------------------------------------------- damage

_SQLITE_READONLY_ROLLBACK = 776  # SQLITE_READONLY | (3 << 8): a hot journal a reader cannot roll back

# Problems that say the file is not (or not yet) a database of ours: refused, never moved.
NEVER_MOVED = frozenset({"not-sqlite", "not-ours"})


def _wal_problem(path: Path, db_page_size: int) -> tuple[str, str] | None:
    """A -wal whose header is not a WAL's, or whose page size differs from the database's.

    Read only while the gate holds the database exclusively (nobody can be writing the -wal).
    """
    wal = Path(str(path) + "-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        return None
    with wal.open("rb") as fh:  # the -wal carries no locks: closing it drops none
        head = fh.read(32)
    if len(head) < 32 or struct.unpack(">I", head[:4])[0] not in WAL_MAGICS:
        return "foreign-wal", "the -wal file is not a write-ahead log"
    if struct.unpack(">I", head[8:12])[0] != db_page_size:
        return "foreign-wal", "the -wal file has another page size: it belongs to another database"
    return None


def _sqlite_problem(conn: sqlite3.Connection, full: bool) -> tuple[str, str] | None:
    """Ours, quick_check (or the full checks), and our `meta` table, in one read transaction.

    Raises Refused for a busy or unreadable file (E-BUSY, E-READ-ONLY): those are not damage.
    """
    try:
        conn.execute("BEGIN")  # one read transaction: every check below sees one committed state
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return "not-ours", "another application's SQLite file"
        check = "integrity_check" if full else "quick_check"
        lines = [str(r[0]) for r in conn.execute(f"PRAGMA {check}") if r[0] != "ok"]
        if lines:
            return "corrupt", "; ".join(lines[:3])
        if full and conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            return "corrupt", "foreign key check failed"
        if not package_guard.meta_is_a_table(conn):  # a view in its place would run when read
            return "not-ours", "its meta is not a table of ours"
    except sqlite3.DatabaseError as exc:
        return _classified(exc, conn)
    finally:
        if conn.in_transaction:
            conn.rollback()
    return None


def _classified(exc: sqlite3.Error, conn: sqlite3.Connection | None = None) -> tuple[str, str]:
    if getattr(exc, "sqlite_errorcode", None) == _SQLITE_READONLY_ROLLBACK:
        raise _HotJournal() from exc
    refused = refusal_for(exc, _file_of(conn) if conn is not None else "")
    if refused is not None and refused.code == "E-NOT-A-DATABASE":
        return "not-sqlite", "no SQLite header"
    if refused is not None:
        raise refused
    return "corrupt", str(exc)


def _file_of(conn: sqlite3.Connection) -> str:
    for _seq, name, file in conn.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return str(file)
    return ""


def probe(path: Path) -> tuple[str, str] | None:
    """Why the database at `path` is damaged, or None: read through SQLite's own locks.

    A read-only connection in one read transaction, as any reader of a live database is: it sees
    the last committed state whatever another process is writing or checkpointing, takes no lock
    that holds a writer back past a read, and never checkpoints (so never touches the -wal).
    Raises Refused E-BUSY or E-READ-ONLY when the file cannot be read now.
    """
    try:
        conn = connect_read_only(path)
    except sqlite3.Error as exc:
        refused = refusal_for(exc, path)
        raise (refused or Refused("E-READ-ONLY", path=str(path))) from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return _sqlite_problem(conn, full=False)
    except _HotJournal:
        conn.close()
        _roll_back_hot_journal(path)
        return probe(path)
    except Refused as exc:
        raise Refused(exc.code, path=str(path)) from exc
    finally:
        conn.close()


class _HotJournal(Exception):
    """A rollback journal left by a writer that died: only a writable connection can roll it back."""


def _roll_back_hot_journal(path: Path) -> None:
    """Let SQLite roll back a dead writer's transaction, as any writable connection would on its
    first read (a reviewer package, in rollback-journal mode, after a crash). Under SQLite's
    locks; nothing else is written."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except sqlite3.Error as exc:
        raise (refusal_for(exc, path) or Refused("E-READ-ONLY", path=str(path))) from exc
    finally:
        conn.close()


def look_closer(path: Path, fd: int) -> tuple[str, str] | None:
    """The close look, on copies, while the gate holds the file exclusively (nobody else has it).

    The database is copied through the locked descriptor (a second open and close would drop
    the lock); the -wal is replayed on the copy, where the full `integrity_check` and
    `foreign_key_check` run. Then the -wal is compared with the file: a -wal of this file only
    appends to the audit log.
    """
    head = exclusive.read_locked(fd, 0, 100)
    if len(head) < 100 or head[:16] != SQLITE_MAGIC:
        return "not-sqlite", "no SQLite header"
    page_size = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "header", f"page size {page_size}"
    wal = Path(str(path) + "-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        # Without a -wal the file alone must be whole. With one, a writer killed mid-checkpoint
        # leaves page 1's new page count on disk before the pages it counts: SQLite restores them
        # from the -wal, so only the replayed copy below can tell.
        size = os.fstat(fd).st_size
        if size % page_size:
            return "truncated", f"{size} bytes is not a whole number of {page_size}-byte pages"
        pages, change, valid_for = struct.unpack(">I", head[28:32])[0], head[24:28], head[92:96]
        if change == valid_for and pages * page_size > size:
            return "truncated", f"{size} bytes, the header says {pages * page_size}"
    if struct.unpack(">I", head[68:72])[0] != APPLICATION_ID:
        return "not-ours", "another application's SQLite file"
    found = _wal_problem(path, page_size)
    if found:
        return found
    with tempfile.TemporaryDirectory(prefix="reviewer-gate-") as tmp:
        alone = Path(tmp) / "alone.db"
        exclusive.copy_locked(fd, alone)
        copy = Path(tmp) / "check.db"
        shutil.copyfile(alone, copy)
        if wal.exists():
            shutil.copyfile(wal, str(copy) + "-wal")
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
    conn = sqlite3.connect(f"{alone.resolve().as_uri()}?immutable=1", uri=True)
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
