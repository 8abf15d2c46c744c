"""Opening a database the one way (pragmas, application id, migrations) and the write helper."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import weakref
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

import sqlite_utils

from reviewer.core.errors import InputRefused, Refused
from reviewer.core.files import not_regular

# "RVWR": marks a file as this product's (PRAGMA application_id).
APPLICATION_ID = 0x52565752
BUSY_TIMEOUT_MS = 10_000


class Kind(StrEnum):
    PROGRAM = "program"  # WAL: one program's database
    PACKAGE = "package"  # journal_mode=DELETE: a reviewer package, complete after each commit


def _configure(conn: sqlite3.Connection, kind: Kind, readonly: bool) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    if readonly:
        conn.execute("PRAGMA query_only = ON")
    elif kind is Kind.PROGRAM:
        conn.execute("PRAGMA journal_mode = WAL")
    else:
        conn.execute("PRAGMA journal_mode = DELETE")


def refusal_for(exc: sqlite3.Error, path: str | Path) -> Refused | None:
    """The refusal a user should read for an SQLite error on the file at `path`, or None when the
    error is not one of the known conditions (then it is unexpected: E-INTERNAL).

    Codes of SPEC §10: E-BUSY (another writer held the file past the busy timeout), E-READ-ONLY
    (the file or its folder cannot be written), E-DISK-FULL, E-NOT-A-DATABASE (no SQLite header).
    """
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    p = str(path)
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "database is locked" in text:
        return Refused("E-BUSY", path=p)
    if primary == sqlite3.SQLITE_READONLY or "readonly database" in text:
        return Refused("E-READ-ONLY", path=p)
    if primary == sqlite3.SQLITE_FULL or "disk is full" in text:
        return Refused("E-DISK-FULL", path=p)
    if primary == sqlite3.SQLITE_NOTADB or "file is not a database" in text:
        return Refused("E-NOT-A-DATABASE", path=p)
    if primary == sqlite3.SQLITE_CANTOPEN or "unable to open database file" in text:
        folder = Path(p).parent
        if not folder.is_dir():
            return Refused("E-NO-FOLDER", path=p, folder=str(folder))
        if not os.access(folder, os.W_OK | os.X_OK) or (Path(p).exists() and not os.access(p, os.R_OK)):
            return Refused("E-READ-ONLY", path=p)
    return None


def refuse_not_a_file(path: Path) -> None:
    """Refuse (E-NOT-A-FILE) a path that exists but is not a regular file: a folder, a FIFO, a
    device. Decided from `stat` alone, so nothing is opened (a FIFO would block, /dev/zero never ends).
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InputRefused.one(str(path), "E-FILE", reason=exc.strerror or str(exc)) from exc
    kind = not_regular(st.st_mode)
    if kind is not None:
        raise InputRefused.one(str(path), "E-NOT-A-FILE", kind=kind)


def database_file(db: sqlite_utils.Database) -> Path | None:
    """The file of a connection's main database, or None for an in-memory one."""
    for _seq, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return Path(file) if file else None
    return None


