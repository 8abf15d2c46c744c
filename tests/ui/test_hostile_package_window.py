"""R19 through the window: a reviewer package with a planted trigger or view does not open in the
desktop; nothing of it runs and the file is left as it was. A clean package still opens."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reviewer.services import packages
from reviewer.store.db import open_database
from tests.ui.conftest import wait_checked

PLANTED = {
    "trigger": [
        "CREATE TRIGGER planted AFTER UPDATE ON assessment_item BEGIN"
        " INSERT INTO meta(key, value) VALUES ('canary', 'fired'); DELETE FROM comment; END"
    ],
    "recursive view": [
        "DROP TABLE comment",
        "CREATE VIEW comment AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)"
        " SELECT i AS id, 1 AS assessment_id, 'outcomes' AS target, 'issues' AS kind,"
        " 'planted' AS text, 0 AS confidential FROM n WHERE i < 0",
    ],
}


def _package(demo_db: Path, tmp_path: Path) -> Path:
    db = open_database(demo_db)
    exported = packages.export_package(db, "R03", tmp_path / "R03.review", fy=2027)
    db.close()
    return exported.path


@pytest.mark.parametrize("planted", sorted(PLANTED))
def test_planted_sql_does_not_open(window, demo_db: Path, qtbot, tmp_path: Path, planted: str) -> None:  # type: ignore[no-untyped-def]
    path = _package(demo_db, tmp_path)
    conn = sqlite3.connect(path)
    for statement in PLANTED[planted]:
        conn.execute(statement)
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with qtbot.waitSignal(window.open_failed, timeout=15000) as failed:
        window.open_database(path)
    assert window.ctx is None
    assert "R03.review: E-PACKAGE-SCHEMA" in failed.args[0]
    assert "E-PACKAGE-SCHEMA" in window.statusBar().currentMessage()
    assert path.read_bytes() == before  # nothing ran, nothing moved, nothing migrated
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    assert conn.execute("SELECT count(*) FROM meta WHERE key = 'canary'").fetchone() == (0,)
    conn.close()


def test_an_over_long_comment_does_not_open(window, demo_db: Path, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # (a BLOB in a STRICT table's text column is found by the start-up gate's quick_check first)
    path = _package(demo_db, tmp_path)
    conn = sqlite3.connect(path)
    (cid,) = conn.execute("SELECT min(id) FROM comment").fetchone()
    conn.execute("UPDATE comment SET text = printf('%.*c', 10001, 'x') WHERE id = ?", [cid])
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with qtbot.waitSignal(window.open_failed, timeout=15000) as failed:
        window.open_database(path)
    assert window.ctx is None
    assert f"R03.review: comment row {cid}: E-TOO-LONG text: 10001 characters" in failed.args[0]
    assert path.read_bytes() == before


def _assessments(db: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    rows = conn.execute(
        "SELECT a.reviewer_id, i.target, i.rating, c.kind, c.text FROM assessment a"
        " LEFT JOIN assessment_item i ON i.assessment_id = a.id"
        " LEFT JOIN comment c ON c.assessment_id = a.id ORDER BY 1, 2, 3, 4, 5"
    ).fetchall()
    conn.close()
    return rows


def test_merging_a_package_with_a_recursive_view_from_the_window_is_refused(
    window, demo_db: Path, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    path = _package(demo_db, tmp_path)
    conn = sqlite3.connect(path)
    for statement in PLANTED["recursive view"]:
        conn.execute(statement)
    conn.commit()
    conn.close()
    before = _assessments(demo_db)
    with qtbot.waitSignal(window.packages.merged, timeout=20000) as merged:
        window.packages.merge([path])
    [result] = merged.args[0]
    assert result.refused is not None
    assert window.packages.summary.startswith("R03.review: E-PACKAGE-SCHEMA")
    assert "1 refused" in window.statusBar().currentMessage()
    assert _assessments(demo_db) == before
    assert window.packages.box is not None
    window.packages.box.accept()
