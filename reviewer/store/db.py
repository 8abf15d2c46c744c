"""Opening a database the one way (pragmas, application id, migrations) and the write helper."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

import sqlite_utils

from reviewer.core.errors import Refused

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
    if create:
        if not is_empty_path(p):
            raise Refused("E-DB-NOT-EMPTY", path=str(p))
    elif not p.exists():
        raise FileNotFoundError(str(p))
    if readonly:
        conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True)
    else:
        conn = sqlite3.connect(str(p))
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        has_tables = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0] > 0
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise Refused("E-NOT-OURS", path=str(p)) from exc
    if app_id != APPLICATION_ID and (has_tables or app_id != 0):
        conn.close()
        raise Refused("E-NOT-OURS", path=str(p))
    if not has_tables and not create:
        conn.close()
        raise Refused("E-NOT-OURS", path=str(p))
    stored_kind = None
    if has_tables:
        stored_kind = _checked_kind(conn, p, kind)
    use_kind = kind or stored_kind or Kind.PROGRAM
    _configure(conn, use_kind, readonly)
    db = sqlite_utils.Database(conn, execute_plugins=False)  # we use no sqlite-utils plugins
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
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        with db.atomic():  # a savepoint inside our transaction
            yield db
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.OperationalError) and exc.sqlite_errorcode == sqlite3.SQLITE_FULL:
            # RELIABILITY R3: a full disk is a clear refusal; the rollback left the file as it was.
            raise Refused("E-DISK-FULL", path=_main_file(conn)) from exc
        raise


def _main_file(conn: sqlite3.Connection) -> str:
    for _seq, name, file in conn.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return str(file or ":memory:")
    return ":memory:"