def touches_database(db_path: Path, candidate: Path) -> bool:
    """True when reading `candidate` would open the database at `db_path` or its -wal, -shm or
    journal: the file itself under any name (a link, another path), or a folder holding it.

    Opening and closing any of them in a process that has the database open drops the process's
    SQLite locks (POSIX locks belong to the process): such a file is never read as evidence.
    """
    try:
        seen = candidate.stat()
    except OSError:
        return False
    if stat.S_ISDIR(seen.st_mode):
        try:
            if db_path.resolve().is_relative_to(candidate.resolve()):
                return True
            # a hard or symbolic link to the database inside the folder is read like any file there
            return any(
                touches_database(db_path, inside) for inside in candidate.rglob("*") if not inside.is_dir()
            )
        except OSError:
            return False
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            own = os.stat(str(db_path) + suffix)
        except OSError:
            continue
        if (own.st_dev, own.st_ino) == (seen.st_dev, seen.st_ino):
            return True
    return False


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection (`mode=ro`) that sees committed writes of other processes.

    In a folder nobody can write (a read-only share, a CD, a write-protected USB stick) SQLite
    cannot make the -shm a WAL reader needs. When no -wal is there either, no writer can be at
    work, and the file is read as it is (`immutable=1`).
    """
    uri = path.resolve().as_uri()
    wal = Path(str(path) + "-wal")
    quiet = not wal.exists() or wal.stat().st_size == 0
    if quiet and not Path(str(path) + "-shm").exists() and not os.access(path.parent, os.W_OK):
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True)
    return sqlite3.connect(f"{uri}?mode=ro", uri=True)


def refuse_output_over_database(db: sqlite_utils.Database, target: Path) -> None:
    """Refuse (E-OUTPUT-IS-DATABASE) an output file that is this database or its -wal, -shm or
    journal under any name: writing a sheet or a PDF there would destroy the database.
    """
    own = database_file(db)
    if own is not None and target.exists() and touches_database(own, target):
        raise Refused("E-OUTPUT-IS-DATABASE", path=str(target))


LOG_SUFFIXES = ("-wal", "-shm", "-journal")


def refuse_new_database_at(path: Path) -> None:
    """Refuse a place a new database must not be made (`init`, `demo`): anything but a regular
    file (E-NOT-A-FILE), the -wal, -shm or journal of a database beside it (E-DB-IS-LOG: that
    database would take the new file for a foreign log), a non-empty file (E-DB-NOT-EMPTY).
    """
    refuse_not_a_file(path)
    for suffix in LOG_SUFFIXES:
        owner = Path(str(path)[: -len(suffix)]) if path.name.endswith(suffix) else None
        if owner is not None and owner.is_file():
            raise Refused("E-DB-IS-LOG", path=str(path), database=str(owner))
    if not is_empty_path(path):
        raise Refused("E-DB-NOT-EMPTY", path=str(path))


def output_not_a_file(target: Path) -> str | None:
    """What stands at an output path that writing a file there would replace ("folder", "FIFO",
    "socket", "device"), or None when nothing, a regular file or a symbolic link is there (a
    rename replaces the link itself). A report to `-o /dev/null` as root replaced the device.
    """
    try:
        found = os.lstat(target)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(found.st_mode):
        return None
    return not_regular(found.st_mode)


def is_empty_path(path: Path) -> bool:
    """True when nothing is at `path` or it is an empty file (a new database may go there)."""
    return not path.exists() or (path.is_file() and path.stat().st_size == 0)


def open_database(
    path: str | Path,
    *,
    kind: Kind | None = None,
    create: bool = False,
    readonly: bool = False,
    migrate: bool = True,
) -> sqlite_utils.Database:
    """Open (or, with `create`, make) a database of this product and bring its schema up to date.

    Returns a sqlite-utils `Database` with foreign keys on, a busy timeout, `synchronous=FULL`
    and the journal mode of its kind (WAL for a program, DELETE for a package).
    Raises `Refused` (E-NOT-OURS) for a SQLite file of another application, E-DB-NOT-EMPTY when
    `create` meets an existing non-empty file, `FileNotFoundError` when it does not exist.
    """
    from reviewer.store import migrations  # a module of ours that needs this one

    p = Path(path)
    refuse_not_a_file(p)
    if create:
        if not is_empty_path(p):
            raise Refused("E-DB-NOT-EMPTY", path=str(p))
    elif not p.exists():
        raise FileNotFoundError(str(p))
    try:
        conn = connect_read_only(p) if readonly else sqlite3.connect(str(p))
    except sqlite3.Error as exc:
        raise (refusal_for(exc, p) or exc) from exc
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        has_tables = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0] > 0
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise (refusal_for(exc, p) or Refused("E-NOT-OURS", path=str(p))) from exc
    if app_id != APPLICATION_ID and (has_tables or app_id != 0):
        conn.close()
        raise Refused("E-NOT-OURS", path=str(p))
    if not has_tables and not create:
        conn.close()
        raise Refused("E-NOT-OURS", path=str(p))
    stored_kind = None
    if has_tables:
        stored_kind = _checked_kind(conn, p, kind)
        _refuse_newer(conn, p)
    use_kind = kind or stored_kind or Kind.PROGRAM
    try:
        _configure(conn, use_kind, readonly)
    except sqlite3.Error as exc:  # WAL needs its -shm: a read-only folder, a locked file
        conn.close()
        raise (refusal_for(exc, p) or exc) from exc
    db = sqlite_utils.Database(conn, execute_plugins=False)  # we use no sqlite-utils plugins
    _OPENED[db] = file_identity(p)
    if not has_tables:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    if migrate and not readonly:
        migrations.migrate(db)
        if not has_tables:
            with write_transaction(db):
                db.execute("INSERT INTO meta(key, value) VALUES ('kind', ?)", [use_kind.value])
    return db


def _checked_kind(conn: sqlite3.Connection, path: Path, kind: Kind | None) -> Kind:
    """The file's kind from its `meta`, after checking that reading `meta` runs nothing of the
    file; a package (by its meta, its `.review` name or the caller's `kind`) is then checked
    whole as untrusted input (SPEC §11) before anything else reads it.

    Raises Refused E-NOT-OURS when `meta` is not a table (a view planted in its place), and
    InputRefused E-PACKAGE-SCHEMA, E-TOO-LONG, E-PACKAGE-VALUE for a package.
    """
    from reviewer.store import package_guard  # a module of ours that needs this one

    suspect = kind is Kind.PACKAGE or path.suffix.lower() == ".review"
    try:
        if not package_guard.meta_is_a_table(conn):
            if suspect:
                package_guard.matching_level(conn, str(path))  # names the planted object
            raise Refused("E-NOT-OURS", path=str(path))
        # NOT INDEXED: the table's own rows, whatever an index of the file might claim; under a
        # length limit, so a huge value there is not loaded (the package check then names it)
        before = conn.getlimit(sqlite3.SQLITE_LIMIT_LENGTH)
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, package_guard.MIN_LOAD_BYTES)
        try:
            row = conn.execute("SELECT value FROM meta NOT INDEXED WHERE key = 'kind'").fetchone()
            stored = Kind(row[0]) if row and row[0] in set(Kind) else Kind.PROGRAM
        except sqlite3.DataError:
            stored = Kind.PACKAGE
        finally:
            conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, before)
        if stored is Kind.PACKAGE or suspect:
            conn.execute("PRAGMA trusted_schema = OFF")
            conn.execute("PRAGMA cell_size_check = ON")
            conn.execute("PRAGMA query_only = ON")  # the check writes nothing, whatever it meets
            package_guard.check_package(conn, str(path))
            conn.execute("PRAGMA query_only = OFF")  # `_configure` sets it again for a read-only open
    except BaseException:
        conn.close()
        raise
    return stored


def _refuse_newer(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse (E-SCHEMA-NEWER) a file a newer version of the product has migrated: this version
    does not know what that migration changed (new tables, triggers, meanings), so it neither
    reads nor writes the file. Names the first migration this version does not have."""
    from reviewer.store import migrations  # a module of ours that needs this one

    known = {m.name for m in migrations.MIGRATIONS._migrations}
    try:
        if not conn.execute(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '_sqlite_migrations'"
        ).fetchone()[0]:
            return
        applied = [
            str(row[0])
            for row in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                [migrations.MIGRATIONS.name],
            )
        ]
    except sqlite3.Error as exc:
        conn.close()
        raise (refusal_for(exc, path) or Refused("E-NOT-OURS", path=str(path))) from exc
    unknown = [name for name in applied if name not in known]
    if unknown:
        conn.close()
        raise Refused("E-SCHEMA-NEWER", path=str(path), name=unknown[0])


