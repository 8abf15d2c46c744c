"""Verified backups (SPEC §11): made with the backup API, checked on the copy, kept by age, restored.

When a backup is skipped: the newest verified backup is under 10 minutes old and the audit chain
(head and count) is the one recorded with it. Every domain change appends an audit entry in its
own transaction, so an unchanged chain means no domain row changed; bookkeeping rows that are not
audited (the backup table itself, package export records) do not count as "written". We chose
the chain over `PRAGMA data_version`, which only tells about other connections of this process's
lifetime, and over the file change counter, which WAL mode does not keep up to date.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from reviewer.core.errors import InputRefused, Refused
from reviewer.store import audit
from reviewer.store import backups as store
from reviewer.store.db import APPLICATION_ID, Kind
from reviewer.store.db import database_file as database_file  # services name it here too

FOLDER = "backups"
SKIP_WITHIN = dt.timedelta(minutes=10)
_STAMP = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True)
class BackupResult:
    """One backup: the file (the newest verified one when skipped), whether it was skipped, its anchor."""

    path: Path
    skipped: bool
    chain_head: str
    chain_count: int
    removed: tuple[Path, ...] = ()


@dataclass(frozen=True)
class CopyCheck:
    """What the check of a copy found: problems (empty when it verifies) and its chain head/count."""

    problems: tuple[str, ...]
    chain_head: str
    chain_count: int

    @property
    def ok(self) -> bool:
        return not self.problems


# --------------------------------------------------------------------------- paths and names


def backup_folder(db_path: Path) -> Path:
    return db_path.parent / FOLDER


def backup_name(db_path: Path, at: dt.datetime) -> str:
    """`<name>-<UTC time>.db`, e.g. `program-20270401T093000Z.db`."""
    return f"{db_path.stem}-{at.astimezone(dt.UTC).strftime(_STAMP)}.db"


def _time_of(db_path: Path, file: Path) -> dt.datetime | None:
    """The UTC time in a backup's name, or None when the name is not one of this database's backups."""
    prefix = db_path.stem + "-"
    if not (file.name.startswith(prefix) and file.suffix == ".db"):
        return None
    text = file.name[len(prefix) : -len(".db")].split("-")[0]  # a "-2" collision suffix is ignored
    try:
        return dt.datetime.strptime(text, _STAMP).replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def backups_of(db_path: Path) -> list[tuple[dt.datetime, Path]]:
    """This database's backup files in its backups folder, newest first."""
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return []
    found = [(t, f) for f in folder.iterdir() if f.is_file() and (t := _time_of(db_path, f)) is not None]
    return sorted(found, key=lambda pair: (pair[0], pair[1].name), reverse=True)


# --------------------------------------------------------------------------- checking a copy


def check_copy(path: Path) -> CopyCheck:
    """Check a database file that nobody else uses: ours, quick_check, foreign keys, the audit chain.

    Opens it with `immutable=1` so the check itself writes nothing next to it.
    """
    from reviewer.services.audit_check import check_chain  # the one chain walk of `verify`

    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        return CopyCheck((f"cannot open: {exc}",), audit.GENESIS, 0)
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return CopyCheck(("not a database of this product",), audit.GENESIS, 0)
        problems = [str(r[0]) for r in conn.execute("PRAGMA quick_check") if r[0] != "ok"]
        if problems:
            return CopyCheck(tuple(problems[:10]), audit.GENESIS, 0)
        problems += [f"foreign key: {tuple(r)}" for r in conn.execute("PRAGMA foreign_key_check")][:10]
        db = sqlite_utils.Database(conn)
        broken, _walked = check_chain(db)
        if broken is not None:
            problems.append(f"audit chain broken at entry {broken.params.get('id')}")
        chain_head, chain_count = audit.head(db)
        return CopyCheck(tuple(problems), chain_head, chain_count)
    except sqlite3.DatabaseError as exc:
        return CopyCheck((f"damaged: {exc}",), audit.GENESIS, 0)
    finally:
        conn.close()


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """Copy a database with SQLite's backup API into `target` (a new file), in rollback-journal mode.

    The copy is one consistent committed state, even while other connections write. A WAL source
    would make a WAL copy; the copy is switched to DELETE so that it is one complete file.
    """
    dst = sqlite3.connect(str(target))
    try:
        source.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")
    finally:
        dst.close()


def _unlink_quietly(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(path) + suffix).unlink()


def _free_name(folder: Path, name: str) -> Path:
    """`name` in `folder`, or `stem-2.db`, `stem-3.db`… when taken: a backup never overwrites another."""
    target = folder / name
    n = 2
    while target.exists():
        target = folder / f"{Path(name).stem}-{n}.db"
        n += 1
    return target


