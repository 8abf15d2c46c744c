"""`amend` keeps the amended decision's conditions: their ids, statuses and notes (SPEC §10,
round-2 readings), on the command line and a real SQLite file.

The scenario is issue 16's: condition 1 set partially met with a note, then `amend` and `sign`
turned it into new, open conditions. Now it stays condition 1, partially met, with its history,
and only `amend --drop-condition ID` (audited) leaves a condition behind.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli_runner import ok, reviewer
from tests.officer_keys import command_line_key
from tests.paths import EXAMPLE


@pytest.fixture
def signed(tmp_path: Path) -> tuple[str, tuple[str, ...]]:
    """FY2026 decided with two conditions and signed; condition 1 then set partially met."""
    db = str(tmp_path / "program.db")
    ok("--db", db, "init", "--plan", str(EXAMPLE / "plan.yaml"))
    key = command_line_key(reviewer, db)
    ok(
        "--db", db, "decide", "--fy", "2026", "--outcome", "continue_with_conditions",
        "--funding-jpy", "40000000000", "--rationale", "on track",
        "--condition", "Submit the safety case", "--due", "2027-09-30",
        "--condition", "Name a data steward", "--due", "2027-06-30",
    )  # fmt: skip
    ok("--db", db, "sign", "--fy", "2026", "--by", "O1", *key)
    ok(
        "--db", db, "condition", "--fy", "2026", "--id", "1", "--status", "partially_met",
        "--note", "draft received",
    )  # fmt: skip
    return db, key


def amend(db: str, *extra: str) -> tuple[int, str, str]:
    return reviewer(
        "--lang", "en", "--db", db, "amend", "--fy", "2026", "--outcome", "continue_with_conditions",
        "--funding-jpy", "35000000000", "--rationale", "smaller budget", "--reason", "budget cut", *extra,
    )  # fmt: skip


def listed(db: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads(ok("--db", db, "conditions", "--fy", "2026", "--json"))
    return rows


def test_amend_then_sign_keeps_condition_ids_statuses_and_notes(signed: tuple[str, tuple[str, ...]]) -> None:
    db, key = signed
    # the carried conditions count for continue_with_conditions: no --condition is needed
    code, out, err = amend(db)
    assert code == 0, err
    assert "amendment 2" in out
    assert "Conditions carried forward with their ids: 2; dropped: 0; added: 0." in out
    code, out, err = reviewer("--lang", "en", "--db", db, "sign", "--fy", "2026", "--by", "O1", *key)
    assert code == 0, err
    assert "decision 2" in out  # `sign` signed the amendment
    rows = listed(db)
    assert [(r["id"], r["status"], r["note"]) for r in rows] == [
        (1, "partially_met", "draft received"),
        (2, "open", ""),
    ]
    assert [len(r["history"]) for r in rows] == [1, 0]  # type: ignore[arg-type]
    assert rows[0]["decision"] == 1  # set by the first decision, carried by the amendment
    # status (FY2027 judges FY2026's conditions) names the same ids, statuses and notes
    status = json.loads(ok("--db", db, "status", "--fy", "2027", "--json"))
    assert [(c["id"], c["status"]) for c in status["conditions"]] == [(1, "partially_met"), (2, "open")]
    # a status set after the amendment lands on the same condition, its history across both
    ok("--db", db, "condition", "--fy", "2026", "--id", "1", "--status", "met", "--note", "final received")
    rows = listed(db)
    assert [(h["status"], h["note"]) for h in rows[0]["history"]] == [  # type: ignore[union-attr]
        ("partially_met", "draft received"),
        ("met", "final received"),
    ]
    assert len(rows) == 2 and [r["id"] for r in rows] == [1, 2]  # each condition once
    code, out, err = reviewer("--lang", "en", "--db", db, "verify")
    assert code == 0, out + err


def test_a_new_condition_joins_the_carried_ones(signed: tuple[str, tuple[str, ...]]) -> None:
    db, key = signed
    code, _out, err = amend(db, "--condition", "Report monthly", "--due", "2027-12-31")
    assert code == 0, err
    ok("--db", db, "sign", "--fy", "2026", "--by", "O1", *key)
    rows = listed(db)
    assert [(r["id"], r["text"], r["status"]) for r in rows] == [
        (1, "Submit the safety case", "partially_met"),
        (2, "Name a data steward", "open"),
        (3, "Report monthly", "open"),
    ]


def test_drop_condition_is_the_only_way_to_leave_one_behind(signed: tuple[str, tuple[str, ...]]) -> None:
    db, key = signed
    code, _out, err = amend(db, "--drop-condition", "2")
    assert code == 0, err
    ok("--db", db, "sign", "--fy", "2026", "--by", "O1", *key)
    rows = listed(db)
    in_force = [r for r in rows if r["dropped_by"] is None]
    assert [(r["id"], r["status"]) for r in in_force] == [(1, "partially_met")]
    assert [(r["id"], r["dropped_by"]) for r in rows if r["dropped_by"] is not None] == [(2, 2)]
    status = json.loads(ok("--db", db, "status", "--fy", "2027", "--json"))
    assert [c["id"] for c in status["conditions"]] == [1]
    text = ok("--lang", "en", "--db", db, "conditions", "--fy", "2026")
    assert "dropped by amendment 2" in text
    # the drop is audited, and a dropped condition takes no status
    with sqlite3.connect(db) as conn:
        entries = conn.execute(
            "SELECT new_json FROM audit_log WHERE entity = 'condition_carry' AND action = 'insert'"
        ).fetchall()
    dropped = [json.loads(e[0]) for e in entries if json.loads(e[0])["dropped"]]
    assert dropped == [{"decision_id": 2, "condition_id": 2, "position": None, "dropped": 1}]
    code, _out, err = reviewer(
        "--lang", "en", "--db", db, "condition", "--fy", "2026", "--id", "2", "--status", "met"
    )
    assert code == 1 and err.startswith("E-CONDITION-SUPERSEDED"), err
    assert reviewer("--db", db, "verify")[0] == 0


def test_dropping_every_condition_leaves_continue_with_conditions_refused(
    signed: tuple[str, tuple[str, ...]],
) -> None:
    db, _key = signed
    code, _out, err = amend(db, "--drop-condition", "1", "--drop-condition", "2")
    assert code == 1 and err.startswith("E-OUTCOME-CONDITIONS"), err
    code, _out, err = amend(db, "--drop-condition", "7")
    assert code == 1 and err.startswith("E-DROP-CONDITION"), err
    assert "7" in err
    # nothing was written by the refusals
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM decision").fetchone() == (1,)


def test_redrafting_an_amendment_replaces_its_carry_rows(signed: tuple[str, tuple[str, ...]]) -> None:
    db, key = signed
    assert amend(db, "--drop-condition", "2")[0] == 0
    assert amend(db)[0] == 0  # the second draft carries both again
    ok("--db", db, "sign", "--fy", "2026", "--by", "O1", *key)
    assert [(r["id"], r["dropped_by"]) for r in listed(db)] == [(1, None), (2, None)]
    assert reviewer("--db", db, "verify")[0] == 0


def test_locks_refuse_changes_to_a_signed_amendments_conditions(signed: tuple[str, tuple[str, ...]]) -> None:
    db, key = signed
    assert amend(db, "--condition", "Report monthly", "--due", "2027-12-31")[0] == 0
    ok("--db", db, "sign", "--fy", "2026", "--by", "O1", *key)
    attempts = (
        "UPDATE condition SET text = 'nothing' WHERE id = 1",
        "UPDATE condition SET text = 'nothing' WHERE id = 3",
        "DELETE FROM condition_carry WHERE condition_id = 1",
        "UPDATE condition_carry SET dropped = 1, position = NULL WHERE condition_id = 2",
        "INSERT INTO condition_carry (decision_id, condition_id, position, dropped) VALUES (2, 3, 9, 0)",
    )
    for sql in attempts:
        with (
            sqlite3.connect(db) as conn,
            pytest.raises(sqlite3.IntegrityError, match="of signed FY is locked"),
        ):
            conn.execute(sql)
    assert [r["text"] for r in listed(db)] == [
        "Submit the safety case",
        "Name a data steward",
        "Report monthly",
    ]


def test_retyping_a_carried_condition_is_refused_not_duplicated(signed: tuple[str, tuple[str, ...]]) -> None:
    """Issue 16's user typed the conditions again and got two new, open copies: now that says why."""
    db, key = signed
    code, _out, err = amend(db, "--condition", " Submit the safety case", "--due", "2027-12-31")
    assert code == 1 and err.startswith("E-CONDITION-CARRIED"), err
    assert "condition 1" in err and "--drop-condition 1" in err
    # replacing it is possible, and says so: drop the carried one, set the new one
    code, _out, err = amend(
        db, "--drop-condition", "1", "--condition", "Submit the safety case", "--due", "2027-12-31"
    )
    assert code == 0, err
    ok("--db", db, "sign", "--fy", "2026", "--by", "O1", *key)
    rows = listed(db)
    assert [(r["id"], r["due"], r["dropped_by"]) for r in rows] == [
        (2, "2027-06-30", None),
        (3, "2027-12-31", None),
        (1, "2027-09-30", 2),
    ]


