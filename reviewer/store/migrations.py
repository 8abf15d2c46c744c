"""Schema migrations with sqlite-utils' `Migrations`, ordered and never edited once landed."""

from __future__ import annotations

import json
import re
import sqlite3
from importlib import resources

import sqlite_utils

from reviewer.core.redaction import text_basis
from reviewer.store import audit

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
def m005_seal(db: sqlite_utils.Database) -> None:
    """Issuing a report is audited from now on (SPEC §7, "The seal"); the reports issued before
    this version get their audit entry here, once, so `verify FILE.pdf` keeps answering for them.

    The rows present at the upgrade are taken as they stand (nothing older can vouch for them);
    an issued_report row written by raw SQL after it has no entry and is "not issued here".
    No table changes: a version-1 snapshot (status only) stays as it was signed, and the
    services read the rest of such an FY from the live tables as of its signing time.
    """
    rows = db.execute(
        "SELECT id, fy, lang, edition, sha256, file_name, signed, decision_sha256 FROM issued_report"
        " WHERE CAST(id AS TEXT) NOT IN"
        " (SELECT entity_key FROM audit_log WHERE entity = 'issued_report' AND action = 'insert')"
        " ORDER BY id"
    ).fetchall()
    if not rows:
        return
    op = audit.Operation(actor="m005_seal")
    for r in rows:
        record = {
            "fy": r[1],
            "lang": r[2],
            "edition": r[3],
            "sha256": r[4],
            "file_name": r[5],
            "signed": bool(r[6]),
            "decision_sha256": r[7],
        }
        audit.append(db, op, "issued_report", int(r[0]), "insert", None, record)


@MIGRATIONS()
def m006_officer_keys(db: sqlite_utils.Database) -> None:
    """Officers' registered certificates and each sign-off's signature (SPEC §7, keys)."""
    for statement in _split(_sql("m006_officer_keys.sql")):
        db.execute(statement)
    _check_foreign_keys(db)


@MIGRATIONS()
def m007_model_aliases(db: sqlite_utils.Database) -> None:
    """The plan's `models:` block and the model names imports recorded (SPEC §3)."""
    for statement in _split(_sql("m007_model_aliases.sql")):
        db.execute(statement)
    _check_foreign_keys(db)


@MIGRATIONS()
def m008_batch_manifest(db: sqlite_utils.Database) -> None:
    """A batch's rollup provenance (SPEC §14): the checked manifest of a Parquet fleet report
    from `reviewer-rollup` (job, engine, every input's SHA-256 and message count, the registry's
    SHA-256), as JSON; NULL for every other batch."""
    db.execute("ALTER TABLE import_batch ADD COLUMN rollup_manifest TEXT")


# --------------------------------------------------------------------------- m011 (issue 16)

# The tables whose ids people read and type (`imports remove BATCH`, `respond --comment ID`,
# `disclose --evidence ID`), and the audit entities that name their ids.
_M011_TABLES = {
    "import_batch": ("import_batch",),
    "evidence": ("document", "manual_evidence"),
    "comment": ("comment",),
}
_M011_ROWID = "id INTEGER PRIMARY KEY,"


