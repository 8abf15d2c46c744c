"""Packages are untrusted input (SPEC §11, RELIABILITY R19): the checks that run before any row of
a `.review` file is read.

A package is an SQLite file from outside, and SQLite runs what a file's schema says: a view named
like one of our tables runs when that "table" is read, a trigger when it is written. So the file's
whole schema (`sqlite_schema`: tables, indexes, views, triggers by type, name, table and SQL) is
compared object by object with the schema `export` writes, which is built here once, in memory,
by the same code that writes packages, never kept by hand. Reading `sqlite_schema` runs nothing.

Only then are its values read, and first only through SQL that looks at types and lengths
(`typeof`, `length`, under a length limit set on the connection so a 300-million-character value
is refused as "too big" without being loaded): text within SPEC §10's limits, no BLOB outside
`document.content`, numbers where numbers belong, no NULL where the schema says NOT NULL.
"""

from __future__ import annotations

import functools
import os
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from reviewer.core.errors import InputRefused
from reviewer.core.limits import MAX_CHARS, TextKind

# Text columns a person writes, by SPEC §10's kind. Every other text column (dates, hashes, JSON,
# raw source records) is held to OTHER_CHARS: no value we write comes near it, and it bounds what
# reading the package can cost.
LIMITS: dict[tuple[str, str], TextKind] = {
    **{
        (t, c): TextKind.LONG
        for t, c in (
            ("comment", "text"),
            ("comment", "public_text"),  # m013: a comment's text as the public edition prints it
            ("response", "text"),
            ("committee_status", "reason"),
            ("decision", "rationale"),
            ("decision", "override_reason"),
            ("decision", "amend_reason"),
            ("condition", "text"),
            ("condition_status", "note"),
            ("manual_evidence", "source_description"),
        )
    },
    **{
        (t, c): TextKind.NAME
        for t, c in (
            ("program", "name_ja"),
            ("program", "name_en"),
            ("program", "implementer"),
            ("baseline_model", "name"),
            ("officer", "name"),
            ("criterion", "name_ja"),
            ("criterion", "name_en"),
            ("industry", "name_ja"),
            ("industry", "name_en"),
            ("organization", "name"),
            ("organization", "name_en"),
            ("reviewer", "name"),
            ("reviewer", "kana"),
            ("reviewer", "affiliation"),
            ("milestone", "title_ja"),
            ("milestone", "title_en"),
        )
    },
    **{
        (t, c): TextKind.CODE
        for t, c in (
            ("program", "code"),
            ("officer", "id"),
            ("criterion", "code"),
            ("industry", "code"),
            ("organization", "code"),
            ("reviewer", "id"),
            ("conflict", "reviewer_id"),
            ("conflict", "organization_code"),
            ("milestone", "code"),
            ("milestone", "criterion"),
            ("assessment", "reviewer_id"),
            ("assessment_item", "target"),
            ("assessment_item", "rating"),
            ("comment", "target"),
            ("comment", "kind"),
        )
    },
}
OTHER_CHARS = 4_000_000
# Columns that may hold a BLOB: an attached document's bytes.
BLOB_COLUMNS = frozenset({("document", "content")})
# UTF-8 (and UTF-16) spend at most 4 bytes on a character: a value longer than 4 × the limit in
# bytes is too long in characters too, and SQLite refuses to load it before reading it.
BYTES_PER_CHAR = 4
# SQLite applies the length limit to a whole row held in one page, too: never below a page's worth
# (this much may be loaded to be counted; more is refused unread).
MIN_LOAD_BYTES = 1 << 20


@dataclass(frozen=True)
class SchemaObject:
    """One row of `sqlite_schema`, its SQL normalised (runs of blanks outside quotes → one space)."""

    type: str
    name: str
    table: str
    sql: str

    @property
    def key(self) -> tuple[bool, str]:
        # triggers have a namespace of their own; tables, indexes and views share one
        return (self.type == "trigger", self.name)


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # INTEGER, REAL, TEXT or BLOB (every table we write is STRICT)
    not_null: bool
    rowid: bool


@dataclass(frozen=True)
class Level:
    """The schema a package has after the first N migrations, and its tables' columns."""

    schema: dict[tuple[bool, str], SchemaObject]
    tables: dict[str, tuple[Column, ...]]


_TOKEN = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|`[^`]*`|\[[^\]]*\]|\s+|[^'\"`\[\s]+|.", re.S)


def normalise_sql(sql: str | None) -> str:
    """`sql` with every run of blanks outside quoted strings and names made one space, trimmed."""
    if sql is None:
        return ""
    return "".join(" " if t.isspace() else t for t in _TOKEN.findall(sql)).strip()


