"""Disclosure flags and public texts changed behind the product's back (SPEC §7, §8): `verify`
names each as V-SEAL, and the signed public edition keeps printing what was sealed.

Each test edits a copy of the signed demo (its FY2026 discloses two fleet reports and three
milestones' deciding evidence) with plain sqlite3, the edited table's triggers dropped and
recreated exactly as they were, so the seal, not a missing trigger, is what finds the edit.
"""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from reviewer.cli import run
from reviewer.services.demo import build_demo
from reviewer.services.report_context import build_context
from reviewer.store.db import open_database

FY = 2026


def reviewer(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["--lang", "en", *argv], out, err)
    return code, out.getvalue() + err.getvalue()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("disclosed") / "demo.db"
    build_demo(path)
    db = open_database(path)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def _copy(demo: Path, copy: Path) -> Path:
    src, dst = sqlite3.connect(demo), sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.close()
    return copy


Edit = Callable[[str, list[object]], Path]


@pytest.fixture
def edit(demo: Path, tmp_path: Path) -> Edit:
    """Run one statement on a copy of the demo with every trigger on disclosure, comment and
    evidence dropped and recreated as it was; returns the copy."""

    def run_edit(sql: str, params: list[object]) -> Path:
        copy = _copy(demo, tmp_path / "copy.db")
        conn = sqlite3.connect(copy)
        triggers = conn.execute(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'"
            " AND tbl_name IN ('disclosure', 'comment', 'evidence')"
        ).fetchall()
        for name, _sql in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute(sql, params)
        for _name, text in triggers:
            conn.execute(text)
        conn.commit()
        conn.close()
        return copy

    return run_edit


def _one(demo: Path, sql: str) -> tuple[int, ...]:
    conn = sqlite3.connect(demo)
    try:
        row = conn.execute(sql).fetchone()
        assert row is not None, sql
        return tuple(int(v) for v in row)
    finally:
        conn.close()


def test_the_demo_verifies_with_its_disclosures(demo: Path) -> None:
    (count,) = _one(demo, "SELECT count(*) FROM disclosure WHERE fy = 2026")
    assert count > 2
    code, out = reviewer("--db", str(demo), "verify")
    assert code == 0, out


def test_a_deleted_batch_disclosure(demo: Path, edit: Edit) -> None:
    (batch,) = _one(demo, "SELECT batch_id FROM disclosure WHERE fy = 2026 AND batch_id IS NOT NULL")
    copy = edit("DELETE FROM disclosure WHERE fy = 2026 AND batch_id = ?", [batch])
    code, out = reviewer("--db", str(copy), "verify")
    assert code == 1
    assert f"V-SEAL disclosure 2026:batch:{batch}: sealed present, now missing" in out
    assert f"V-SEAL import_batch {batch} disclosed: sealed true, now missing" in out
    assert "V-SEAL fleet_series " in out and " public: sealed " in out
    assert "V-TRIGGER" not in out


def test_an_inserted_disclosure(demo: Path, edit: Edit) -> None:
    """A confidential benchmark result the secretariat never disclosed, disclosed by raw SQL."""
    (evidence,) = _one(
        demo,
        "SELECT e.id FROM evidence e JOIN import_batch b ON b.id = e.batch_id"
        " WHERE e.kind = 'benchmark_result' AND e.confidential = 1 AND b.imported_at <="
        " (SELECT signed_at FROM decision WHERE fy = 2026) AND NOT EXISTS"
        " (SELECT 1 FROM disclosure d WHERE d.evidence_id = e.id OR d.batch_id = e.batch_id) ORDER BY e.id",
    )
    copy = edit(
        "INSERT INTO disclosure (fy, evidence_id, disclosed_by, disclosed_at) VALUES (2026, ?, 'x', '2000')",
        [evidence],
    )
    code, out = reviewer("--db", str(copy), "verify")
    assert code == 1
    assert f"V-SEAL disclosure 2026:evidence:{evidence}: sealed missing, now present" in out
    assert f"V-SEAL evidence {evidence} disclosed: sealed missing, now true" in out


