"""R17 (without keys): raw-SQL edits of what a signed report prints are named by `verify`.

Each test edits a copy of a signed demo database with plain SQL, the lock triggers of the
edited table dropped and recreated exactly as they were (so V-TRIGGER cannot be what finds
it), and expects `reviewer verify` to exit 1 naming the edited value. A database rewritten
whole with a recomputed chain and a re-made snapshot cannot be told from the real one without
an outside key or certificate: that assertion belongs to the officer-keys work (SPEC §7).
"""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from reviewer.cli import run
from reviewer.services.demo import build_demo
from reviewer.store.db import open_database

FY = 2026


def reviewer(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["--lang", "en", *argv], out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo program (FY2026 signed, later imports and assessments), built once: it is slow."""
    path = tmp_path_factory.mktemp("sealed") / "demo.db"
    build_demo(path)
    db = open_database(path)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def _rows(
    conn: sqlite3.Connection, sql: str, params: list[object] | None = None
) -> dict[str, dict[str, Any]]:
    cur = conn.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return {str(r[0]): dict(zip(names[1:], r[1:], strict=True)) for r in cur.fetchall()}


@pytest.fixture(scope="module")
def sealed(demo: Path) -> dict[str, Any]:
    """What FY2026's signed report prints, read from the demo before any edit with plain SQL (the
    same values the seal holds; read without the seal so that these tests run on the old code)."""
    conn = sqlite3.connect(demo)
    try:
        (content, signed_at) = conn.execute(
            "SELECT s.content_json, d.signed_at FROM snapshot s JOIN decision d ON d.id = s.decision_id"
            " WHERE d.fy = ?",
            [FY],
        ).fetchone()
        status = json.loads(content)["status"]
        deciding = sorted({int(i) for m in status["milestones"] for i in m["evidence"]})
        marks = ",".join("?" * len(deciding))
        return {
            "evidence": _rows(
                conn,
                "SELECT e.id, e.kind, r.value, e.robots_active, e.period, e.industry FROM evidence e"
                f" LEFT JOIN benchmark_result r ON r.evidence_id = e.id WHERE e.id IN ({marks})",
                list(deciding),
            ),
            "assessment_item": _rows(
                conn,
                "SELECT i.id, i.rating FROM assessment_item i JOIN assessment a ON a.id = i.assessment_id"
                " WHERE a.fy = ? AND i.rating IN ('A', 'B', 'C') ORDER BY i.id",
                [FY],
            ),
            "comment": _rows(
                conn,
                "SELECT c.id, c.text FROM comment c JOIN assessment a ON a.id = c.assessment_id"
                " WHERE a.fy = ? AND length(c.text) > 0 ORDER BY c.id",
                [FY],
            ),
            "milestone": _rows(conn, "SELECT code, title_en FROM milestone WHERE fy = ? ORDER BY id", [FY]),
            "program": _rows(conn, "SELECT code, name_en FROM program"),
            "reviewer": _rows(conn, "SELECT id, name FROM reviewer ORDER BY id"),
            "criterion": _rows(conn, "SELECT code, name_en FROM criterion ORDER BY position"),
            "import_batch": _rows(
                conn, "SELECT id, file_name FROM import_batch WHERE imported_at <= ? ORDER BY id", [signed_at]
            ),
            "committee_status": _rows(
                conn,
                "SELECT m.code, c.reason FROM committee_status c JOIN milestone m ON m.id = c.milestone_id"
                " WHERE m.fy = ?",
                [FY],
            ),
        }
    finally:
        conn.close()


Tamper = Callable[[str, list[str], list[object] | None], tuple[int, str]]


@pytest.fixture
def tamper(demo: Path, tmp_path: Path) -> Iterator[Callable[..., tuple[int, str]]]:
    """Copy the demo, run `sql` on the copy with the triggers of `tables` dropped and recreated
    as they were, then run `verify` on it: returns (exit status, everything it printed)."""
    copy = tmp_path / "copy.db"

    def run_tamper(sql: str, tables: list[str], params: list[object] | None = None) -> tuple[int, str]:
        src = sqlite3.connect(demo)
        dst = sqlite3.connect(copy)
        src.backup(dst)
        src.close()
        triggers = dst.execute(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name IN ({})".format(
                ",".join("?" * len(tables))
            ),
            tables,
        ).fetchall()
        for name, _sql in triggers:
            dst.execute(f'DROP TRIGGER "{name}"')
        for statement in sql.split(";\n"):
            dst.execute(statement, params or [])
        for _name, text in triggers:
            dst.execute(text)
        dst.commit()
        dst.close()
        code, out, err = reviewer("--db", str(copy), "verify")
        return code, out + err

    yield run_tamper


def _deciding(sealed: dict[str, Any], kind: str) -> tuple[str, dict[str, Any]]:
    return next((k, e) for k, e in sealed["evidence"].items() if e["kind"] == kind)


def _fy_milestone(sealed: dict[str, Any]) -> str:
    return next(iter(sealed["milestone"]))


def test_the_untouched_copy_verifies(tamper: Callable[..., tuple[int, str]]) -> None:
    code, out = tamper("SELECT 1", [])
    assert code == 0, out
    assert "V-" not in out


def test_a_deciding_evidence_value(tamper: Callable[..., tuple[int, str]], sealed: dict[str, Any]) -> None:
    key, record = _deciding(sealed, "benchmark_result")
    code, out = tamper("UPDATE benchmark_result SET value = 0.7 WHERE evidence_id = ?", [], [int(key)])
    assert code == 1
    assert f"V-SEAL evidence {key} value: sealed {json.dumps(record['value'])}, now 0.7" in out


def test_a_fleet_row(tamper: Callable[..., tuple[int, str]], sealed: dict[str, Any]) -> None:
    key, record = _deciding(sealed, "fleet_observation")
    code, out = tamper(
        "UPDATE evidence SET robots_active = robots_active - 1 WHERE id = ?", ["evidence"], [int(key)]
    )
    assert code == 1
    n = record["robots_active"]
    assert f"V-SEAL evidence {key} robots_active: sealed {n}, now {n - 1}" in out
    assert f"V-SEAL fleet_series {record['period']}:{record['industry']} internal" in out


def test_a_rating(tamper: Callable[..., tuple[int, str]], sealed: dict[str, Any]) -> None:
    key, item = next((k, i) for k, i in sealed["assessment_item"].items() if i["rating"] in "ABC")
    code, out = tamper(
        "UPDATE assessment_item SET rating = 'D' WHERE id = ?", ["assessment_item"], [int(key)]
    )
    assert code == 1
    assert f"V-SEAL assessment_item {key} rating: sealed {item['rating']}, now D" in out
    assert "V-TRIGGER" not in out  # recreated as it was: the seal is what finds it


def test_a_comment(tamper: Callable[..., tuple[int, str]], sealed: dict[str, Any]) -> None:
    key = next(iter(sealed["comment"]))
    code, out = tamper("UPDATE comment SET text = 'rewritten' WHERE id = ?", ["comment"], [int(key)])
    assert code == 1
    assert f"V-SEAL comment {key} text: sealed " in out and "now rewritten" in out


def test_a_milestone_title(tamper: Callable[..., tuple[int, str]], sealed: dict[str, Any]) -> None:
    code_ = _fy_milestone(sealed)
    code, out = tamper("UPDATE milestone SET title_en = 'Easy target' WHERE code = ?", ["milestone"], [code_])
    assert code == 1
    assert f"V-SEAL milestone {code_} title_en: sealed {sealed['milestone'][code_]['title_en']}" in out


def test_the_programme_name(tamper: Callable[..., tuple[int, str]], sealed: dict[str, Any]) -> None:
    code, out = tamper("UPDATE program SET name_en = 'Another programme'", ["program"])
    assert code == 1
    assert (
        "V-SEAL program PAI name_en: sealed Physical AI Foundation Model Program, now Another programme"
        in out
    )


def test_a_reviewers_name(tamper: Callable[..., tuple[int, str]], sealed: dict[str, Any]) -> None:
    rid = sorted(sealed["reviewer"])[0]
    code, out = tamper("UPDATE reviewer SET name = '別人 太郎' WHERE id = ?", ["reviewer"], [rid])
    assert code == 1
    assert f"V-SEAL reviewer {rid} name: sealed {sealed['reviewer'][rid]['name']}, now 別人 太郎" in out


def test_a_criterions_wording(tamper: Callable[..., tuple[int, str]], sealed: dict[str, Any]) -> None:
    criterion = next(iter(sealed["criterion"]))
    code, out = tamper(
        "UPDATE criterion_grade SET wording_en = 'Excellent beyond doubt'"
        " WHERE criterion = ? AND letter = 'A'",
        ["criterion_grade"],
        [criterion],
    )
    assert code == 1
    assert f"V-SEAL criterion {criterion} grades: sealed " in out and "Excellent beyond doubt" in out


def test_the_installment(tamper: Callable[..., tuple[int, str]]) -> None:
    code, out = tamper("UPDATE fiscal_year SET installment_jpy = 1 WHERE fy = 2026", ["fiscal_year"])
    assert code == 1
    assert "V-SEAL fiscal_year 2026 installment_jpy: sealed 300000000000, now 1" in out


def test_a_batch_file_name(tamper: Callable[..., tuple[int, str]], sealed: dict[str, Any]) -> None:
    key, batch = next(iter(sealed["import_batch"].items()))
    code, out = tamper("UPDATE import_batch SET file_name = 'clean.csv' WHERE id = ?", [], [int(key)])
    assert code == 1
    assert f"V-SEAL import_batch {key} file_name: sealed {batch['file_name']}, now clean.csv" in out


@pytest.mark.parametrize("when", ["after sign-off", "backdated"])
def test_an_inserted_response(
    tamper: Callable[..., tuple[int, str]], sealed: dict[str, Any], demo: Path, when: str
) -> None:
    comment = next(iter(sealed["comment"]))
    conn = sqlite3.connect(demo)
    (signed_at,) = conn.execute("SELECT signed_at FROM decision WHERE fy = ?", [FY]).fetchone()
    (next_id,) = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM response").fetchone()
    conn.close()
    at = "2099-01-01T00:00:00+00:00" if when == "after sign-off" else "2000-01-01T00:00:00+00:00"
    assert (at > signed_at) == (when == "after sign-off")
    code, out = tamper(
        "INSERT INTO response(comment_id, text, recorded_by, recorded_at) VALUES (?, 'we agree', 'x', ?)",
        ["response"],
        [int(comment), at],
    )
    assert code == 1
    assert f"V-UNAUDITED response {next_id} of FY{FY} has no audit entry" in out
    if when == "backdated":
        assert f"V-SEAL response {next_id}: sealed missing, now present" in out


def test_a_deleted_deciding_evidence_row(
    tamper: Callable[..., tuple[int, str]], sealed: dict[str, Any]
) -> None:
    key, _record = _deciding(sealed, "benchmark_result")
    code, out = tamper(
        "DELETE FROM benchmark_result WHERE evidence_id = ?;\nDELETE FROM evidence WHERE id = ?",
        ["evidence", "benchmark_result"],
        [int(key)],
    )
    assert code == 1
    assert f"V-SEAL evidence {key}: sealed present, now missing" in out


def test_an_edited_condition_status(tamper: Callable[..., tuple[int, str]], demo: Path) -> None:
    conn = sqlite3.connect(demo)
    sid, status = conn.execute("SELECT id, status FROM condition_status ORDER BY id LIMIT 1").fetchone()
    conn.close()
    other = "met" if status != "met" else "not_met"
    code, out = tamper("UPDATE condition_status SET status = ? WHERE id = 1", ["condition_status"], [other])
    assert sid == 1 and code == 1
    assert "V-UNAUDITED condition_status 1 of FY2026 has no audit entry" in out


def test_a_committee_reason(tamper: Callable[..., tuple[int, str]], sealed: dict[str, Any]) -> None:
    code_ = next(iter(sealed["committee_status"]))
    code, out = tamper(
        "UPDATE committee_status SET reason = 'no reason' WHERE milestone_id ="
        " (SELECT id FROM milestone WHERE code = ?)",
        ["committee_status"],
        [code_],
    )
    assert code == 1
    assert f"V-SEAL committee_status {code_} reason: sealed " in out and "now no reason" in out


def test_a_forged_issue_record_is_not_issued_here(demo: Path, tmp_path: Path) -> None:
    """One INSERT INTO issued_report made `verify forged.pdf` answer "issued by this database"."""
    copy = tmp_path / "copy.db"
    src, dst = sqlite3.connect(demo), sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    (decision_hash,) = dst.execute("SELECT sha256 FROM decision WHERE fy = ?", [FY]).fetchone()
    (head, count) = dst.execute("SELECT hash, id FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(
        b"%PDF-1.7\n% not ours\ntrailer\n<< /ID [(sgr1;fy=2026;lang=ja;edition=internal;decision="
        + decision_hash.encode()
        + b") (x)] >>\n%%EOF\n"
    )
    import hashlib

    dst.execute(
        "INSERT INTO issued_report(fy, lang, edition, sha256, file_name, signed, decision_sha256,"
        " chain_head, chain_count, issued_by, issued_at) VALUES (2026, 'ja', 'internal', ?,"
        " 'forged.pdf', 1, ?, ?, ?, 'someone', '2027-03-11T00:00:00+00:00')",
        [hashlib.sha256(forged.read_bytes()).hexdigest(), decision_hash, head, count],
    )
    dst.commit()
    dst.close()
    code, out, err = reviewer("--db", str(copy), "verify", str(forged))
    assert code == 1
    assert "not issued" in (out + err) and "Final" not in (out + err)
    code, out, err = reviewer("--db", str(copy), "verify")
    assert code == 1 and "V-ISSUED" in err


def test_a_signed_report_prints_the_seal_not_the_edited_tables(demo: Path, tmp_path: Path) -> None:
    """The report of a signed FY reads its sealed snapshot: the edits above change nothing it prints."""
    from reviewer.services.report_context import build_context

    copy = tmp_path / "copy.db"
    src, dst = sqlite3.connect(demo), sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.close()
    db = open_database(copy)
    before = build_context(db, FY, "en", "internal")
    db.close()
    dst = sqlite3.connect(copy)
    triggers = dst.execute("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'reviewer'")
    dst.execute("UPDATE program SET name_en = 'Another programme'")
    dst.execute("UPDATE fiscal_year SET installment_jpy = 1 WHERE fy = ?", [FY])
    dst.execute("UPDATE reviewer SET name = '別人 太郎'")
    dst.execute("UPDATE import_batch SET file_name = 'clean.csv'")
    dst.execute("UPDATE benchmark_result SET value = 0.01")
    assert triggers.fetchall() == []
    dst.commit()
    dst.close()
    db = open_database(copy)
    after = build_context(db, FY, "en", "internal")
    db.close()
    assert after == before
    assert after.funding.installment_jpy == 300_000_000_000 and after.program_name != "Another programme"


def test_a_rename_through_plan_is_audited_and_not_a_seal_difference(tmp_path: Path) -> None:
    """SPEC §7: a programme renamed through `plan` after sign-off is audited, so verify stays
    content and the signed report keeps the sealed name."""
    from reviewer.services import programs
    from reviewer.services.report_context import build_context
    from tests.reports import builders

    path = builders.build_program(tmp_path / "p")
    plan = tmp_path / "p" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("en: Report test program", "en: Renamed test program"), encoding="utf-8")
    db = open_database(path)
    try:
        changes = programs.load_plan(db, plan)
        assert changes.renamed and not changes.changed
        assert build_context(db, 2026, "en", "internal").program_name == "Report test program"
        assert build_context(db, 2027, "en", "internal").program_name == "Renamed test program"
    finally:
        db.close()
    code, out, err = reviewer("--db", str(path), "verify")
    assert code == 0, out + err
    # the audit entry explains the value it holds, not any later one written around it
    conn = sqlite3.connect(path)
    conn.execute("UPDATE program SET name_en = 'Third name', implementer = 'Someone else'")
    conn.commit()
    conn.close()
    code, out, err = reviewer("--db", str(path), "verify")
    assert code == 1
    assert "V-SEAL program RPT name_en: sealed Report test program, now Third name" in err
    assert "V-SEAL program RPT implementer: sealed Kite consortium, now Someone else" in err


def test_later_responses_are_versions_on_top_only_through_the_chain(demo: Path, tmp_path: Path) -> None:
    """A response recorded after sign-off through `respond` shows in `status` and the report (a new
    version, audited); one written into the table by raw SQL shows nowhere and verify names it."""
    from reviewer.services import committee, evaluation
    from reviewer.services.report_context import build_context

    copy = tmp_path / "copy.db"
    src, dst = sqlite3.connect(demo), sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    first, second = (int(r[0]) for r in dst.execute(
        "SELECT c.id FROM comment c JOIN assessment a ON a.id = c.assessment_id"
        " WHERE a.fy = ? AND length(c.text) > 0 AND NOT EXISTS"
        " (SELECT 1 FROM response r WHERE r.comment_id = c.id) ORDER BY c.id LIMIT 2",
        [FY],
    ).fetchall())  # fmt: skip
    dst.close()
    db = open_database(copy)
    committee.respond(db, FY, first, "対処します / we will address it")
    db.close()
    raw = sqlite3.connect(copy)
    raw.execute(
        "INSERT INTO response(comment_id, text, recorded_by, recorded_at)"
        " VALUES (?, 'planted', 'x', '2099-01-01T00:00:00+00:00')",
        [second],
    )
    raw.commit()
    raw.close()
    db = open_database(copy)
    try:
        status = {c["id"]: c["response"] for c in evaluation.fy_status_json(db, FY)["comments"]}
        assert status[first] == "対処します / we will address it" and status[second] is None
        ctx = build_context(db, FY, "en", "internal")
        kinds = ("positive", "issues", "recommendations", "overall")
        shown = [v.response for g in ctx.comments for k in kinds for v in getattr(g, k)]
        assert "対処します / we will address it" in shown and "planted" not in shown
    finally:
        db.close()
    code, _out, err = reviewer("--db", str(copy), "verify")
    assert code == 1
    assert "V-UNAUDITED response" in err and err.count("V-") == 1, err
