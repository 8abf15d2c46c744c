"""m011: batch, evidence and comment ids are never reused (AUTOINCREMENT), on new and old files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reviewer.store import migrations
from reviewer.store.db import open_database, write_transaction
from tests.cli_runner import reviewer

DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLE = DATA / "example"
TABLES = ("import_batch", "evidence", "comment")


def _schema(conn: sqlite3.Connection) -> dict[str, str]:
    """Every index, trigger and view by name, with its SQL text."""
    rows = conn.execute("SELECT name, sql FROM sqlite_schema WHERE type IN ('index', 'trigger', 'view')")
    return {str(n): str(s) for n, s in rows}


def test_removed_batch_and_evidence_ids_are_not_given_again(tmp_path: Path) -> None:
    db = str(tmp_path / "program.db")
    assert reviewer("--db", db, "init", "--plan", str(EXAMPLE / "plan.yaml"))[0] == 0
    assert reviewer("--db", db, "import", str(EXAMPLE / "fleet.csv"))[0] == 0
    conn = sqlite3.connect(db)
    first_ids = [r[0] for r in conn.execute("SELECT id FROM evidence ORDER BY id")]
    conn.close()
    assert reviewer("--db", db, "imports", "remove", "1")[0] == 0
    assert reviewer("--db", db, "import", str(EXAMPLE / "fleet.csv"))[0] == 0
    conn = sqlite3.connect(db)
    assert [r[0] for r in conn.execute("SELECT id FROM import_batch")] == [2]
    again = [r[0] for r in conn.execute("SELECT id FROM evidence ORDER BY id")]
    assert min(again) > max(first_ids)
    conn.close()


def test_a_replaced_comment_gets_a_new_id(tmp_path: Path) -> None:
    db = open_database(tmp_path / "program.db", create=True)
    with write_transaction(db):
        db.execute("INSERT INTO fiscal_year VALUES (2027, 1, '2028-03-09')")
        db.execute("INSERT INTO reviewer VALUES ('R1', '青木', 'あおき', '大学', 'chair')")
        db.execute("INSERT INTO assessment (reviewer_id, fy) VALUES ('R1', 2027)")
        db.execute(
            "INSERT INTO comment (assessment_id, target, kind, text) VALUES (1, 'outcomes', 'issues', 'a')"
        )
        db.execute("DELETE FROM comment")
        db.execute(
            "INSERT INTO comment (assessment_id, target, kind, text) VALUES (1, 'outcomes', 'issues', 'b')"
        )
    assert db.execute("SELECT id FROM comment").fetchall() == [(2,)]
    db.close()


def _old_file(path: Path) -> None:
    """A file left before m011 holding rows of every rebuilt table, and an audited removed batch."""
    db = open_database(path, create=True, migrate=False)
    migrations.MIGRATIONS.apply(db, stop_before="m011_autoincrement")
    assert migrations.pending(db)[0] == "m011_autoincrement"  # later migrations wait behind it
    with write_transaction(db):
        for sql in (
            "INSERT INTO fiscal_year VALUES (2027, 1, '2028-03-09')",
            "INSERT INTO industry VALUES ('medical', 0, '医療', 'Medical care')",
            "INSERT INTO reviewer VALUES ('R1', '青木', 'あおき', '大学', 'chair')",
            "INSERT INTO import_batch (id, file_name, sha256, format, importer_version, options_json,"
            " imported_by, imported_at)"
            " VALUES (3, 'f.csv', printf('%064d', 3), 'fleet-csv', '1', '{}', 'u', 't')",
            "INSERT INTO evidence (id, kind, batch_id, effective_date)"
            " VALUES (5, 'model_release', 3, '2027-05-01')",
            "INSERT INTO model_release (evidence_id, name, name_key)"
            " VALUES (5, 'acme/robo-1', 'acme/robo-1')",
            "INSERT INTO evidence (id, kind, batch_id, effective_date)"
            " VALUES (6, 'fleet_observation', 3, '2027-04-30')",
            "INSERT INTO fleet_observation (evidence_id, source, period, industry, operator, operator_key,"
            " robots_deployed, robots_active, operating_hours)"
            " VALUES (6, 'report', '2027-04', 'medical', 'A', 'a', 10, 9, 100.0)",
            "INSERT INTO assessment (id, reviewer_id, fy) VALUES (1, 'R1', 2027)",
            "INSERT INTO comment (id, assessment_id, target, kind, text)"
            " VALUES (4, 1, 'outcomes', 'issues', 'x')",
            "INSERT INTO response (comment_id, text, recorded_by, recorded_at) VALUES (4, 'ok', 'u', 't')",
            # batch 9 was imported and removed before the upgrade: its audit entries name it
            "INSERT INTO audit_log (op_id, actor, at, entity, entity_key, action, prev_hash, hash)"
            " VALUES ('o', 'u', 't', 'import_batch', '9', 'delete', printf('%064d', 0), printf('%064d', 1))",
        ):
            db.execute(sql)
    db.close()


def test_an_old_file_keeps_its_rows_indexes_and_triggers(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_file(path)
    conn = sqlite3.connect(path)
    before_objects = _schema(conn)
    before_tables = {
        t: str(conn.execute("SELECT sql FROM sqlite_schema WHERE name = ?", [t]).fetchone()[0])
        for t in TABLES
    }
    before_rows = {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}
    conn.close()

    db = open_database(path, migrate=False)
    later = migrations.pending(db)[1:]  # migrations after m011 change the schema in their own ways
    db.conn.execute("PRAGMA foreign_keys = OFF")
    migrations.MIGRATIONS.apply(db, **({"stop_before": later[0]} if later else {}))  # m011 alone
    db.conn.execute("PRAGMA foreign_keys = ON")
    assert migrations.pending(db) == later
    assert _schema(db.conn) == before_objects  # every index, trigger and view, identical
    for t in TABLES:
        (sql,) = db.execute("SELECT sql FROM sqlite_schema WHERE name = ?", [t]).fetchone()
        assert sql == before_tables[t].replace(
            "id INTEGER PRIMARY KEY,", "id INTEGER PRIMARY KEY AUTOINCREMENT,"
        )
        assert db.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() == before_rows[t]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # other tables' references still reach the rebuilt ones: a cascade and a join work
    assert db.execute("SELECT r.text FROM response r JOIN comment c ON c.id = r.comment_id").fetchall() == [
        ("ok",)
    ]
    seq = dict(db.execute("SELECT name, seq FROM sqlite_sequence").fetchall())
    assert seq == {"import_batch": 9, "evidence": 6, "comment": 4}  # past the audited batch 9
    with write_transaction(db):
        db.execute(
            "INSERT INTO import_batch (file_name, sha256, format, importer_version, options_json,"
            " imported_by, imported_at)"
            " VALUES ('g.csv', printf('%064d', 7), 'fleet-csv', '1', '{}', 'u', 't')"
        )
        db.execute("DELETE FROM evidence WHERE id = 5")
    assert db.execute("SELECT max(id) FROM import_batch").fetchone()[0] == 10
    assert db.execute("SELECT count(*) FROM model_release").fetchone()[0] == 0  # ON DELETE CASCADE held
    # the view's INSTEAD OF trigger, recreated, still writes fleet columns
    assert db.execute("SELECT robots_active FROM fleet_observation").fetchall() == [(9,)]
    db.close()


def test_m011_refuses_to_run_with_foreign_keys_on(tmp_path: Path) -> None:
    """A DROP TABLE with foreign keys on would delete (and cascade) rows: the migration says no."""
    path = tmp_path / "old.db"
    _old_file(path)
    db = open_database(path, migrate=False)
    db.conn.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError, match="foreign keys off"):
        migrations.MIGRATIONS.apply(db)
    assert migrations.pending(db)[0] == "m011_autoincrement"  # later migrations wait behind it
    assert db.execute("SELECT count(*) FROM model_release").fetchone()[0] == 1
    db.close()


def test_m011_again_changes_nothing(tmp_path: Path) -> None:
    """Two processes may migrate one file: the second finds the tables already rebuilt."""
    db = open_database(tmp_path / "new.db", create=True)
    before = db.execute("SELECT type, name, sql FROM sqlite_schema ORDER BY name").fetchall()
    db.conn.execute("PRAGMA foreign_keys = OFF")
    with write_transaction(db):
        migrations.m011_autoincrement(db)
    db.conn.execute("PRAGMA foreign_keys = ON")
    assert db.execute("SELECT type, name, sql FROM sqlite_schema ORDER BY name").fetchall() == before
    db.close()