def verified_copy(source: sqlite3.Connection, target: Path) -> CopyCheck:
    """Copy `source` to a temporary file beside `target`, check it, and rename it to `target`.

    Returns the check. A copy that fails its check is deleted and `target` is left as it was.
    """
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    _unlink_quietly(tmp)
    try:
        copy_database(source, tmp)
        result = check_copy(tmp)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    if not result.ok:
        _unlink_quietly(tmp)
        return result
    if target.exists():  # never replace a file that is already there
        _unlink_quietly(tmp)
        raise FileExistsError(str(target))
    os.replace(tmp, target)
    return result


# --------------------------------------------------------------------------- making backups


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def backup(
    db: sqlite_utils.Database,
    reason: str,
    *,
    output: Path | None = None,
    force: bool = False,
    now: dt.datetime | None = None,
) -> BackupResult | None:
    """Make a verified backup of an open database in `<its folder>/backups/`, then apply retention.

    Skipped (returns the newest verified backup with `skipped=True`) when that one is under 10
    minutes old and the audit chain has not moved since, unless `force` or `output` is given.
    `output`: a verified copy at that path too. Returns None for an in-memory database or one
    inside an open transaction (its committed state is not what this connection sees).
    Raises Refused E-BACKUP-CHECK when the copy fails its check (the live file may be damaged;
    nothing is displaced), E-BACKUP-WRITE when the copy cannot be written, E-BACKUP-EXISTS when
    `output` exists.
    """
    del reason  # why a backup is taken does not change how; callers name it for the reader
    db_path = database_file(db)
    if db_path is None or db.conn.in_transaction:
        return None
    if output is not None and output.exists():
        raise Refused("E-BACKUP-EXISTS", path=str(output))
    at = now or _now()
    chain_head, chain_count = audit.head(db)
    if not force and output is None:
        newest = store.newest_verified(db)
        if newest is not None:
            file = backup_folder(db_path) / newest.file_name
            age = at - dt.datetime.fromisoformat(newest.created_at)
            same = (newest.chain_head, newest.chain_count) == (chain_head, chain_count)
            if file.exists() and age < SKIP_WITHIN and same:
                return BackupResult(file, True, chain_head, chain_count)
    folder = backup_folder(db_path)
    try:
        folder.mkdir(exist_ok=True)
        target = _free_name(folder, backup_name(db_path, at))
        checked = verified_copy(db.conn, target)
    except (OSError, sqlite3.Error) as exc:
        if _read_only_place(exc, folder):
            raise Refused("E-READ-ONLY", path=str(folder)) from exc
        raise Refused("E-BACKUP-WRITE", path=str(folder), reason=str(exc)) from exc
    if not checked.ok:
        raise Refused("E-BACKUP-CHECK", path=str(db_path), reason="; ".join(checked.problems))
    store.record(
        db, target.name, at.isoformat(timespec="microseconds"), checked.chain_head, checked.chain_count
    )
    if output is not None:
        with contextlib.closing(sqlite3.connect(str(target))) as made:
            try:
                verified_copy(made, output)
            except (OSError, sqlite3.Error) as exc:
                raise Refused("E-BACKUP-WRITE", path=str(output), reason=str(exc)) from exc
    removed = prune(db_path, now=at)
    return BackupResult(target, False, checked.chain_head, checked.chain_count, tuple(removed))