def read_schema(conn: sqlite3.Connection) -> dict[tuple[bool, str], SchemaObject]:
    """The file's schema from `sqlite_schema` alone (which runs no view or trigger), in file order."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid").fetchall()
    schema: dict[tuple[bool, str], SchemaObject] = {}
    for t, n, tb, s in rows:
        found = SchemaObject(str(t), str(n), str(tb), normalise_sql(s))
        key = found.key
        while key in schema:  # a second row of one name (written past SQLite): an extra object
            key = (key[0], key[1] + "\0")
        schema[key] = found
    return schema


def _columns(conn: sqlite3.Connection, table: str) -> tuple[Column, ...]:
    info = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
    rowid_alias = [r[1] for r in info if r[5] == 1 and str(r[2]).upper() == "INTEGER"]
    single_pk = sum(1 for r in info if r[5]) == 1
    return tuple(
        Column(str(r[1]), str(r[2]).upper(), bool(r[3]), single_pk and r[1] in rowid_alias) for r in info
    )


def _level(conn: sqlite3.Connection) -> Level:
    schema = read_schema(conn)
    tables = {
        o.name: _columns(conn, o.name)
        for o in schema.values()
        if o.type == "table" and not o.name.startswith("sqlite_")
    }
    return Level(schema, tables)


@functools.cache
def expected_levels() -> tuple[Level, ...]:
    """The schema `export` writes, after each migration (oldest first, the current one last).

    A package exported before an upgrade has an older level and is still a package of ours; the
    current level comes from opening a new package in memory exactly as `export` does.
    """
    from reviewer.store import migrations
    from reviewer.store.db import Kind, open_database

    levels: list[Level] = []
    conn = sqlite3.connect(":memory:")
    db = sqlite_utils.Database(conn, execute_plugins=False)
    names = [m.name for m in migrations.MIGRATIONS.pending(db)]
    for after in names[1:]:
        migrations.MIGRATIONS.apply(db, stop_before=after)
        levels.append(_level(conn))
    conn.close()
    current = open_database(":memory:", kind=Kind.PACKAGE, create=True)
    levels.append(_level(current.conn))
    current.close()
    return tuple(levels)


def differences(expected: Level, found: dict[tuple[bool, str], SchemaObject]) -> Iterator[SchemaObject]:
    """The objects that differ, as the file has them (or as expected, when the file lacks one):
    first in the order export writes them, then the file's extra ones in the file's order."""
    for key, want in expected.schema.items():
        have = found.get(key)
        if have != want:
            yield have or want
    for key, have in found.items():
        if key not in expected.schema:
            yield have


def matching_level(conn: sqlite3.Connection, file: str) -> Level:
    """The expected level the file's schema equals. Reads `sqlite_schema` only.

    Raises InputRefused E-PACKAGE-SCHEMA naming the first object that differs from the nearest
    level's schema (a planted view, trigger, index or table; a changed or missing one).
    """
    found = read_schema(conn)
    nearest: tuple[int, SchemaObject] | None = None
    for level in reversed(expected_levels()):
        diffs = list(differences(level, found))
        if not diffs:
            return level
        if nearest is None or len(diffs) < nearest[0]:
            nearest = (len(diffs), diffs[0])
    assert nearest is not None
    first = nearest[1]
    raise InputRefused.one(file, "E-PACKAGE-SCHEMA", type=first.type, name=first.name)


def _limit(table: str, column: Column) -> int | None:
    if column.type != "TEXT":
        return None
    kind = LIMITS.get((table, column.name))
    return MAX_CHARS[kind] if kind else OTHER_CHARS


def _allowed_types(table: str, column: Column) -> tuple[str, ...]:
    if column.rowid:
        return ("integer",)
    allowed = {
        "INTEGER": ("integer",),
        "REAL": ("real", "integer"),
        "TEXT": ("text",),
        "BLOB": ("blob",) if (table, column.name) in BLOB_COLUMNS else (),
    }.get(column.type, ())
    return allowed if column.not_null else (*allowed, "null")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _bad_value(table: str, column: Column) -> str:
    """An SQL condition true for a row whose `column` has the wrong type, a NUL, or is too long."""
    col = _quote(column.name)
    types = ", ".join(f"'{t}'" for t in _allowed_types(table, column))
    cond = f"typeof({col}) NOT IN ({types})"
    limit = _limit(table, column)
    if limit is not None:
        cond += f" OR (typeof({col}) = 'text' AND (length({col}) > {limit} OR instr({col}, char(0)) > 0))"
    return cond


def _refuse_row(conn: sqlite3.Connection, file: str, table: str, column: Column, rowid: int) -> None:
    """Raise the refusal for `table` row `rowid`, whose `column` failed `_bad_value`."""
    col, tab = _quote(column.name), _quote(table)
    limit = _limit(table, column)
    try:
        kind, length = conn.execute(
            f"SELECT typeof({col}), length({col}) FROM {tab} WHERE rowid = ?", [rowid]
        ).fetchone()
    except sqlite3.DataError:  # too big to load under the connection's length limit: its size,
        kind = "text"  # in bytes, from the record header (an upper bound of its characters)
        with conn.blobopen(table, column.name, rowid, readonly=True) as value:
            length = len(value)
    place = f"{file}: {table} row {rowid}"
    if kind == "text" and limit is not None and length > limit:
        raise InputRefused.one(place, "E-TOO-LONG", field=column.name, length=length, limit=limit)
    raise InputRefused.one(place, "E-PACKAGE-VALUE", field=column.name, found=kind, expected=column.type)


def _find_row(conn: sqlite3.Connection, file: str, table: str, columns: tuple[Column, ...]) -> None:
    """Row by row, column by column: only after a table-wide check hit a value too big to load."""
    tab = _quote(table)
    for (rowid,) in conn.execute(f"SELECT rowid FROM {tab} ORDER BY rowid").fetchall():
        for column in columns:
            try:
                bad = conn.execute(
                    f"SELECT 1 FROM {tab} WHERE rowid = ? AND ({_bad_value(table, column)})", [rowid]
                ).fetchone()
            except sqlite3.DataError:
                bad = (1,)
            if bad:
                _refuse_row(conn, file, table, column, rowid)


def check_values(conn: sqlite3.Connection, file: str, level: Level) -> None:
    """Type- and size-check every value of every table of a package whose schema is `level`'s.

    One scan per table, in SQL; a value longer than 4 × its limit in bytes is never loaded.
    Raises InputRefused E-TOO-LONG or E-PACKAGE-VALUE at `FILE: table row ROWID`, naming the column.
    """
    before = conn.getlimit(sqlite3.SQLITE_LIMIT_LENGTH)
    try:
        for table, columns in level.tables.items():
            limits = [lim for c in columns if (lim := _limit(table, c)) is not None]
            conn.setlimit(
                sqlite3.SQLITE_LIMIT_LENGTH, max(MIN_LOAD_BYTES, BYTES_PER_CHAR * max(limits, default=0))
            )
            conds = [f"CASE WHEN {_bad_value(table, c)} THEN 1 ELSE 0 END" for c in columns]
            sql = f"SELECT rowid, {', '.join(conds)} FROM {_quote(table)} WHERE {' OR '.join(conds)} LIMIT 1"
            try:
                row = conn.execute(sql).fetchone()
            except sqlite3.DataError:
                _find_row(conn, file, table, columns)
                # too big to load, yet no single value is: still refused, at the table
                raise InputRefused.one(
                    f"{file}: {table}", "E-TOO-LONG", field="?", length="?", limit=OTHER_CHARS
                ) from None
            if row is not None:
                column = next(c for c, flag in zip(columns, row[1:], strict=True) if flag)
                _refuse_row(conn, file, table, column, int(row[0]))
    finally:
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, before)


def open_untrusted(path: Path) -> sqlite3.Connection:
    """A connection to a package that can change nothing and trusts nothing in its schema:
    read-only by URI, `query_only`, `trusted_schema=OFF`, `cell_size_check=ON`.
    """
    # realpath, not Path.resolve: on Python 3.11 a symbolic-link loop makes resolve raise
    # RuntimeError; here SQLite then says it cannot open the file (E-PACKAGE-UNREADABLE)
    conn = sqlite3.connect(f"{Path(os.path.realpath(path)).as_uri()}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA cell_size_check = ON")
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def check_package(conn: sqlite3.Connection, file: str) -> Level:
    """The whole check of a package on `conn`, before any of its rows is read: the schema object by
    object, then every value. Returns the level it matched.

    Raises InputRefused E-PACKAGE-SCHEMA, E-TOO-LONG, E-PACKAGE-VALUE.
    """
    level = matching_level(conn, file)
    check_values(conn, file, level)
    return level


def meta_is_a_table(conn: sqlite3.Connection) -> bool:
    """Whether the file's `meta` is a table, so reading a row of it runs no view of the file.

    (A program database's kind is read there; a package is then checked whole, against the
    schema export writes, before anything else.)
    """
    rows = conn.execute("SELECT type FROM sqlite_schema WHERE name = 'meta'").fetchall()
    return rows == [("table",)]