@contextlib.contextmanager
def patient(db: sqlite_utils.Database, timeout_ms: int) -> Iterator[None]:
    """Wait up to `timeout_ms` for the write lock inside this block, then restore the timeout.

    For a short write that must not be lost to a long one elsewhere: recording an issued report
    after a render that ran beside a million-row import in the same database.
    """
    before = int(db.execute("PRAGMA busy_timeout").fetchone()[0])
    db.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA busy_timeout = {before}")


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction: `BEGIN IMMEDIATE`, then sqlite-utils' `atomic()` nested inside.

    `atomic()` alone would begin a deferred transaction, which fails with SQLITE_BUSY_SNAPSHOT
    when another connection has written meanwhile. Nested calls become savepoints.
    Everything is rolled back on any exception, KeyboardInterrupt included.

    What SQLite says of the file itself is a Refused the caller already handles (SPEC §10):
    E-BUSY when another process held the write lock past the busy timeout (the command line
    importing a million rows holds it for a minute), E-READ-ONLY, E-DISK-FULL (RELIABILITY R3);
    the rollback left the file as it was.
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise _refused(exc, conn) from exc
    try:
        with db.atomic():  # a savepoint inside our transaction
            yield db
        conn.execute("COMMIT")
        _keep_in_moved_file(db)
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.OperationalError):
            raise _refused(exc, conn) from exc
        raise


# The file each database was opened from (device, inode): see moved_since_open.
_Identity = tuple[int, int] | None
_OPENED: weakref.WeakKeyDictionary[sqlite_utils.Database, _Identity] = weakref.WeakKeyDictionary()


def file_identity(path: str | Path) -> tuple[int, int] | None:
    """The file now at `path` (device, inode), or None when there is none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def moved_since_open(db: sqlite_utils.Database) -> bool:
    """True when the file at the path `db` was opened from is no longer that file: another
    program moved, renamed, deleted or replaced it (False for a database not opened here)."""
    opened = _OPENED.get(db)
    return opened is not None and file_identity(_main_file(db.conn)) != opened


def _keep_in_moved_file(db: sqlite_utils.Database) -> None:
    """After a commit: if another program moved, renamed, deleted or replaced the file while it was
    open here, copy the commit into the file itself. In WAL mode SQLite commits into the `-wal` at
    the old name, which the moved file never reads, and skips the checkpoint on close for a moved
    file: without this, a million-row import committed while the file was moved in a file
    manager would be in no file anyone can open. A checkpoint writes through the descriptor
    SQLite holds, wherever the file now is, and empties that `-wal`."""
    if not moved_since_open(db):
        return
    conn = db.conn
    if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _refused(exc: sqlite3.OperationalError, conn: sqlite3.Connection) -> Exception:
    """The Refused a person should read for `exc` on `conn`'s file, or `exc` itself when SQLite
    said nothing about the file (a constraint, a bug: not ours to word here)."""
    refused = refusal_for(exc, _main_file(conn))
    return exc if refused is None or refused.code not in _FILE_STATES else refused


_FILE_STATES = ("E-BUSY", "E-READ-ONLY", "E-DISK-FULL")


def _main_file(conn: sqlite3.Connection) -> str:
    for _seq, name, file in conn.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return str(file or ":memory:")
    return ":memory:"
