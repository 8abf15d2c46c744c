"""Schema migrations with sqlite-utils' `Migrations`, ordered and never edited once landed."""

from __future__ import annotations

import sqlite3
from importlib import resources

import sqlite_utils

MIGRATIONS = sqlite_utils.Migrations("reviewer")


def _sql(name: str) -> str:
    return resources.files("reviewer.store").joinpath("sql", name).read_text(encoding="utf-8")


def _check_foreign_keys(db: sqlite_utils.Database) -> None:
    bad = db.execute("PRAGMA foreign_key_check").fetchall()
    if bad:
        raise sqlite3.IntegrityError(f"foreign key check failed after migration: {bad[:5]}")


@MIGRATIONS()
def m001_initial(db: sqlite_utils.Database) -> None:
    """Every table of SPEC §2."""
    for statement in _split(_sql("m001_initial.sql")):
        db.execute(statement)
    _check_foreign_keys(db)


def _split(script: str) -> list[str]:
    """Split a schema script into statements (triggers keep their inner semicolons)."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not buf.strip():
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def pending(db: sqlite_utils.Database) -> list[str]:
    """Names of migrations not yet applied."""
    return [m.name for m in MIGRATIONS.pending(db)]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply pending migrations, foreign keys off during them and checked before each commit.

    Returns the names applied. (The pre-migration backup of an existing file is taken by the
    caller that knows the file: see services.backups.)
    """
    todo = pending(db)
    if not todo:
        return []
    db.conn.execute("PRAGMA foreign_keys = OFF")  # no effect inside a transaction: set first
    try:
        MIGRATIONS.apply(db)
    finally:
        db.conn.execute("PRAGMA foreign_keys = ON")
    return todo


@MIGRATIONS()
def m002_locks(db: sqlite_utils.Database) -> None:
    """The signed-FY lock triggers (SPEC §7): plain SQL, so trusted_schema=OFF files still open."""
    for statement in _split(_sql("m002_locks.sql")):
        db.execute(statement)
    _check_foreign_keys(db)


@MIGRATIONS()
def m003_exports(db: sqlite_utils.Database) -> None:
    """The record of exported reviewer packages and their base state (SPEC §11)."""
    for statement in _split(_sql("m003_exports.sql")):
        db.execute(statement)
    _check_foreign_keys(db)


# m001's rule for evidence.kind, and the same rule as five comparisons.
_KIND_IN = "kind IN ('model_release', 'benchmark_result', 'fleet_observation', 'document', 'manual')"
_KIND_EQ = (
    "kind = 'model_release' OR kind = 'benchmark_result' OR kind = 'fleet_observation'"
    " OR kind = 'document' OR kind = 'manual'"
)


@MIGRATIONS()
def m004_evidence_kind_check(db: sqlite_utils.Database) -> None:
    """evidence.kind keeps its rule, written as comparisons: SQLite checks `IN (five values)` by
    building a lookup table each time a statement runs, which for `executemany` is every row
    (30 % of a fleet import's insert time, bench/README.md).

    The rule is the same, so no row needs copying: the table's text is edited the way SQLite
    documents for changing a CHECK constraint (writable_schema, then schema_version + 1, in the
    migration's transaction), and the edited schema is parsed again before the commit. Where
    SQLite refuses schema edits (a build in defensive mode) the old text stays: the same rule,
    only slower.
    """
    (sql,) = db.execute("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'evidence'").fetchone()
    if _KIND_EQ in sql:
        return  # already edited (another process migrated the file first)
    if _KIND_IN not in sql:
        raise sqlite3.IntegrityError("m004: the evidence table's kind check is not the one m001 wrote")
    (version,) = db.execute("PRAGMA schema_version").fetchone()
    db.execute("PRAGMA writable_schema = ON")
    try:
        db.execute(
            "UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = 'evidence'",
            [sql.replace(_KIND_IN, _KIND_EQ)],
        )
    except sqlite3.DatabaseError:
        return  # schema edits refused here: keep the equivalent IN form
    else:
        db.execute(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        db.execute("PRAGMA writable_schema = OFF")
    # the new text must parse before the transaction commits (an error rolls the edit back)
    db.execute("SELECT count(*) FROM evidence WHERE 0").fetchone()


@MIGRATIONS()
def m008_batch_manifest(db: sqlite_utils.Database) -> None:
    """A batch's rollup provenance (SPEC §14): the checked manifest of a Parquet fleet report
    from `reviewer-rollup` (job, engine, every input's SHA-256 and message count, the registry's
    SHA-256), as JSON; NULL for every other batch."""
    db.execute("ALTER TABLE import_batch ADD COLUMN rollup_manifest TEXT")