def test_amending_last_fy_after_this_fy_is_signed_leaves_this_fys_seal_whole(
    signed: tuple[str, tuple[str, ...]],
) -> None:
    """FY2027's seal holds FY2026's decision and conditions as they stood at FY2027's sign-off:
    a later amendment of FY2026 is not a difference `verify` should name (it did: V-SEAL
    previous 2026 decision_id, sealed 1, now 3)."""
    db, key = signed
    ok(
        "--db", db, "decide", "--fy", "2027", "--outcome", "continue", "--funding-jpy", "10000000000",
        "--rationale", "on track",
    )  # fmt: skip
    ok("--db", db, "sign", "--fy", "2027", "--by", "O1", *key)
    assert amend(db)[0] == 0
    ok("--db", db, "sign", "--fy", "2026", "--by", "O1", *key)
    code, out, err = reviewer("--lang", "en", "--db", db, "verify")
    assert code == 0, out + err


def test_last_fy_signed_after_this_fy_stays_a_draft_in_this_fys_seal(tmp_path: Path) -> None:
    """FY2027 signed while FY2026's decision was a draft: FY2027's seal says so, and FY2026's
    later sign-off is not a difference `verify` should name."""
    db = str(tmp_path / "program.db")
    ok("--db", db, "init", "--plan", str(EXAMPLE / "plan.yaml"))
    key = command_line_key(reviewer, db)
    ok(
        "--db", db, "decide", "--fy", "2026", "--outcome", "continue_with_conditions",
        "--funding-jpy", "40000000000", "--rationale", "on track",
        "--condition", "Submit the safety case", "--due", "2027-09-30",
    )  # fmt: skip
    ok(
        "--db", db, "decide", "--fy", "2027", "--outcome", "continue", "--funding-jpy", "10000000000",
        "--rationale", "on track",
    )  # fmt: skip
    ok("--db", db, "sign", "--fy", "2027", "--by", "O1", *key)
    ok("--db", db, "sign", "--fy", "2026", "--by", "O1", *key)
    code, out, err = reviewer("--lang", "en", "--db", db, "verify")
    assert code == 0, out + err
