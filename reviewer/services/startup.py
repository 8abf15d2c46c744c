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

import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import sqlite_utils

from reviewer.core.errors import Refused
from reviewer.services import diagnosis
from reviewer.store import exclusive, migrations
from reviewer.store.db import (
    is_empty_path,
    open_database,
    refuse_not_a_file,
)

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


def _backups() -> ModuleType:
    """services.backups, imported when a damaged file, a local copy or a migration needs it: a
    healthy file opens without it (desktop start-up, PERFORMANCE.md)."""
    from reviewer.services import backups

    return backups


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
    Raises Refused E-NOT-A-FILE, E-HARD-LINK, E-BUSY, E-READ-ONLY.
    """
    path = Path(os.path.realpath(path))  # a symbolic link: the file it names (SQLite logs beside it)
    refuse_not_a_file(path)
    if is_empty_path(path):
        return Health(path)
    links = path.stat().st_nlink
    if links > 1:  # SQLite keeps a -wal per name: writes through one name are lost to the other
        raise Refused("E-HARD-LINK", path=str(path), links=links)
    found = diagnosis.probe(path)
    if found is not None and found[0] == "not-ours":
        return Health(path, *found)
    moved: tuple[Path, ...] = ()
    with exclusive.exclusively(path) as held:
        if held.hold is not exclusive.Hold.HELD or held.fd is None:
            if found is None or found[0] in diagnosis.NEVER_MOVED:
                return Health(path) if found is None else Health(path, *found)
            return Health(path, *found, in_use=True, backup=_backups().newest_verified_backup(path))
        wal = Path(str(path) + "-wal")
        if found is None and not (wal.exists() and wal.stat().st_size > 0):
            return Health(path)
        found = diagnosis.look_closer(path, held.fd)
        if found is None:
            return Health(path)
        if found[0] in diagnosis.NEVER_MOVED:
            return Health(path, *found)
        if move:
            exclusive.release_before_rename(held)
            try:
                moved = _backups().move_aside(path, "damaged")  # renamed while still held (POSIX)
            except PermissionError as exc:  # Windows: another process opened it meanwhile
                raise Refused("E-BUSY", path=str(path)) from exc
    return Health(path, *found, moved_to=moved, backup=_backups().newest_verified_backup(path))


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
    import ctypes  # Windows only: not paid at start-up elsewhere

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
        checked = _backups().verified_copy(conn, target)
    finally:
        conn.close()
    if not checked.ok:
        raise Refused("E-BACKUP-CHECK", path=str(path), reason="; ".join(checked.problems))
    _backups().reset_journal_mode(target)
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
            _backups().backup(db, "migration", force=True)
        migrations.migrate(db)
    except BaseException:
        db.close()
        raise
    return db