def _read_only_place(exc: BaseException, folder: Path) -> bool:
    """True when a write failed because the place is read-only (not for want of space, say)."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM)
    return not os.access(folder if folder.exists() else folder.parent, os.W_OK)


def backup_path(db_path: Path, reason: str, *, output: Path | None = None) -> BackupResult | None:
    """`backup` of a database file by path (opened without migrating, closed after)."""
    from reviewer.store.db import open_database

    db = open_database(db_path, migrate=False)
    try:
        return backup(db, reason, output=output)
    finally:
        db.close()


# --------------------------------------------------------------------------- retention


def keep(times: Iterable[dt.datetime], now: dt.datetime) -> set[dt.datetime]:
    """Which backup times retention keeps: every one of the last 24 hours, then the newest per day for
    7 days, per ISO week for 5 weeks and per month for 12 months. Older ones go.
    """
    kept: set[dt.datetime] = set()
    newest_in: dict[tuple[str, object], dt.datetime] = {}
    for t in sorted(times, reverse=True):
        age = now - t
        if age < dt.timedelta(hours=24):
            kept.add(t)
            continue
        day = t.date()
        buckets: list[tuple[str, object]] = []
        if age < dt.timedelta(days=7):
            buckets.append(("day", day))
        if age < dt.timedelta(weeks=5):
            buckets.append(("week", day.isocalendar()[:2]))
        if age < dt.timedelta(days=365):
            buckets.append(("month", (day.year, day.month)))
        for bucket in buckets:
            if bucket not in newest_in:  # newest first: the first seen is the newest of its bucket
                newest_in[bucket] = t
                kept.add(t)
    return kept


def prune(db_path: Path, *, now: dt.datetime | None = None) -> list[Path]:
    """Delete this database's backup files that retention no longer keeps; returns the deleted files.

    The rows of the backup table stay: they are audit-chain anchors that `verify` checks.
    """
    files = backups_of(db_path)
    kept = keep([t for t, _f in files], now or _now())
    removed = []
    for t, f in files:
        if t not in kept:
            _unlink_quietly(f)
            removed.append(f)
    return removed


def newest_verified_backup(db_path: Path) -> Path | None:
    """The newest backup file of `db_path` that passes its check now, or None.

    Reads only the backups folder (the database itself may be damaged).
    """
    for _t, f in backups_of(db_path):
        if check_copy(f).ok:
            return f
    return None


# --------------------------------------------------------------------------- restore


@dataclass(frozen=True)
class Restored:
    """A restore: where the replaced files went, and the backup taken of the replaced file first."""

    database: Path
    moved_aside: tuple[Path, ...]
    safety_backup: Path | None
    safety_reused: bool = False  # the newest verified backup already held this state
    safety_count: int = 0  # its audit chain count


def move_aside(db_path: Path, label: str, *, now: dt.datetime | None = None) -> tuple[Path, ...]:
    """Rename a database file and its -wal, -shm and -journal to `<name>.<label>-<UTC time>[-wal]`.

    Renaming keeps every byte; nothing is overwritten (E-MOVE-ASIDE if the new names are taken).
    Returns the new paths, the database first.
    """
    stamp = (now or _now()).strftime(_STAMP)
    base = db_path.with_name(f"{db_path.name}.{label}-{stamp}")
    n = 2
    while any(Path(str(base) + s).exists() for s in ("", "-wal", "-shm", "-journal")):
        base = db_path.with_name(f"{db_path.name}.{label}-{stamp}-{n}")
        n += 1
    moved = []
    for suffix in ("", "-wal", "-shm", "-journal"):
        src = Path(str(db_path) + suffix)
        if src.exists():
            dst = Path(str(base) + suffix)
            os.rename(src, dst)
            moved.append(dst)
    return tuple(moved)


def _read_only(path: Path) -> sqlite3.Connection:
    from reviewer.store.db import connect_read_only

    conn = connect_read_only(path)  # a backup on read-only media, too
    conn.execute("PRAGMA trusted_schema = OFF")  # nothing in a file from outside runs while read
    return conn


def _program_code(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT code FROM program").fetchone()
    return None if row is None else str(row[0])


def check_restorable(backup_file: Path, db_path: Path) -> CopyCheck:
    """The checks of SPEC §11 on a file to restore, before anything is touched.

    In this order, so nothing of the file runs before its schema is known: ours, a programme
    database (not a reviewer package), its schema equal to the one its migration level defines
    (tables, indexes, triggers, views by name and SQL), the full `integrity_check`, foreign keys
    and the audit chain, and the programme of the database it replaces (when that can be read).
    Raises Refused E-BACKUP-MISSING, E-NOT-A-FILE, E-NOT-A-DATABASE, E-NOT-OURS,
    E-RESTORE-NOT-PROGRAM, E-RESTORE-SCHEMA, E-RESTORE-INTEGRITY, E-BACKUP-CHECK,
    E-RESTORE-OTHER-PROGRAM.
    """
    from reviewer.store.db import refusal_for, refuse_not_a_file

    if not backup_file.exists():
        raise Refused("E-BACKUP-MISSING", path=str(backup_file))
    refuse_not_a_file(backup_file)
    where = str(backup_file)
    try:
        with contextlib.closing(_read_only(backup_file)) as conn:
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                raise Refused("E-NOT-OURS", path=where)
            _same_schema_as_its_level(conn, where)
            bad = [str(r[0]) for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
            if bad:
                raise Refused("E-RESTORE-INTEGRITY", path=where, reason="; ".join(bad[:3]))
            row = conn.execute("SELECT value FROM meta WHERE key = 'kind'").fetchone()
            kind = Kind.PROGRAM.value if row is None else str(row[0])
            if kind != Kind.PROGRAM.value:
                raise Refused("E-RESTORE-NOT-PROGRAM", path=where, kind=kind)
            code = _program_code(conn)
    except UnicodeDecodeError as exc:  # text that is not UTF-8: a damaged or forged file
        raise Refused("E-RESTORE-INTEGRITY", path=where, reason=str(exc)) from exc
    except sqlite3.Error as exc:
        refused = refusal_for(exc, backup_file)
        if refused is not None and refused.code != "E-BUSY":
            raise refused from exc
        raise Refused("E-RESTORE-INTEGRITY", path=where, reason=str(exc)) from exc
    checked = check_copy(backup_file)
    if not checked.ok:
        raise Refused("E-BACKUP-CHECK", path=where, reason="; ".join(checked.problems))
    current = _current_program(db_path)
    if current is not None and code != current:
        raise Refused("E-RESTORE-OTHER-PROGRAM", path=where, found=code or "-", expected=current)
    return checked


def _same_schema_as_its_level(conn: sqlite3.Connection, where: str) -> None:
    """The file's schema equals, object by object, the one its own recorded migrations make (the
    schema `export` writes at that level: the same migrations). Reads `sqlite_schema` before
    anything else, so nothing of the file runs.

    Raises Refused E-RESTORE-SCHEMA naming the first differing object, or `migrations` when the
    schema is one of ours but not the one of the level the file records.
    """
    from reviewer.store import migrations, package_guard

    try:
        level = package_guard.matching_level(conn, where)
    except InputRefused as exc:
        first = exc.problems[0].params
        raise Refused("E-RESTORE-SCHEMA", path=where, object=f"{first['type']} {first['name']}") from exc
    # a table of our own schema now (checked above), so reading it runs nothing of the file
    applied = conn.execute(
        "SELECT count(*) FROM _sqlite_migrations WHERE migration_set = ?", [migrations.MIGRATIONS.name]
    ).fetchone()[0]
    levels = package_guard.expected_levels()
    if not 1 <= int(applied) <= len(levels):
        raise Refused("E-RESTORE-SCHEMA", path=where, object="migrations")
    if next(package_guard.differences(levels[int(applied) - 1], level.schema), None) is not None:
        raise Refused("E-RESTORE-SCHEMA", path=where, object="migrations")


def _current_program(db_path: Path) -> str | None:
    """The programme code of the database being replaced, or None when it cannot be read."""
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    try:
        with contextlib.closing(_read_only(db_path)) as conn:
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                return None
            return _program_code(conn)
    except sqlite3.Error:
        return None  # damaged: restoring it is what restore is for


def restore(backup_file: Path, db_path: Path) -> Restored:
    """Put a backup in place of `db_path` (SPEC §11).

    The backup is checked first (`check_restorable`); a whole current file is backed up; the
    backup is copied beside it with the backup API; then, only while this process holds the
    current file exclusively (no other process has it open: an import that started before
    cannot finish into a replaced file), the current file with its -wal and -shm is moved aside
    and the copy renamed into its place.
    Returns what was done. Raises what `check_restorable` raises, Refused E-BUSY (another process
    has the file open: nothing changed), E-READ-ONLY, E-BACKUP-WRITE.
    """
    from reviewer.store import exclusive

    db_path = Path(os.path.realpath(db_path))  # a symbolic link: the file it names
    check_restorable(backup_file, db_path)
    safety: BackupResult | None = None
    if db_path.exists():
        from reviewer.services import diagnosis  # says whether the current file is whole

        try:
            whole = diagnosis.probe(db_path) is None
        except Refused as exc:
            if exc.code == "E-BUSY":
                raise
            whole = False
        if whole:
            safety = backup_path(db_path, "restore")
    tmp = db_path.with_name(f".{db_path.name}.restore.tmp")
    _unlink_quietly(tmp)
    try:
        with contextlib.closing(_read_only(backup_file)) as src:
            copy_database(src, tmp)
        moved: tuple[Path, ...] = ()
        if not db_path.exists():
            os.replace(tmp, db_path)
        else:
            # no connection of this process is open on db_path here: the lock is ours alone
            with exclusive.exclusively(db_path) as held:
                if held.hold is exclusive.Hold.IN_USE:
                    raise Refused("E-BUSY", path=str(db_path))
                if held.hold is exclusive.Hold.READ_ONLY:
                    raise Refused("E-READ-ONLY", path=str(db_path))
                exclusive.release_before_rename(held)
                try:
                    moved = move_aside(db_path, "replaced")
                except PermissionError as exc:  # Windows: another process opened it meanwhile
                    raise Refused("E-BUSY", path=str(db_path)) from exc
                os.replace(tmp, db_path)
    except Refused:
        _unlink_quietly(tmp)
        raise
    except (OSError, sqlite3.Error) as exc:
        _unlink_quietly(tmp)
        raise Refused("E-BACKUP-WRITE", path=str(db_path), reason=str(exc)) from exc
    reset_journal_mode(db_path)
    if safety is None:
        return Restored(db_path, moved, None)
    return Restored(db_path, moved, safety.path, safety.skipped, safety.chain_count)


def reset_journal_mode(db_path: Path) -> None:
    """A restored program database goes back to WAL; a package stays in DELETE mode."""
    with contextlib.closing(sqlite3.connect(str(db_path))) as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = 'kind'").fetchone()
        if row is None or row[0] == Kind.PROGRAM.value:
            conn.execute("PRAGMA journal_mode = WAL")
