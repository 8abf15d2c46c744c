"""Holding a database file exclusively, through the same locks SQLite itself takes.

SQLite's unix and Windows VFSs lock byte ranges far past the data (the "pending byte" at 1 GiB,
then the reserved byte and a 510-byte shared range). Every connection that has read a WAL
database keeps a shared lock on that range for as long as it is open, so a write lock on the
whole range can be had only when no other process has the file open; while we hold it, no other
process can open the file either (its SQLite waits on its busy timeout). The start-up gate and
`restore` move or replace a file only while holding this lock (SPEC §11).

POSIX advisory locks belong to the process, and closing *any* descriptor of a file drops all of
the process's locks on it. So this module must be used only in a process that has no SQLite
connection of its own to the file, and nothing may open and close the file while the lock is held:
read it through `LockedFile.fd`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

PENDING_BYTE = 0x40000000
SHARED_FIRST = PENDING_BYTE + 2
SHARED_SIZE = 510
_SPAN_START, _SPAN_LEN = PENDING_BYTE, 2 + SHARED_SIZE  # pending, reserved and the shared range


class Hold(StrEnum):
    HELD = "held"  # this process alone has the file open; nobody else can open it now
    IN_USE = "in-use"  # another process has it open (or is opening it)
    READ_ONLY = "read-only"  # the file cannot be opened for writing, so it cannot be locked for writing


@dataclass(frozen=True)
class LockedFile:
    hold: Hold
    fd: int | None = None


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        os.lseek(fd, _SPAN_START, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, _SPAN_LEN)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, _SPAN_LEN, _SPAN_START, os.SEEK_SET)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EAGAIN):
            return False
        raise
    return True


@contextlib.contextmanager
def exclusively(path: Path) -> Iterator[LockedFile]:
    """Try once, without waiting, to hold `path` exclusively; yields what was had.

    The lock (and the descriptor) is released when the block ends. A rename of the file while it
    is held keeps the lock on the renamed file.
    """
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except PermissionError:
        yield LockedFile(Hold.READ_ONLY)
        return
    except OSError as exc:
        if exc.errno == errno.EROFS:
            yield LockedFile(Hold.READ_ONLY)
            return
        raise
    held = LockedFile(Hold.HELD, fd) if _try_lock(fd) else LockedFile(Hold.IN_USE)
    try:
        yield held
    finally:
        if held.fd is not None or held.hold is not Hold.HELD:
            os.close(fd)  # releases the lock


def read_locked(fd: int, offset: int, size: int) -> bytes:
    """Up to `size` bytes at `offset` of the file behind a locked descriptor (no second open)."""
    os.lseek(fd, offset, os.SEEK_SET)  # os.pread does not exist on Windows
    return os.read(fd, size)


def copy_locked(fd: int, target: Path) -> None:
    """Copy the file behind a locked descriptor to `target` without opening it a second time."""
    offset = 0
    with target.open("wb") as out:
        while chunk := read_locked(fd, offset, 1 << 20):
            out.write(chunk)
            offset += len(chunk)


def release_before_rename(held: LockedFile) -> None:
    """Windows cannot rename a file while a handle of ours has it open, and itself refuses to rename
    one that any other process has open: there the lock is let go and the rename is the guard
    (a PermissionError means someone opened the file meanwhile). POSIX keeps the lock across the
    rename, so nothing is done there.
    """
    if sys.platform == "win32" and held.fd is not None:  # pragma: no cover - Windows only
        os.close(held.fd)
        object.__setattr__(held, "fd", None)