def test_a_disclosure_moved_to_another_record(demo: Path, edit: Edit) -> None:
    (row, evidence) = _one(
        demo, "SELECT id, evidence_id FROM disclosure WHERE fy = 2026 AND evidence_id IS NOT NULL ORDER BY id"
    )
    copy = edit("UPDATE disclosure SET evidence_id = ? WHERE id = ?", [evidence + 100, row])
    code, out = reviewer("--db", str(copy), "verify")
    assert code == 1
    assert f"V-SEAL disclosure 2026:evidence:{evidence}: sealed present, now missing" in out
    assert f"V-SEAL disclosure 2026:evidence:{evidence + 100}: sealed missing, now present" in out


def test_a_records_confidential_flag(demo: Path, edit: Edit) -> None:
    (evidence,) = _one(
        demo,
        "SELECT e.id FROM evidence e WHERE e.kind = 'benchmark_result' AND e.confidential = 1"
        " AND NOT EXISTS (SELECT 1 FROM disclosure d WHERE d.evidence_id = e.id) ORDER BY e.id",
    )
    copy = edit("UPDATE evidence SET confidential = 0 WHERE id = ?", [evidence])
    code, out = reviewer("--db", str(copy), "verify")
    assert code == 1
    assert f"V-SEAL evidence {evidence} confidential: sealed 1, now 0" in out


def test_a_comments_public_text(demo: Path, edit: Edit) -> None:
    (comment,) = _one(
        demo,
        "SELECT c.id FROM comment c JOIN assessment a ON a.id = c.assessment_id"
        " WHERE a.fy = 2026 AND length(c.text) > 0 ORDER BY c.id",
    )
    copy = edit("UPDATE comment SET public_text = 'softened' WHERE id = ?", [comment])
    code, out = reviewer("--db", str(copy), "verify")
    assert code == 1
    assert f"V-SEAL comment {comment} public_text: sealed missing, now softened" in out


def test_a_dropped_disclosure_lock_is_named(demo: Path, tmp_path: Path) -> None:
    copy = _copy(demo, tmp_path / "copy.db")
    conn = sqlite3.connect(copy)
    conn.execute("DROP TRIGGER lock_disclosure_delete")
    conn.commit()
    conn.close()
    code, out = reviewer("--db", str(copy), "verify")
    assert code == 1 and "V-TRIGGER-MISSING" in out and "lock_disclosure_delete" in out


def test_the_signed_public_edition_prints_the_seal_not_the_edited_tables(
    demo: Path, edit: Edit, tmp_path: Path
) -> None:
    db = open_database(_copy(demo, tmp_path / "before.db"), migrate=False)
    before = build_context(db, FY, "en", "public")
    db.close()
    copy = edit("DELETE FROM disclosure WHERE fy = 2026", [])
    conn = sqlite3.connect(copy)
    conn.execute("DROP TRIGGER lock_comment_update")
    conn.execute("UPDATE comment SET public_text = 'softened'")
    conn.commit()
    conn.close()
    db = open_database(copy, migrate=False)
    after = build_context(db, FY, "en", "public")
    db.close()
    assert after == before
    assert before.withheld is not None and before.withheld.milestones == 0  # what the demo disclosed


