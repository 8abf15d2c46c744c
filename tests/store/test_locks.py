"""R13: a signed FY's rows are refused by the database itself (lock triggers), by services and raw SQL."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from reviewer.core.errors import InputRefused, Refused
from reviewer.core.models import ConditionStatus, Outcome, Status
from reviewer.importers.plan import parse_plan
from reviewer.services import assessments, committee, decisions, programs
from reviewer.services.decisions import DecisionInput
from reviewer.store import decision_writes as store
from tests.officer_keys import officer_key
from tests.paths import EXAMPLE as EXAMPLE_DIR

HERE = Path(__file__).resolve().parent
EXAMPLE = EXAMPLE_DIR
NOW = "2028-03-20T00:00:00+00:00"


@pytest.fixture
def signed(tmp_path: Path) -> Iterator[Path]:
    """The worked example with an FY2027 assessment, committee status and a signed FY2027 decision.

    FY2026 stays unsigned, so every lock can be seen to spare it.
    """
    path = tmp_path / "program.db"
    db = programs.create_database(path, parse_plan(EXAMPLE / "plan.yaml"), actor="secretariat")
    for fy in (2026, 2027):
        assessments.save_target(db, assessments.TargetValues("R1", fy, "outcomes", "B", positive="good work"))
    committee.set_committee_status(db, "W1", Status.MET, "seen in the meeting")
    choice = DecisionInput(Outcome.CONTINUE, 0, "fine", (("report", dt.date(2028, 9, 30)),))
    decisions.decide(db, 2027, choice)
    decisions.sign(db, 2027, "O1", officer_key(db, "O1"))
    db.execute(
        "INSERT INTO reviewer (id, name, kana, affiliation, role) VALUES ('R2', 'x', 'x', 'x', 'member')"
    )
    db.conn.commit()
    db.close()
    yield path


def raw(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def ids(conn: sqlite3.Connection) -> dict[str, int]:
    q = {
        "assessment": "SELECT id FROM assessment WHERE fy = 2027",
        "item": "SELECT i.id FROM assessment_item i JOIN assessment a ON a.id = i.assessment_id"
        " WHERE a.fy = 2027",
        "comment": "SELECT c.id FROM comment c JOIN assessment a ON a.id = c.assessment_id WHERE a.fy = 2027",
        "decision": "SELECT id FROM decision WHERE fy = 2027",
        "condition": "SELECT c.id FROM condition c JOIN decision d ON d.id = c.decision_id WHERE d.fy = 2027",
        "w1": "SELECT id FROM milestone WHERE code = 'W1'",
        "w2": "SELECT id FROM milestone WHERE code = 'W2'",
    }
    return {k: int(conn.execute(v).fetchone()[0]) for k, v in q.items()}


# Per locked table: an UPDATE to values every CHECK and foreign key accepts, a DELETE and an INSERT.
CASES: list[tuple[str, str, str]] = [
    ("assessment", "update", "UPDATE assessment SET fy = 2026, reviewer_id = 'R2' WHERE id = {assessment}"),
    ("assessment", "delete", "DELETE FROM assessment WHERE id = {assessment}"),
    ("assessment", "insert", "INSERT INTO assessment (reviewer_id, fy) VALUES ('R2', 2027)"),
    ("assessment_item", "update", "UPDATE assessment_item SET rating = 'A' WHERE id = {item}"),
    ("assessment_item", "delete", "DELETE FROM assessment_item WHERE id = {item}"),
    (
        "assessment_item",
        "insert",
        "INSERT INTO assessment_item (assessment_id, target, rating, updated_by, updated_at)"
        " VALUES ({assessment}, 'management', 'A', 'x', '" + NOW + "')",
    ),
    ("comment", "update", "UPDATE comment SET text = 'rewritten' WHERE id = {comment}"),
    ("comment", "delete", "DELETE FROM comment WHERE id = {comment}"),
    (
        "comment",
        "insert",
        "INSERT INTO comment (assessment_id, target, kind, text)"
        " VALUES ({assessment}, 'management', 'issues', 'x')",
    ),
    ("decision", "update", "UPDATE decision SET funding_jpy = 1, rationale = 'better' WHERE id = {decision}"),
    ("decision", "delete", "DELETE FROM decision WHERE id = {decision}"),
    (
        "decision",
        "insert",
        "INSERT INTO decision (fy, outcome, funding_jpy, rationale, decided_by, decided_at)"
        " VALUES (2027, 'continue', 0, 'again', 'x', '" + NOW + "')",
    ),
    (
        "condition",
        "update",
        "UPDATE condition SET text = 'softer', due = '2029-01-31' WHERE id = {condition}",
    ),
    ("condition", "delete", "DELETE FROM condition WHERE id = {condition}"),
    (
        "condition",
        "insert",
        "INSERT INTO condition (decision_id, position, text, due)"
        " VALUES ({decision}, 7, 'new', '2028-12-31')",
    ),
    ("snapshot", "update", "UPDATE snapshot SET content_json = '{{}}' WHERE decision_id = {decision}"),
    ("snapshot", "delete", "DELETE FROM snapshot WHERE decision_id = {decision}"),
    (
        "snapshot",
        "insert",
        "INSERT INTO snapshot (decision_id, fy, content_json, chain_head, chain_count, created_at)"
        " VALUES ({decision}, 2027, '{{}}', '" + "0" * 64 + "', 0, '" + NOW + "')",
    ),
    ("milestone", "update", "UPDATE milestone SET weight = 2, title_en = 'x' WHERE id = {w1}"),
    ("milestone", "delete", "DELETE FROM milestone WHERE id = {w2}"),
    (
        "milestone",
        "insert",
        "INSERT INTO milestone (code, fy, area, criterion, weight, due, title_ja, title_en)"
        " VALUES ('W9', 2027, 'management', 'management', 1, '2028-03-31', 'x', 'x')",
    ),
    (
        "committee_status",
        "update",
        "UPDATE committee_status SET status = 'not_met' WHERE milestone_id = {w1}",
    ),
    ("committee_status", "delete", "DELETE FROM committee_status WHERE milestone_id = {w1}"),
    (
        "committee_status",
        "insert",
        "INSERT INTO committee_status (milestone_id, status, reason, set_by, set_at)"
        " VALUES ({w2}, 'met', 'r', 'x', '" + NOW + "')",
    ),
]


def expected_message(table: str, action: str) -> str:
    if table == "decision" and action == "insert":
        return "decision of signed FY is locked: no insert except an unsigned amendment"
    if table == "snapshot" and action == "insert":
        return "snapshot of signed FY is locked: no insert except for the decision being signed"
    return f"{table} of signed FY is locked: no {action}"


@pytest.mark.parametrize(("table", "action", "sql"), CASES, ids=[f"{t}-{a}" for t, a, _ in CASES])
def test_raw_sql_is_refused_by_the_lock_trigger(signed: Path, table: str, action: str, sql: str) -> None:
    conn = raw(signed)
    statement = sql.format(**ids(conn))
    before = conn.execute(f"SELECT count(*), total(rowid) FROM {table}").fetchone()
    with pytest.raises(sqlite3.IntegrityError) as info:
        conn.execute(statement)
    # the trigger's own message: the lock, not a CHECK or a foreign key
    assert str(info.value) == expected_message(table, action)
    assert conn.execute(f"SELECT count(*), total(rowid) FROM {table}").fetchone() == before
    conn.close()


def test_the_cases_would_pass_without_the_locks(signed: Path) -> None:
    """Negative control: with the locks dropped, every case's statement is accepted."""
    conn = raw(signed)
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'lock_%'"
    ):
        conn.execute(f"DROP TRIGGER {name}")
    done = []
    for table, action, sql in CASES:
        conn.execute("BEGIN")
        if action == "delete":  # a parent row's children would be checked at commit, which never comes
            conn.execute("PRAGMA defer_foreign_keys = ON")
        if (table, action) == ("snapshot", "insert"):  # the replacement of a snapshot: the old one goes first
            conn.execute("DELETE FROM snapshot")
        cursor = conn.execute(sql.format(**ids(conn)))
        assert cursor.rowcount == 1, (table, action)
        conn.execute("ROLLBACK")
        done.append((table, action))
    assert len(done) == len(CASES) == 24
    conn.close()


