"""Assessments through the real import path: replacement, audit, recusal, signed FYs, baseline, committee."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from reviewer import messages
from reviewer.core.errors import InputRefused, Refused
from reviewer.core.models import Outcome, Status
from reviewer.services import assessments, committee, decisions, evaluation, evidence, programs
from reviewer.store.db import open_database
from tests.officer_keys import officer_key

DATA = Path(__file__).resolve().parents[1] / "data" / "assessments"
PLAN = DATA / "plan.yaml"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    path = tmp_path / "program.db"
    programs.init_database(path, PLAN)
    opened = open_database(path)
    yield opened
    opened.close()


def import_sheet(db: sqlite_utils.Database, path: Path) -> evidence.ImportResult:
    return evidence.import_file(db, path, evidence.ImportOptions(), actor="secretariat")


def write_csv(
    path: Path, *rows: str, header: str = "reviewer,fy,target,rating,positive,issues,recommendations"
) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def audit_count(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def last_op_entries(db: sqlite_utils.Database) -> list[tuple[str, str, str | None, str | None]]:
    """(entity, action, old, new) of every entry of the newest operation, in order."""
    op = db.execute("SELECT op_id FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    return [
        (r[0], r[1], r[2], r[3])
        for r in db.execute(
            "SELECT entity, action, old_json, new_json FROM audit_log WHERE op_id = ? ORDER BY id", [op]
        )
    ]


def items(db: sqlite_utils.Database, reviewer: str, fy: int) -> dict[str, tuple[str | None, int]]:
    return {
        r[0]: (r[1], r[2])
        for r in db.execute(
            "SELECT i.target, i.rating, i.carried_over FROM assessment_item i"
            " JOIN assessment a ON a.id = i.assessment_id WHERE a.reviewer_id = ? AND a.fy = ?",
            [reviewer, fy],
        )
    }


def comments(db: sqlite_utils.Database, reviewer: str, fy: int) -> dict[tuple[str, str], tuple[int, str]]:
    return {
        (r[1], r[2]): (r[0], r[3])
        for r in db.execute(
            "SELECT c.id, c.target, c.kind, c.text FROM comment c"
            " JOIN assessment a ON a.id = c.assessment_id WHERE a.reviewer_id = ? AND a.fy = ?",
            [reviewer, fy],
        )
    }


def sign_2026(db: sqlite_utils.Database) -> None:
    decisions.decide(db, 2026, decisions.DecisionInput(Outcome.CONTINUE, 387_300_000_000, "on track"))
    decisions.sign(db, 2026, "O01", officer_key(db, "O01"))


# --------------------------------------------------------------------------- import and replacement


def test_a_sheet_imports_ratings_judgements_and_comments_with_one_audit_entry_each(
    db: sqlite_utils.Database,
) -> None:
    before = audit_count(db)
    result = import_sheet(db, DATA / "r01_2027.csv")
    assert result.format == "assessment-sheet"
    assert items(db, "R01", 2027) == {"positioning": ("A", 0), "outcomes": ("B", 0), "M27-C1": ("met", 0)}
    texts = {key: text for key, (_id, text) in comments(db, "R01", 2027).items()}
    assert texts == {
        ("positioning", "positive"): "政策との整合が明確",
        ("outcomes", "issues"): "評価データが少ない",
        ("outcomes", "recommendations"): "第三者評価を",
        ("M27-C1", "positive"): "規約締結済み",
        ("overall", "positive"): "全体として順調",
    }
    entries = last_op_entries(db)
    assert audit_count(db) - before == len(entries) == 1 + 3 + 5
    assert [e[0] for e in entries].count("assessment_item") == 3
    assert [e[0] for e in entries].count("comment") == 5
    assert entries[-1][0] == "import_batch"  # the batch entry closes the operation


def test_a_later_sheet_replaces_every_field_of_its_targets_blanks_included(db: sqlite_utils.Database) -> None:
    import_sheet(db, DATA / "r01_2027.csv")
    ids_before = {key: cid for key, (cid, _text) in comments(db, "R01", 2027).items()}
    import_sheet(db, DATA / "r01_2027_later.csv")

    assert items(db, "R01", 2027) == {"positioning": ("A", 0), "outcomes": ("C", 0), "M27-C1": (None, 0)}
    after = comments(db, "R01", 2027)
    assert after[("outcomes", "issues")][1] == "評価データが少ない"
    assert after[("outcomes", "recommendations")][1] == ""  # blank replaces
    assert after[("M27-C1", "positive")][1] == ""
    assert after[("positioning", "positive")][1] == "政策との整合が明確"  # other targets untouched
    # comments are updated in place, so responses stay attached
    assert {key: cid for key, (cid, _text) in after.items()} == ids_before

    entries = last_op_entries(db)
    changed = [(e[0], json.loads(e[2] or "null"), json.loads(e[3] or "null")) for e in entries[:-1]]
    assert [(entity, old["target"], new["target"]) for entity, old, new in changed] == [
        ("assessment_item", "outcomes", "outcomes"),
        ("comment", "outcomes", "outcomes"),
        ("assessment_item", "M27-C1", "M27-C1"),
        ("comment", "M27-C1", "M27-C1"),
    ]
    assert changed[0][1]["rating"] == "B" and changed[0][2]["rating"] == "C"
    assert changed[1][1]["text"] == "第三者評価を" and changed[1][2]["text"] == ""
    assert changed[2][1]["rating"] == "met" and changed[2][2]["rating"] is None
    # a blank comment is not shown in status
    shown = evaluation.fy_status_json(db, 2027)["comments"]
    assert ("M27-C1", "positive") not in {(c["target"], c["kind"]) for c in shown}


def test_the_same_content_in_other_bytes_changes_nothing_but_records_its_batch(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    import_sheet(db, DATA / "r01_2027.csv")
    snapshot = (items(db, "R01", 2027), comments(db, "R01", 2027))
    # same rows, CRLF line endings and Japanese headers: other bytes, same meaning
    text = (DATA / "r01_2027.csv").read_text(encoding="utf-8").splitlines()
    text[0] = "評価者,年度,対象,評点,肯定的意見,問題点・改善点,今後への提言"
    again = tmp_path / "again.csv"
    again.write_bytes(("\r\n".join(text) + "\r\n").encode("utf-8"))
    before = audit_count(db)
    result = import_sheet(db, again)
    assert result.outcome is evidence.Outcome.IMPORTED
    assert audit_count(db) - before == 1
    assert last_op_entries(db)[0][0] == "import_batch"
    assert (items(db, "R01", 2027), comments(db, "R01", 2027)) == snapshot


def test_every_bad_row_is_reported_at_its_line_and_nothing_is_written(db: sqlite_utils.Database) -> None:
    before = audit_count(db)
    with pytest.raises(InputRefused) as caught:
        import_sheet(db, DATA / "bad_rows.csv")
    found = [(p.line, p.code) for p in caught.value.problems]
    assert found == [
        (2, "E-SHEET-REVIEWER"),
        (3, "E-SHEET-FY"),
        (4, "E-SHEET-TARGET"),
        (5, "E-SHEET-RATING"),
        (6, "E-SHEET-RATING"),
        (7, "E-SHEET-RATING"),
    ]
    assert all(p.file == "bad_rows.csv" for p in caught.value.problems)
    assert audit_count(db) == before
    assert db.execute("SELECT count(*) FROM import_batch").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM assessment_item").fetchone()[0] == 0
    for problem in caught.value.problems:
        assert messages.has(problem.code)


def test_a_recused_reviewer_is_refused_with_the_conflict_named(db: sqlite_utils.Database) -> None:
    with pytest.raises(InputRefused) as caught:
        import_sheet(db, DATA / "recused.csv")
    problems = caught.value.problems
    assert [(p.line, p.code) for p in problems] == [(2, "E-RECUSED"), (3, "E-RECUSED")]
    assert problems[0].params == {
        "reviewer": "R02",
        "organization": "softbank",
        "name": "ソフトバンク",
        "category": "same_organization",
    }
    text = messages.text("E-RECUSED", "en", **problems[0].params)
    assert "softbank" in text and "ソフトバンク" in text and "same_organization" in text
    assert db.execute("SELECT count(*) FROM comment").fetchone()[0] == 0


def test_a_conflict_with_a_non_member_organization_does_not_block(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    import_sheet(db, write_csv(tmp_path / "r03.csv", "R03,2027,outcomes,B,,,"))
    assert items(db, "R03", 2027) == {"outcomes": ("B", 0)}
    outcomes = next(c for c in evaluation.fy_status_json(db, 2027)["criteria"] if c["code"] == "outcomes")
    assert outcomes["n"] == 1 and outcomes["counts"]["B"] == 1


def test_status_json_scores_a_hand_made_set_of_sheets(db: sqlite_utils.Database) -> None:
    import_sheet(db, DATA / "three_raters.csv")
    data = evaluation.fy_status_json(db, 2027)
    outcomes = next(c for c in data["criteria"] if c["code"] == "outcomes")
    assert outcomes["mean"] == pytest.approx(2.3333333333)
    assert outcomes["n"] == 3
    assert outcomes["counts"] == {"A": 2, "B": 0, "C": 1, "D": 0}
    assert outcomes["spread"] == 2
    assert outcomes["flagged"] is True
    positioning = next(c for c in data["criteria"] if c["code"] == "positioning")
    assert positioning["mean"] is None and positioning["n"] == 0
    # the rule-less milestone takes the majority of the judgements (met, met, not_met)
    c1 = next(m for m in data["milestones"] if m["code"] == "M27-C1")
    assert c1["status"] == "met"


# --------------------------------------------------------------------------- signed FYs


def test_nothing_replaces_anything_in_a_signed_fy(db: sqlite_utils.Database, tmp_path: Path) -> None:
    import_sheet(db, write_csv(tmp_path / "y26.csv", "R01,2026,outcomes,A,good,,"))
    sign_2026(db)
    before = audit_count(db)
    later = write_csv(tmp_path / "y26b.csv", "R01,2026,outcomes,D,,,", "R01,2026,overall,,late,,")
    with pytest.raises(InputRefused) as caught:
        import_sheet(db, later)
    assert [(p.line, p.code, p.params) for p in caught.value.problems] == [(2, "E-FY-SIGNED", {"fy": 2026})]
    assert items(db, "R01", 2026) == {"outcomes": ("A", 0)}
    assert audit_count(db) == before
    with pytest.raises(Refused) as refused:
        assessments.carry_over(db, "R01", 2025, 2026)
    assert refused.value.code == "E-FY-SIGNED"


# --------------------------------------------------------------------------- baseline


def test_carried_over_ratings_count_only_once_confirmed(db: sqlite_utils.Database, tmp_path: Path) -> None:
    import_sheet(
        db,
        write_csv(
            tmp_path / "y26.csv",
            "R01,2026,outcomes,A,強い成果,,",
            "R01,2026,management,C,,,",
            "R01,2026,M26-C1,met,,,",
        ),
    )
    import_sheet(db, write_csv(tmp_path / "y27.csv", "R01,2027,management,B,,,", "R04,2027,outcomes,B,,,"))
    copied = assessments.carry_over(db, "R01", 2026, 2027, actor="secretariat")
    # outcomes rating and its comment; management was already rated this year; milestones never carry
    assert copied == 2
    assert items(db, "R01", 2027) == {"management": ("B", 0), "outcomes": ("A", 1)}
    assert comments(db, "R01", 2027)[("outcomes", "positive")][1] == "強い成果"

    def outcomes_mean() -> float:
        data = evaluation.fy_status_json(db, 2027)
        return float(next(c for c in data["criteria"] if c["code"] == "outcomes")["mean"])

    assert outcomes_mean() == 2.0  # only R04's B counts
    before = audit_count(db)
    assert assessments.confirm_item(db, "R01", 2027, "outcomes") is True
    assert outcomes_mean() == 2.5  # A (3) and B (2)
    entries = last_op_entries(db)
    assert audit_count(db) - before == 1
    assert json.loads(entries[0][2] or "{}")["carried_over"] is True
    assert json.loads(entries[0][3] or "{}")["carried_over"] is False
    assert assessments.confirm_item(db, "R01", 2027, "outcomes") is False
    with pytest.raises(Refused) as caught:
        assessments.confirm_item(db, "R01", 2027, "commercialization")
    assert caught.value.code == "E-NO-ITEM"


def test_the_desktops_save_keeps_a_carried_over_rating_it_leaves_alone(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    import_sheet(db, write_csv(tmp_path / "y26.csv", "R01,2026,outcomes,A,,,", "R01,2026,management,C,,,"))
    assert assessments.carry_over(db, "R01", 2026, 2027) == 2
    keep = {"keep_carried_over": True}
    # a comment saved beside the carried-over rating (the desktop's save): still carried over
    assessments.save_target(db, assessments.TargetValues("R01", 2027, "outcomes", "A", issues="thin"), **keep)
    assert items(db, "R01", 2027)["outcomes"] == ("A", 1)
    # another rating is the reviewer's own statement: it counts
    assessments.save_target(db, assessments.TargetValues("R01", 2027, "outcomes", "B"), **keep)
    assert items(db, "R01", 2027)["outcomes"] == ("B", 0)
    # a sheet or package row (no keep) states the whole target: it confirms even the same rating
    assessments.save_target(db, assessments.TargetValues("R01", 2027, "management", "C"))
    assert items(db, "R01", 2027)["management"] == ("C", 0)


def test_carry_over_refuses_a_recused_reviewer(db: sqlite_utils.Database) -> None:
    with pytest.raises(Refused) as caught:
        assessments.carry_over(db, "R02", 2026, 2027)
    assert caught.value.code == "E-RECUSED"
    assert caught.value.params["organization"] == "softbank"


# --------------------------------------------------------------------------- consensus, override, respond


def test_consensus_opens_once_audited_and_stays_open(db: sqlite_utils.Database) -> None:
    assert committee.consensus_state(db, 2027) == "hidden"
    before = audit_count(db)
    assert committee.open_consensus(db, 2027, actor="secretariat") is True
    assert committee.consensus_state(db, 2027) == "open"
    assert last_op_entries(db) == [("consensus", "update", '{"state":"hidden"}', '{"state":"open"}')]
    assert committee.open_consensus(db, 2027) is False
    assert audit_count(db) == before + 1
    assert committee.consensus_state(db, 2026) == "hidden"
    with pytest.raises(Refused) as caught:
        committee.open_consensus(db, 2035)
    assert caught.value.code == "E-NO-FY"


def test_override_sets_the_committee_status_with_its_reason(db: sqlite_utils.Database) -> None:
    assert committee.set_committee_status(db, "M27-B1", Status.PARTIALLY_MET, "第三者検証待ち") is True
    milestone = next(m for m in evaluation.fy_status_json(db, 2027)["milestones"] if m["code"] == "M27-B1")
    assert milestone["committee_status"] == "partially_met"
    assert milestone["status"] == "no_evidence"  # the evidence status is kept beside it
    entity, action, old, new = last_op_entries(db)[0]
    assert (entity, action, old) == ("committee_status", "insert", None)
    assert json.loads(new or "{}") == {"status": "partially_met", "reason": "第三者検証待ち"}
    before = audit_count(db)
    assert committee.set_committee_status(db, "M27-B1", Status.PARTIALLY_MET, "第三者検証待ち") is False
    assert audit_count(db) == before
    assert committee.set_committee_status(db, "M27-B1", Status.MET, "検証済み") is True
    assert last_op_entries(db)[0][1] == "update"
    with pytest.raises(Refused) as caught:
        committee.set_committee_status(db, "M99", Status.MET, "x")
    assert caught.value.code == "E-NO-MILESTONE"


def test_override_is_refused_for_a_signed_fy(db: sqlite_utils.Database) -> None:
    sign_2026(db)
    with pytest.raises(Refused) as caught:
        committee.set_committee_status(db, "M26-C1", Status.MET, "late evidence")
    assert caught.value.code == "E-FY-SIGNED"


def test_responses_attach_to_a_comment_of_that_fy_also_after_sign_off(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    import_sheet(db, write_csv(tmp_path / "y26.csv", "R01,2026,outcomes,A,,データ不足,"))
    comment_id = comments(db, "R01", 2026)[("outcomes", "issues")][0]
    sign_2026(db)
    response = committee.respond(db, 2026, comment_id, "第三者評価を追加します", actor="secretariat")
    assert response > 0
    shown = evaluation.status_json(evaluation.evaluate_fy(db, 2026))["comments"]
    assert shown == [
        {"id": comment_id, "target": "outcomes", "kind": "issues", "response": "第三者評価を追加します"}
    ]
    entity, action, _old, new = last_op_entries(db)[0]
    assert (entity, action) == ("response", "insert")
    assert json.loads(new or "{}")["comment"] == comment_id
    for fy, cid in ((2027, comment_id), (2026, comment_id + 1000)):
        with pytest.raises(Refused) as caught:
            committee.respond(db, fy, cid, "x")
        assert caught.value.code == "E-NO-COMMENT"