def test_a_fleet_records_flag_stays_named_after_an_unrelated_batch_is_removed(demo: Path, edit: Edit) -> None:
    """`imports remove` after sign-off is audited and explains the sealed monthly sums it changes;
    it must not explain a raw-SQL edit of another month (adversarial review: any removal used to
    excuse every fleet_series difference)."""
    signed_at = "(SELECT signed_at FROM decision WHERE fy = 2026)"
    (record,) = _one(  # a withheld fleet row the FY2026 seal holds (imported before its sign-off)
        demo,
        "SELECT e.id FROM evidence e JOIN import_batch b ON b.id = e.batch_id"
        f" WHERE e.kind = 'fleet_observation' AND e.confidential = 1 AND b.imported_at <= {signed_at}"
        " AND e.period = '2027-04' AND NOT EXISTS (SELECT 1 FROM disclosure d"
        " WHERE d.evidence_id = e.id OR d.batch_id = e.batch_id) ORDER BY e.id",
    )
    other, month = _one(  # a fleet batch of one later month, sealed too
        demo,
        "SELECT b.id, replace(min(e.period), '-', '') FROM import_batch b JOIN evidence e"
        f" ON e.batch_id = b.id WHERE e.kind = 'fleet_observation' AND b.imported_at <= {signed_at}"
        " GROUP BY b.id HAVING min(e.period) > '2027-04' AND min(e.period) = max(e.period) ORDER BY b.id",
    )
    copy = edit("UPDATE evidence SET confidential = 0 WHERE id = ?", [record])
    code, out = reviewer("--db", str(copy), "verify")
    assert code == 1 and "V-SEAL fleet_series 2027-04:" in out, out
    code, out = reviewer("--db", str(copy), "imports", "remove", str(other))
    assert code == 0, out
    code, out = reviewer("--db", str(copy), "verify")
    assert code == 1 and "V-SEAL fleet_series 2027-04:" in out, out
    removed = f"{str(month)[:4]}-{str(month)[4:]}"
    assert f"V-SEAL fleet_series {removed}:" not in out  # the removal's own month: explained


def test_rows_written_around_the_application_before_sign_off_are_named(demo: Path, tmp_path: Path) -> None:
    """FY2027 is unsigned: a disclosure, a public text or an amendment's condition carry written
    by raw SQL has no audit entry, and sign-off would seal it as if the secretariat had made it
    (adversarial review: verify said all is well). Each is V-UNAUDITED."""
    copy = _copy(demo, tmp_path / "copy.db")
    code, out = reviewer(
        "--db", str(copy), "amend", "--fy", "2026", "--outcome", "continue_with_conditions",
        "--funding-jpy", "387300000000", "--rationale", "r", "--reason", "x", "--drop-condition", "1",
    )  # fmt: skip
    assert code == 0, out
    conn = sqlite3.connect(copy)
    (evidence,) = conn.execute(
        "SELECT min(e.id) FROM evidence e WHERE e.confidential = 1 AND e.kind = 'benchmark_result'"
        " AND NOT EXISTS (SELECT 1 FROM disclosure d WHERE d.fy = 2027 AND d.evidence_id = e.id)"
    ).fetchone()
    (comment,) = conn.execute(
        "SELECT min(c.id) FROM comment c JOIN assessment a ON a.id = c.assessment_id"
        " WHERE a.fy = 2027 AND length(c.text) > 0"
    ).fetchone()
    (carry,) = conn.execute("SELECT min(decision_id) FROM condition_carry WHERE dropped = 1").fetchone()
    code, out = reviewer("--db", str(copy), "verify")
    assert code == 0, out  # the product's own writes are all audited
    conn.execute(
        "INSERT INTO disclosure (fy, evidence_id, disclosed_by, disclosed_at) VALUES (2027, ?, 'x', '2000')",
        [evidence],
    )
    conn.execute("UPDATE comment SET public_text = 'softened' WHERE id = ?", [comment])
    conn.execute(
        "UPDATE condition_carry SET dropped = 0, position = 9 WHERE decision_id = ? AND condition_id = 1",
        [carry],
    )
    conn.commit()
    conn.close()
    code, out = reviewer("--db", str(copy), "verify")
    assert code == 1
    assert f"V-UNAUDITED disclosure 2027:evidence:{evidence} of FY2027 has no audit entry" in out, out
    assert f"V-UNAUDITED comment {comment} public_text of FY2027 has no audit entry" in out, out
    assert f"V-UNAUDITED condition_carry {carry}:1 of FY2026 has no audit entry" in out, out