def test_unsigned_fy_stays_writable(signed: Path) -> None:
    conn = raw(signed)
    a2026 = conn.execute("SELECT id FROM assessment WHERE fy = 2026").fetchone()[0]
    conn.execute("UPDATE assessment_item SET rating = 'A' WHERE assessment_id = ?", [a2026])
    conn.execute("UPDATE comment SET text = 'fine' WHERE assessment_id = ?", [a2026])
    conn.execute(
        "INSERT INTO decision (fy, outcome, funding_jpy, rationale, decided_by, decided_at)"
        " VALUES (2026, 'continue', 0, 'draft', 'x', ?)",
        [NOW],
    )
    conn.close()


def test_responses_and_condition_statuses_stay_writable(signed: Path) -> None:
    db = sqlite_utils.Database(raw(signed))
    comment_id = ids(db.conn)["comment"]
    committee.respond(db, 2027, comment_id, "we will")
    cid = ids(db.conn)["condition"]
    decisions.set_condition_status(db, 2027, cid, ConditionStatus.MET)
    assert db.execute("SELECT count(*) FROM response").fetchone()[0] == 1
    db.close()


def test_services_refuse_clearly(signed: Path) -> None:
    db = sqlite_utils.Database(raw(signed))
    item = assessments.TargetValues("R1", 2027, "outcomes", "A")
    with pytest.raises(InputRefused) as refusal:
        assessments.save_target(db, item)
    assert refusal.value.problems[0].code == "E-FY-SIGNED"
    with pytest.raises(Refused) as info:
        committee.set_committee_status(db, "W1", Status.NOT_MET, "changed our minds")
    assert info.value.code == "E-FY-SIGNED"
    choice = DecisionInput(Outcome.STOP, 0, "stop", (("x", dt.date(2028, 9, 30)),))
    for call in (
        lambda: decisions.decide(db, 2027, choice),
        lambda: decisions.sign(db, 2027, "O1", officer_key(db, "O1")),
    ):
        with pytest.raises(Refused) as info:
            call()
        assert info.value.code == "E-FY-SIGNED"
    w1 = "code: W1, fy: 2027, area: benchmark, criterion: outcomes, weight: "
    changed = (EXAMPLE / "plan.yaml").read_text("utf-8").replace(w1 + "1", w1 + "3")
    assert "weight: 3" in changed
    plan = signed.parent / "changed.yaml"
    plan.write_text(changed, "utf-8")
    with pytest.raises(InputRefused):
        programs.load_plan(db, plan)
    assert db.execute("SELECT weight FROM milestone WHERE code = 'W1'").fetchone()[0] == 1.0
    db.close()


