"""Migrations on real files: a fresh database and one left at an earlier migration end alike."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reviewer.store import migrations
from reviewer.store.db import open_database, write_transaction


def _evidence_sql(conn: sqlite3.Connection) -> str:
    return str(conn.execute("SELECT sql FROM sqlite_schema WHERE name = 'evidence'").fetchone()[0])


def _insert_manual(conn: sqlite3.Connection, kind: str) -> None:
    conn.execute("INSERT INTO evidence(kind, effective_date) VALUES (?, '2027-03-31')", [kind])


def test_fresh_database_checks_evidence_kind_by_comparisons(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.db", create=True)
    sql = _evidence_sql(db.conn)
    assert migrations._KIND_EQ in sql and migrations._KIND_IN not in sql
    with write_transaction(db):
        _insert_manual(db.conn, "manual")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"), write_transaction(db):
        _insert_manual(db.conn, "rumour")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_database_from_before_m004_keeps_its_rows_and_gets_the_same_rule(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = open_database(path, create=True, migrate=False)
    migrations.MIGRATIONS.apply(db, stop_before="m004_evidence_kind_check")
    assert migrations.pending(db)[0] == "m004_evidence_kind_check"  # then every later one
    assert migrations._KIND_IN in _evidence_sql(db.conn)
    with write_transaction(db):
        _insert_manual(db.conn, "manual")
        _insert_manual(db.conn, "document")
    version = db.execute("PRAGMA schema_version").fetchone()[0]
    db.close()

    db = open_database(path)  # applies m004
    assert migrations.pending(db) == []
    assert migrations._KIND_EQ in _evidence_sql(db.conn)
    assert db.execute("PRAGMA schema_version").fetchone()[0] > version
    assert [r[0] for r in db.execute("SELECT kind FROM evidence ORDER BY id")] == ["manual", "document"]
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"), write_transaction(db):
        _insert_manual(db.conn, "rumour")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    # another connection reads the edited schema from the file
    conn = sqlite3.connect(path)
    assert migrations._KIND_EQ in _evidence_sql(conn)
    conn.close()


def test_m004_again_on_an_edited_file_changes_nothing(tmp_path: Path) -> None:
    """Two processes may migrate one file: the second finds the rule already edited."""
    db = open_database(tmp_path / "new.db", create=True)
    before = _evidence_sql(db.conn), db.execute("PRAGMA schema_version").fetchone()[0]
    with write_transaction(db):
        migrations.m004_evidence_kind_check(db)
    assert (_evidence_sql(db.conn), db.execute("PRAGMA schema_version").fetchone()[0]) == before
    db.close()


def test_m005_gives_reports_issued_before_it_their_audit_entry(tmp_path: Path) -> None:
    """Reports issued by an older version keep answering `verify FILE.pdf` after the upgrade;
    a row inserted around the application afterwards has no entry."""
    from reviewer.services.audit_check import check_chain
    from reviewer.store import report_queries as rq

    path = tmp_path / "old.db"
    db = open_database(path, create=True, migrate=False)
    migrations.MIGRATIONS.apply(db, stop_before="m005_seal")
    assert migrations.pending(db)[0] == "m005_seal"
    issue = (
        "INSERT INTO issued_report(fy, lang, edition, sha256, file_name, signed, decision_sha256,"
        " chain_head, chain_count, issued_by, issued_at) VALUES (2026, 'ja', 'internal', ?, 'r.pdf', 0,"
        " NULL, ?, 0, 'clerk', '2027-03-01T00:00:00+00:00')"
    )
    with write_transaction(db):
        db.execute("INSERT INTO fiscal_year VALUES (2026, 1, '2027-03-10')")
        db.execute(issue, ["a" * 64, "0" * 64])
    db.close()

    db = open_database(path)  # applies m005
    assert migrations.pending(db) == []
    assert rq.issue_is_audited(db, 1, "a" * 64)
    (entity, actor, new) = db.execute("SELECT entity, actor, new_json FROM audit_log").fetchone()
    assert (entity, actor) == ("issued_report", "m005_seal") and '"sha256":"' + "a" * 64 in new
    assert check_chain(db) == (None, 1)
    with write_transaction(db):
        db.execute(issue.replace("'r.pdf'", "'forged.pdf'"), ["b" * 64, "0" * 64])
    assert not rq.issue_is_audited(db, 2, "b" * 64)
    db.close()
