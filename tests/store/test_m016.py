"""m016: a redaction records the text it redacted. On a file from before it, each unsigned FY's
redaction takes as its basis the comment's text when the secretariat set it (read from the audit
log), so a comment rewritten since then is out of date at once; a signed FY is left as signed
(its comments are locked and its seal and report do not change)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reviewer.core.redaction import Redaction
from reviewer.services import audit_check, decisions, disclosure
from reviewer.services.report_context import build_context
from reviewer.store import audit, migrations
from reviewer.store.db import open_database, write_transaction
from tests.officer_keys import officer_key
from tests.reports import builders

ORIGINAL = "Intervention rates in logistics remain high."
REWRITTEN = "Intervention rates in logistics: 12 per 1,000 h."
KEPT = "Publish data."  # FY2026, redacted before its sign-off


def _redact_as_before_m016(db_path: Path, comment: int, text: str) -> None:
    """`comment redact` as the version before m016 wrote it: the public text alone, audited."""
    db = open_database(db_path, migrate=False)
    try:
        with write_transaction(db):
            db.execute("UPDATE comment SET public_text = ? WHERE id = ?", [text, comment])
            op = audit.Operation(actor="secretariat")
            audit.append(db, op, "comment", comment, "update", {"public_text": None}, {"public_text": text})
    finally:
        db.close()


def _before_m016(db_path: Path) -> None:
    """The file as the version before m016 left it: no basis column, m016 not applied."""
    conn = sqlite3.connect(db_path)
    conn.execute("ALTER TABLE comment DROP COLUMN public_basis")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm016_redaction_basis'")
    conn.commit()
    conn.close()


def _id(db_path: Path, fy: int, text: str) -> int:
    conn = sqlite3.connect(db_path)
    (cid,) = conn.execute(
        "SELECT c.id FROM comment c JOIN assessment a ON a.id = c.assessment_id"
        " WHERE a.fy = ? AND c.text = ?",
        [fy, text],
    ).fetchone()
    conn.close()
    return int(cid)


def test_an_old_files_stale_redaction_is_out_of_date_after_m016_and_a_signed_fy_reads_as_signed(
    tmp_path: Path,
) -> None:
    path = builders.build_program(tmp_path / "program", sign_2026=False)
    signed = _id(path, 2026, KEPT)
    stale = _id(path, 2027, ORIGINAL)
    kept = _id(path, 2027, "介入データを業種別に公開すること。")
    _redact_as_before_m016(path, signed, "Publish the data sets.")
    _redact_as_before_m016(path, stale, "Intervention rates are under review.")
    _redact_as_before_m016(path, kept, "Publish by industry.")  # the comment still matches it
    db = open_database(path)
    try:
        decisions.sign(db, 2026, "O1", officer_key(db, "O1"))
        builders.rewrite_r2_issues(db, REWRITTEN)
        before = build_context(db, 2026, "en", "public")
    finally:
        db.close()
    _before_m016(path)
    db = open_database(path, migrate=False)
    try:
        assert migrations.pending(db) == ["m016_redaction_basis"]
        migrations.migrate(db)
        assert disclosure.redaction(db, stale) is Redaction.STALE
        assert disclosure.redaction(db, kept) is Redaction.CURRENT
        assert disclosure.redaction(db, signed) is Redaction.CURRENT  # as signed
        assert build_context(db, 2026, "en", "public") == before
        result = audit_check.verify_database(db)
        assert result.ok, result.findings
    finally:
        db.close()