def test_signing_needs_its_snapshot(signed: Path) -> None:
    conn = raw(signed)
    conn.execute(
        "INSERT INTO decision (fy, outcome, funding_jpy, rationale, decided_by, decided_at)"
        " VALUES (2026, 'continue', 0, 'draft', 'x', ?)",
        [NOW],
    )
    with pytest.raises(sqlite3.IntegrityError, match="signed only with its snapshot"):
        conn.execute("UPDATE decision SET signed_by = 'O1', signed_at = ? WHERE fy = 2026", [NOW])
    conn.close()


def test_locks_work_with_trusted_schema_off(signed: Path) -> None:
    conn = raw(signed)
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute(
        "UPDATE comment SET text = 'ok' WHERE assessment_id = (SELECT id FROM assessment WHERE fy = 2026)"
    )
    with pytest.raises(sqlite3.IntegrityError, match="comment of signed FY is locked"):
        conn.execute("UPDATE comment SET text = 'no' WHERE id = ?", [ids(conn)["comment"]])
    conn.close()


def test_every_expected_trigger_is_installed(signed: Path) -> None:
    db = sqlite_utils.Database(raw(signed))
    expected = store.expected_triggers()
    locks = {n for n in expected if n.startswith("lock_")}
    # m002's 25 signed-FY locks, m006's 5 (certificates append-only, signatures written once),
    # m012's 3 (an amendment's carried and dropped conditions) and m013's 3 (a signed FY's disclosures)
    assert len(locks) == 36 and {"audit_log_no_update", "audit_log_no_delete"} <= set(expected)
    assert set(expected) <= set(store.triggers_in_schema(db))
    db.close()