@MIGRATIONS()
def m011_autoincrement(db: sqlite_utils.Database) -> None:
    """Batch, evidence and comment ids are never reused (SPEC §10): each table gets AUTOINCREMENT.

    SQLite adds AUTOINCREMENT only by rebuilding a table, the way its documentation gives for
    any change it cannot ALTER: within the migration's transaction and with foreign keys off,
    the views and triggers that name these tables are set aside, each table is renamed aside
    (legacy renaming, so other tables' REFERENCES keep naming it), created again from its own
    text with only AUTOINCREMENT added, filled from the old one, which is then dropped; every
    index, trigger and view is created again from its own saved text and the foreign keys are
    checked before the commit. The id sequence starts past the highest id
    in the table and past every id the audit log names, so an id removed before this migration
    is not given again either.
    """
    (fk_on,) = db.execute("PRAGMA foreign_keys").fetchone()
    if fk_on:  # a DROP TABLE would delete (and cascade) every row: never rebuild with them on
        raise sqlite3.IntegrityError("m011 rebuilds tables and must run with foreign keys off")
    tables = tuple(_M011_TABLES)
    saved = db.execute(
        "SELECT type, name, sql FROM sqlite_schema WHERE type IN ('index', 'trigger', 'view')"
        " AND sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    words = {t: re.compile(rf"\b{t}\b", re.IGNORECASE) for t in tables}
    touching = [(kind, name, sql) for kind, name, sql in saved if any(w.search(sql) for w in words.values())]
    for kind, name, _sql in reversed(touching):
        if kind in ("trigger", "view"):
            db.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
    for table in tables:
        (sql,) = db.execute(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", [table]
        ).fetchone()
        if "AUTOINCREMENT" in sql.upper():
            continue  # already rebuilt (another process migrated the file first)
        if sql.count(_M011_ROWID) != 1:
            raise sqlite3.IntegrityError(f"m011: the {table} table's id is not the one m001 wrote")
        columns = ", ".join(f'"{r[1]}"' for r in db.execute(f'PRAGMA table_info("{table}")'))
        # legacy renaming with foreign keys off leaves the other tables' REFERENCES naming
        # `table`, which the new table then answers (SQLite's ALTER TABLE notes)
        db.execute("PRAGMA legacy_alter_table = ON")
        try:
            db.execute(f"ALTER TABLE {table} RENAME TO _m011_old_{table}")
        finally:
            db.execute("PRAGMA legacy_alter_table = OFF")
        db.execute(sql.replace(_M011_ROWID, "id INTEGER PRIMARY KEY AUTOINCREMENT,", 1))
        db.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _m011_old_{table} ORDER BY id")
        db.execute(f"DROP TABLE _m011_old_{table}")
        (top,) = db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()
        marks = ",".join("?" * len(_M011_TABLES[table]))
        (audited,) = db.execute(
            "SELECT coalesce(max(CAST(entity_key AS INTEGER)), 0) FROM audit_log"
            f" WHERE entity IN ({marks}) AND entity_key GLOB '[0-9]*' AND entity_key NOT GLOB '*[^0-9]*'",
            list(_M011_TABLES[table]),
        ).fetchone()
        db.execute("DELETE FROM sqlite_sequence WHERE name = ?", [table])
        if max(top, audited):
            db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", [table, max(top, audited)])
    for kind, _name, sql in touching:  # file order: a view before the trigger on it
        if (
            kind != "index"
            or not db.execute(
                "SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?", [_name]
            ).fetchone()
        ):
            db.execute(sql)
    _check_foreign_keys(db)


# --------------------------------------------------------------------------- m012 (issue 16)


@MIGRATIONS()
def m012_condition_history(db: sqlite_utils.Database) -> None:
    """An amendment's carried and dropped conditions (SPEC §10, `amend`), with their lock triggers.

    No row is written: an amendment signed before this version keeps the conditions it had
    (its own rows), so its decision hash still holds.
    """
    for statement in _split(_sql("m012_condition_history.sql")):
        db.execute(statement)
    _check_foreign_keys(db)


# --------------------------------------------------------------------------- m013 (issue 16)


@MIGRATIONS()
def m013_disclosure(db: sqlite_utils.Database) -> None:
    """What an FY's public edition discloses, and each comment's public text (SPEC §8)."""
    for statement in _split(_sql("m013_disclosure.sql")):
        db.execute(statement)
    _check_foreign_keys(db)


# --------------------------------------------------------------------------- m015 (issue 17)


@MIGRATIONS()
def m015_fleet_speed(db: sqlite_utils.Database) -> None:
    """An index on evidence.superseded_by, holding only the rows that have one.

    `superseded_by` is a deferred foreign key to evidence(id). A later report first points the
    earlier rows at ids its own rows will take, so until those rows exist the deferred violations
    are counted, and while any are counted SQLite looks up, for every evidence row inserted, the
    rows that point at it; deleting an evidence row (`imports remove`) looks them up as well.
    Without an index each look-up read the whole table: a report superseding 50,000 rows had not
    finished after ten minutes (bench/README.md). The rows that are superseded are few beside
    the current ones, so the index is partial.
    """
    db.execute(
        "CREATE INDEX IF NOT EXISTS evidence_superseded_by ON evidence(superseded_by)"
        " WHERE superseded_by IS NOT NULL"
    )


# --------------------------------------------------------------------------- m016 (redaction basis)


def _text_when_redacted(db: sqlite_utils.Database, comment_id: int, now: str) -> str:
    """The comment's text when its public text was last set, read from its audit entries (oldest
    first: each that names a text moves it on); `now` when no entry names one."""
    text: str | None = None
    redacted: str | None = None
    for (values,) in db.execute(
        "SELECT new_json FROM audit_log WHERE entity = 'comment' AND entity_key = ? AND new_json IS NOT NULL"
        " ORDER BY id",
        [str(comment_id)],
    ):
        new = json.loads(values)
        if not isinstance(new, dict):
            continue
        if isinstance(new.get("text"), str):
            text = new["text"]
        if "public_text" in new:
            redacted = text
    return now if redacted is None else redacted


@MIGRATIONS()
def m016_redaction_basis(db: sqlite_utils.Database) -> None:
    """Each redaction records the comment text it was written for (SPEC §8), so a comment changed
    after its redaction is known to need review again.

    A redaction of an unsigned FY takes as its basis the comment's text when the secretariat set
    it, read from the audit log: a comment rewritten since then (a package merged again, the
    desktop's edit) is out of date at once, as it always was. Each basis is audited. A signed FY
    is left as it was signed: its comments are locked, so its redactions redact the text there
    is, and its seal and reports do not change.
    """
    for statement in _split(_sql("m016_redaction_basis.sql")):
        db.execute(statement)
    rows = db.execute(
        "SELECT c.id, c.text FROM comment c JOIN assessment a ON a.id = c.assessment_id"
        " WHERE c.public_text IS NOT NULL"
        " AND a.fy NOT IN (SELECT fy FROM decision WHERE signed_at IS NOT NULL) ORDER BY c.id"
    ).fetchall()
    if rows:
        op = audit.Operation(actor="m016_redaction_basis")
        for comment_id, text in rows:
            basis = text_basis(_text_when_redacted(db, int(comment_id), str(text)))
            db.execute("UPDATE comment SET public_basis = ? WHERE id = ?", [basis, comment_id])
            audit.append(
                db, op, "comment", int(comment_id), "update", {"public_basis": None}, {"public_basis": basis}
            )
    _check_foreign_keys(db)
