"""The start-up gate (SPEC §11): damaged files moved aside, network drives refused, migration backups.

A file is checked without being changed, and first through SQLite's own locks: a read-only
connection in one read transaction sees the last committed state whatever another process is
writing or checkpointing. Only when the gate holds the file exclusively (no other process has it
open: `store.exclusive`) does it look closer at an unclean shutdown's `-wal`, on copies, and only
then may it rename a damaged file (which keeps its bytes) and name the newest verified backup.
A file that is not SQLite, or another application's, is refused and never moved (round 2: a live
database read mid-checkpoint through byte copies once looked "truncated" and was moved aside).

The file-system probe `filesystem_type(path)` is the one seam tests substitute.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sqlite3
import struct
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from reviewer.core.errors import Refused
from reviewer.services import backups
from reviewer.store import exclusive, migrations
from reviewer.store.db import (
    APPLICATION_ID,
    BUSY_TIMEOUT_MS,
    connect_read_only,
    is_empty_path,
    open_database,
    refusal_for,
    refuse_not_a_file,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
WAL_MAGICS = (0x377F0682, 0x377F0683)
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "sshfs",
        "fuse.sshfs",
        "afs",
        "ncpfs",
        "davfs",
        "fuse.davfs2",
        "9p",
        "glusterfs",
        "fuse.glusterfs",
        "ceph",
        "fuse.ceph",
        "lustre",
        "fuse.rclone",
        "remote",  # what the Windows probe answers for a network drive
    }
)


@dataclass(frozen=True)
class Health:
    """What the gate found: `ok`, or the reason the file is damaged (a fixed code and detail).

    When damaged and moved: where the file went, and the newest verified backup (or None).
    """

    path: Path
    reason: str | None = None
    detail: str = ""
    moved_to: tuple[Path, ...] = ()
    backup: Path | None = None
    in_use: bool = False  # damage seen, but another process has the file open: not moved

    @property
    def ok(self) -> bool:
        return self.reason is None


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
        conn.execute("SELECT count(*) FROM meta").fetchone()
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


def _diagnose_held(path: Path, fd: int) -> tuple[str, str] | None:
    """The close look, on copies, while the gate holds the file exclusively (nobody else has it).

    The database is copied through the locked descriptor (a second open and close would drop
    the lock); the -wal is replayed on the copy, where the full `integrity_check` and
    `foreign_key_check` run. Then the -wal is compared with the file: a -wal of this file only
    appends to the audit log.
    """
    head = os.pread(fd, 100, 0)
    if len(head) < 100 or head[:16] != SQLITE_MAGIC:
        return "not-sqlite", "no SQLite header"
    page_size = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "header", f"page size {page_size}"
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
        wal = Path(str(path) + "-wal")
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


def check_database(path: Path, *, move: bool = True) -> Health:
    """The start-up gate (SPEC §11, round-2 readings). A missing or empty file is `ok`.

    1. Something that is not a regular file is refused at once (E-NOT-A-FILE): nothing is opened.
    2. The file is read through SQLite's locks (`probe`). Another application's SQLite file is
       reported and never moved; so is a file without an SQLite header (judged under the lock).
    3. The gate then tries, without waiting, to hold the file exclusively. If another process has
       it open, the probe's answer stands and nothing is moved (`in_use`). If nobody has it open
       and a -wal is left (an unclean shutdown) or the probe saw damage, the close look runs on
       copies, and damage found there is moved aside (with `move`) while the lock is held.
    The newest verified backup is returned with any damage, to offer or name.
    Raises Refused E-NOT-A-FILE, E-BUSY, E-READ-ONLY.
    """
    refuse_not_a_file(path)
    if is_empty_path(path):
        return Health(path)
    found = probe(path)
    if found is not None and found[0] == "not-ours":
        return Health(path, *found)
    moved: tuple[Path, ...] = ()
    with exclusive.exclusively(path) as held:
        if held.hold is not exclusive.Hold.HELD or held.fd is None:
            if found is None or found[0] in NEVER_MOVED:
                return Health(path) if found is None else Health(path, *found)
            return Health(path, *found, in_use=True, backup=backups.newest_verified_backup(path))
        wal = Path(str(path) + "-wal")
        if found is None and not (wal.exists() and wal.stat().st_size > 0):
            return Health(path)
        found = _diagnose_held(path, held.fd)
        if found is None:
            return Health(path)
        if found[0] in NEVER_MOVED:
            return Health(path, *found)
        if move:
            moved = backups.move_aside(path, "damaged")  # renamed while still held
    return Health(path, *found, moved_to=moved, backup=backups.newest_verified_backup(path))


# --------------------------------------------------------------------------- network drives


def _linux_filesystem_type(path: Path) -> str:
    target = str(path.resolve())
    best, best_type = "", "unknown"
    try:
        lines = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return "unknown"
    for line in lines:
        left, _sep, right = line.partition(" - ")
        fields = left.split()
        if len(fields) < 5 or not right:
            continue
        # mountinfo escapes spaces and the like as octal (\040)
        mount = fields[4].encode("utf-8").decode("unicode_escape")
        inside = target == mount or target.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best):
            best, best_type = mount, right.split()[0]
    return best_type


def _windows_filesystem_type(path: Path) -> str:
    root = os.path.splitdrive(str(path.resolve()))[0] + "\\"
    if root.startswith("\\\\"):
        return "remote"  # a UNC path is a share
    kind = ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root))  # type: ignore[attr-defined]
    return {4: "remote", 3: "fixed", 2: "removable", 5: "cdrom", 6: "ramdisk"}.get(kind, "unknown")


def filesystem_type(path: Path) -> str:
    """The file-system type holding `path` (`ext4`, `nfs4`, `cifs`…; `remote` on a Windows share).

    The only seam the tests substitute.
    """
    existing = path if path.exists() else path.parent
    if sys.platform == "win32":
        return _windows_filesystem_type(existing)
    return _linux_filesystem_type(existing)


def local_folder() -> Path:
    """Where a local copy of a database from a network drive goes by default."""
    from reviewer import resources

    return resources.state_file().parent / "local-copies"


def refuse_network(path: Path) -> None:
    """Raise Refused E-NETWORK-DRIVE when `path` is on a network file system (SQLite's WAL and locks
    do not work there); the message explains and names the local copy `make_local_copy` would make.
    """
    fstype = filesystem_type(path)
    if fstype.lower() in NETWORK_FILESYSTEMS:
        raise Refused("E-NETWORK-DRIVE", path=str(path), fstype=fstype, copy=str(local_folder() / path.name))


def make_local_copy(path: Path, folder: Path) -> Path:
    """Copy the database at `path` (on a network drive) into `folder` with the backup API, verified.

    Returns the copy's path. Raises Refused E-LOCAL-COPY-EXISTS when a file of that name is
    already there, E-BACKUP-CHECK when the copy does not verify (nothing is left behind).
    """
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    if target.exists():
        raise Refused("E-LOCAL-COPY-EXISTS", path=str(target))
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        checked = backups.verified_copy(conn, target)
    finally:
        conn.close()
    if not checked.ok:
        raise Refused("E-BACKUP-CHECK", path=str(path), reason="; ".join(checked.problems))
    backups.reset_journal_mode(target)
    return target


# --------------------------------------------------------------------------- opening


def refuse_damaged(health: Health) -> None:
    if health.ok:
        return
    if health.reason == "not-sqlite":
        raise Refused("E-NOT-A-DATABASE", path=str(health.path))
    if health.reason == "not-ours":
        raise Refused("E-NOT-OURS", path=str(health.path))
    if health.in_use:
        raise Refused(
            "E-DB-DAMAGED-IN-USE",
            path=str(health.path),
            reason=health.reason,
            detail=health.detail,
            backup=str(health.backup) if health.backup else "-",
        )
    raise Refused(
        "E-DB-DAMAGED",
        path=str(health.path),
        reason=health.reason,
        detail=health.detail,
        moved=str(health.moved_to[0]) if health.moved_to else "-",
        backup=str(health.backup) if health.backup else "-",
    )


def open_program(path: Path, *, readonly: bool = False) -> sqlite_utils.Database:
    """Open an existing database the guarded way: the gate, then `open_after_gate`.

    Raises Refused E-DB-DAMAGED (the file was moved aside; the message names the newest verified
    backup), E-NETWORK-DRIVE, and what `open_database` raises.
    """
    refuse_damaged(check_database(path))
    return open_after_gate(path, readonly=readonly)


def open_after_gate(path: Path, *, readonly: bool = False) -> sqlite_utils.Database:
    """Open a file that has passed the gate: for writing, refuse a network drive and take a
    verified backup before pending migrations run.

    Raises Refused E-NETWORK-DRIVE, and what `open_database` raises.
    """
    if readonly:
        return open_database(path, readonly=True)
    refuse_network(path)
    db = open_database(path, migrate=False)
    try:
        if (
            migrations.pending(db)
            and db.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'backup'").fetchone()[0]
        ):
            backups.backup(db, "migration", force=True)
        migrations.migrate(db)
    except BaseException:
        db.close()
        raise
    return db
