"""A database's schema object by object, and the schema a migration level defines.

Restore compares a backup's schema with the one its own migrations would have made: a planted
view, a redefined index or an extra trigger in a file from outside never reaches the programme.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import sqlite_utils

SchemaObject = tuple[str, str]  # (type, name)


def schema_of(conn: sqlite3.Connection) -> dict[SchemaObject, tuple[str, str | None]]:
    """Every table, index, view and trigger: (type, name) -> (table, SQL). SQLite's own are left out.

    Reads `sqlite_schema` only, which runs no view and no trigger.
    """
    rows = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    ).fetchall()
    return {(str(t), str(n)): (str(tbl), None if sql is None else str(sql)) for t, n, tbl, sql in rows}


def applied_migrations(conn: sqlite3.Connection, migration_set: str) -> list[str]:
    """The names of the migrations of `migration_set` recorded as applied in this file."""
    return [
        str(r[0])
        for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY applied_at, rowid",
            [migration_set],
        )
    ]


def expected_schema(applied: Sequence[str]) -> dict[SchemaObject, tuple[str, str | None]] | None:
    """The schema that applying exactly the migrations `applied`, in order, makes; None when they are
    not a prefix of this version's migrations (a file from another version or another product).
    """
    from reviewer.store import migrations

    names = [m.name for m in migrations.MIGRATIONS.pending(sqlite_utils.Database(memory=True))]
    if list(applied) != names[: len(applied)]:
        return None
    db = sqlite_utils.Database(memory=True)
    try:
        stop = names[len(applied)] if len(applied) < len(names) else None
        db.conn.execute("PRAGMA foreign_keys = OFF")
        migrations.MIGRATIONS.apply(db, stop_before=stop)
        return schema_of(db.conn)
    finally:
        db.close()


def first_difference(
    found: dict[SchemaObject, tuple[str, str | None]], expected: dict[SchemaObject, tuple[str, str | None]]
) -> str | None:
    """The first object (sorted) that is missing, extra or defined differently, as `type name`."""
    for key in sorted(set(found) | set(expected)):
        if found.get(key) != expected.get(key):
            return f"{key[0]} {key[1]}"
    return None
