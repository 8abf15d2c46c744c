"""The start-up gate (SPEC §11): damaged files moved aside, network drives refused, migration backups.

A file is checked without being changed: with no `-wal` beside it, through an `immutable=1`
read-only connection (which creates no -shm and rolls nothing back); with a `-wal` (an unclean
shutdown, or a `-wal` from another file), on a byte copy of both in a temporary folder, where
the full `integrity_check` and `foreign_key_check` run. A damaged file is then renamed, which
keeps its bytes, and the newest verified backup is named.

The file-system probe `filesystem_type(path)` is the one seam tests substitute.
"""

from __future__ import annotations

import ctypes
import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from reviewer.core.errors import Refused
from reviewer.services import backups
from reviewer.services.diagnosis import damage
from reviewer.store import migrations
from reviewer.store.db import open_database

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

    @property
    def ok(self) -> bool:
        return self.reason is None


def check_database(path: Path, *, move: bool = True) -> Health:
    """The start-up gate. A missing or empty file is `ok` (nothing to protect).

    A damaged file is left byte for byte as it was and, with `move`, renamed to
    `<name>.damaged-<UTC time>` (with its -wal and -shm); the newest verified backup is returned
    in `backup` to offer (desktop) or name (command line).
    """
    if not path.exists() or path.stat().st_size == 0:
        return Health(path)
    found = damage(path)
    if found is None:
        return Health(path)
    reason, detail = found
    moved = backups.move_aside(path, "damaged") if move else ()
    return Health(path, reason, detail, moved, backups.newest_verified_backup(path))


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
    if not health.ok:
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
