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
    assert migrations.pending(db)[0] == "m004_evidence_kind_check"  # later migrations follow it
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
