"""Gate decisions: money rules, decide/amend/sign/condition, snapshots and the decision seal."""

from __future__ import annotations

import datetime as dt
import json
import socket
from pathlib import Path

import pytest
import sqlite_utils

from reviewer.core.errors import Refused
from reviewer.core.models import ConditionStatus, Outcome
from reviewer.importers.plan import parse_plan
from reviewer.services import decisions, evaluation, evidence, programs
from reviewer.services.decisions import DecisionInput
from reviewer.store import audit
from reviewer.store import decision_writes as store
from reviewer.store.decisions import conditions_set_by
from tests.officer_keys import officer_key
from tests.paths import EXAMPLE as EXAMPLE_DIR
from tests.paths import SHAPES

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data" / "decisions"
EXAMPLE = EXAMPLE_DIR
B = 1_000_000_000  # ¥1 billion: the example plan's figures are whole billions


def open_program(tmp_path: Path, plan: Path) -> sqlite_utils.Database:
    return programs.create_database(tmp_path / "program.db", parse_plan(plan), actor="secretariat")


@pytest.fixture
def example(tmp_path: Path) -> sqlite_utils.Database:
    """The worked example: ceiling ¥100bn, FY2026 ¥30bn, FY2027 ¥40bn, FY2028 unplanned, O1 approver."""
    db = open_program(tmp_path, EXAMPLE / "plan.yaml")
    yield db
    db.close()


@pytest.fixture
def guaranteed(tmp_path: Path) -> sqlite_utils.Database:
    """Ceiling ¥1000; installments 2026: 100, 2027: 200, 2028: 300; guaranteed through FY2027."""
    db = open_program(tmp_path, DATA / "guaranteed.yaml")
    yield db
    db.close()


def choice(funding: int, outcome: Outcome = Outcome.CONTINUE, **kw: object) -> DecisionInput:
    return DecisionInput(outcome, funding, kw.pop("rationale", "on track"), **kw)  # type: ignore[arg-type]


def refused(code: str, call: object, *args: object, **kw: object) -> Refused:
    with pytest.raises(Refused) as info:
        call(*args, **kw)  # type: ignore[operator]
    assert info.value.code == code
    return info.value


def entries_since(
    db: sqlite_utils.Database, count: int
) -> list[tuple[str, str, str, str | None, str | None]]:
    return db.execute(
        "SELECT op_id, entity, action, old_json, new_json FROM audit_log ORDER BY id LIMIT -1 OFFSET ?",
        [count],
    ).fetchall()


# --------------------------------------------------------------------------- money


def test_ceiling_arithmetic_by_hand(example: sqlite_utils.Database) -> None:
    # FY2026: committed = installment 30 → at most 100 − 30 = 70
    assert decisions.committed_through(example, 2026) == 30 * B
    assert decisions.funding_limit(example, 2026) == 70 * B
    # FY2027 with FY2026 undecided: 30 + 40 (installment) → at most 30
    assert decisions.funding_limit(example, 2027) == 30 * B
    # an unsigned FY2026 decision of 50 changes nothing: still the installment
    decisions.decide(example, 2026, choice(50 * B))
    assert decisions.committed_through(example, 2027) == 70 * B
    decisions.sign(example, 2026, "O1", officer_key(example, "O1"))
    # signed: FY2027 counts at 50 → committed 80, at most 20
    assert decisions.committed_through(example, 2027) == 80 * B
    assert decisions.funding_limit(example, 2027) == 20 * B
    decisions.decide(example, 2027, choice(20 * B))
    err = refused("E-FUNDING-CEILING", decisions.decide, example, 2027, choice(20 * B + 1))
    assert err.params["funding"] == 20 * B + 1
    assert err.params["limit"] == 20 * B
    assert err.params["committed"] == 80 * B
    # the refused decide left the earlier draft as it was
    draft = store.draft_decision(example, 2027)
    assert draft is not None and draft.funding_jpy == 20 * B


def test_ceiling_refusal_names_both_figures_in_the_message(example: sqlite_utils.Database) -> None:
    from reviewer import messages

    err = refused("E-FUNDING-CEILING", decisions.decide, example, 2026, choice(70 * B + 1))
    text = messages.text(err.key, "en", **err.params)
    assert "¥70,000,000,001" in text and "¥70,000,000,000" in text  # grouped: a yen over is readable
    assert "70,000,000,001 円" in messages.text(err.key, "ja", **err.params)


def test_guaranteed_next_fy_refuses_stop_and_cuts_without_override(guaranteed: sqlite_utils.Database) -> None:
    # FY2026's decision sets FY2027, which is guaranteed (planned 200)
    for outcome in (Outcome.STOP, Outcome.STOP_WITH_REFUND):
        err = refused("E-GUARANTEED", decisions.decide, guaranteed, 2026, choice(200, outcome))
        assert err.key == "E-GUARANTEED-OUTCOME"
    err = refused("E-GUARANTEED", decisions.decide, guaranteed, 2026, choice(199))
    assert err.key == "E-GUARANTEED-FUNDING" and err.params["planned"] == 200
    assert store.draft_decision(guaranteed, 2026) is None
    decisions.decide(guaranteed, 2026, choice(200))  # the installment itself is fine
    row = decisions.decide(guaranteed, 2026, choice(0, Outcome.STOP, override_reason="fraud found"))
    assert (row.outcome, row.funding_jpy, row.override_reason) == ("stop", 0, "fraud found")
    # a blank override reason is no reason
    refused("E-GUARANTEED", decisions.decide, guaranteed, 2026, choice(0, override_reason="  "))


def test_after_the_guarantee_stop_is_a_plain_decision(guaranteed: sqlite_utils.Database) -> None:
    row = decisions.decide(guaranteed, 2027, choice(0, Outcome.STOP))  # sets FY2028: not guaranteed
    assert row.override_reason is None


def test_no_decision_outside_the_program(example: sqlite_utils.Database) -> None:
    for fy in (2025, 2029, 2028):  # 2028 is in the program but has no fiscal_years entry
        refused("E-NO-FY", decisions.decide, example, fy, choice(0))


def test_bad_decisions_are_refused(example: sqlite_utils.Database) -> None:
    refused("E-RATIONALE-EMPTY", decisions.decide, example, 2026, choice(1, rationale=" "))
    refused("E-FUNDING-NEGATIVE", decisions.decide, example, 2026, choice(-1))
    refused(
        "E-CONDITION-EMPTY",
        decisions.decide,
        example,
        2026,
        choice(1, conditions=(("", dt.date(2027, 1, 1)),)),
    )
    assert example.execute("SELECT count(*) FROM decision").fetchone()[0] == 0


# --------------------------------------------------------------------------- decide


def test_decide_replaces_the_draft_audited_in_one_operation(example: sqlite_utils.Database) -> None:
    first = decisions.decide(
        example, 2026, choice(10 * B, conditions=(("a", dt.date(2027, 6, 30)), ("b", dt.date(2027, 9, 30))))
    )
    _head, before = audit.head(example)
    second = decisions.decide(
        example, 2026, choice(12 * B, Outcome.ACCELERATE, conditions=(("c", dt.date(2027, 12, 31)),))
    )
    assert second.id == first.id  # the one draft, replaced in place
    assert example.execute("SELECT count(*) FROM decision").fetchone()[0] == 1
    assert [c.text for c in store.conditions_of(example, second.id)] == ["c"]
    entries = entries_since(example, before)
    assert len({e[0] for e in entries}) == 1  # one op_id
    assert sorted((e[1], e[2]) for e in entries) == [
        ("condition", "delete"),
        ("condition", "delete"),
        ("condition", "insert"),
        ("decision", "update"),
    ]
    update = next(e for e in entries if e[1] == "decision")
    assert json.loads(update[3] or "")["outcome"] == "continue"
    assert json.loads(update[4] or "")["outcome"] == "accelerate"


# --------------------------------------------------------------------------- sign


def test_sign_needs_an_approver_and_a_decision(guaranteed: sqlite_utils.Database) -> None:
    refused("E-NO-DECISION", decisions.sign, guaranteed, 2026, "O1", officer_key(guaranteed, "O1"))
    decisions.decide(guaranteed, 2026, choice(200))
    refused("E-NOT-APPROVER", decisions.sign, guaranteed, 2026, "S1", None)  # secretariat, not approver
    refused("E-NOT-APPROVER", decisions.sign, guaranteed, 2026, "nobody", None)
    assert store.signed_decision(guaranteed, 2026) is None


def test_sign_stores_snapshot_seal_and_who(example: sqlite_utils.Database) -> None:
    draft = decisions.decide(example, 2026, choice(50 * B, conditions=(("report", dt.date(2027, 9, 30)),)))
    key = officer_key(example, "O1")  # registering the certificate is an audited operation of its own
    head_before, count_before = audit.head(example)
    row = decisions.sign(example, 2026, "O1", key, actor="clerk")
    assert row.id == draft.id and row.signed_by == "O1"
    assert row.signed_host == socket.gethostname() and row.signed_os_user == audit.os_user()
    assert row.signed_at is not None
    snap = store.snapshot(example, row.id)
    assert snap is not None
    content = json.loads(snap.content_json)
    assert set(content) == {"status", "decision", "chain_head", "chain_count", "seal"}
    assert content["seal"]["version"] == 2 and content["seal"]["decision"] == {
        str(row.id): {
            "fy": 2026,
            "outcome": "continue",
            "funding_jpy": 50 * B,
            "rationale": "on track",
            "override_reason": None,
            "amends": None,
            "amend_reason": None,
            "decided_at": row.decided_at,
        }
    }
    assert (content["chain_head"], content["chain_count"]) == (head_before, count_before)
    assert (snap.chain_head, snap.chain_count) == (head_before, count_before)
    assert content["status"]["signed"] is True and content["status"]["fy"] == 2026
    cond = store.conditions_of(example, row.id)[0]
    assert content["decision"] == {
        "id": row.id,
        "fy": 2026,
        "outcome": "continue",
        "funding_jpy": 50 * B,
        "rationale": "on track",
        "override_reason": None,
        "conditions": [{"id": cond.id, "text": "report", "due": "2027-09-30"}],
        "amends": None,
    }
    assert row.sha256 == decisions.decision_hash(row, [cond], content)
    entries = entries_since(example, count_before)
    assert [(e[1], e[2]) for e in entries] == [
        ("decision", "update"),
        ("snapshot", "insert"),
        ("decision_signature", "insert"),
    ]
    assert len({e[0] for e in entries}) == 1
    # signed: decide and sign again are refused
    refused("E-FY-SIGNED", decisions.decide, example, 2026, choice(1))
    refused("E-FY-SIGNED", decisions.sign, example, 2026, "O1", officer_key(example, "O1"))


def test_sign_takes_a_verified_backup_first(example: sqlite_utils.Database, tmp_path: Path) -> None:
    decisions.decide(example, 2026, choice(1))
    key = officer_key(example, "O1")
    _head, count_before = audit.head(example)
    decisions.sign(example, 2026, "O1", key)
    files = list((tmp_path / "backups").glob("*.db"))
    assert len(files) == 1
    row = example.execute("SELECT verified, chain_count FROM backup").fetchone()
    assert tuple(row) == (1, count_before)  # the state just before the sign-off


def test_signed_status_is_unchanged_by_later_imports(example: sqlite_utils.Database) -> None:
    lm_eval = SHAPES / "lm_eval_legacy_arc.json"
    opts = evidence.ImportOptions(model="acme/robo-1", effective_date=dt.date(2027, 6, 1))
    evidence.import_file(example, lm_eval, opts)
    evidence.import_file(example, EXAMPLE / "fleet.csv", evidence.ImportOptions())
    decisions.decide(example, 2027, choice(0, Outcome.SCALE_BACK))
    decisions.sign(example, 2027, "O1", officer_key(example, "O1"))
    signed = evaluation.fy_status_json(example, 2027)
    assert signed["signed"] is True
    w1 = next(m for m in signed["milestones"] if m["code"] == "W1")
    assert w1["status"] == "not_met"
    evidence.import_file(example, DATA / "better_arc.csv", evidence.ImportOptions())
    assert evaluation.fy_status_json(example, 2027) == signed
    # negative control: evaluated afresh, the later evidence would have changed W1
    fresh = evaluation.status_json(evaluation.evaluate_fy(example, 2027))
    assert next(m for m in fresh["milestones"] if m["code"] == "W1")["status"] == "met"


# --------------------------------------------------------------------------- amend


def test_amend_goes_through_sign_and_becomes_current(example: sqlite_utils.Database) -> None:
    refused("E-NOT-SIGNED", decisions.amend, example, 2026, choice(1), "typo")
    first = decisions.decide(example, 2026, choice(50 * B, conditions=(("old", dt.date(2027, 9, 30)),)))
    decisions.sign(example, 2026, "O1", officer_key(example, "O1"))
    refused("E-AMEND-REASON-EMPTY", decisions.amend, example, 2026, choice(1), " ")
    draft = decisions.amend(
        example, 2026, choice(40 * B, conditions=(("new", dt.date(2027, 10, 31)),)), "typo"
    )
    again = decisions.amend(
        example, 2026, choice(45 * B, conditions=(("newer", dt.date(2027, 10, 31)),)), "x"
    )
    assert again.id == draft.id and again.amends == first.id and again.amend_reason == "x"
    # until the amendment is signed, the signed decision is in force
    assert [c.text for c in conditions_set_by(example, 2026)] == ["old"]
    assert decisions.committed_through(example, 2027) == 80 * B
    signed = decisions.sign(example, 2026, "O1", officer_key(example, "O1"))
    # the amendment carries the signed decision's condition forward (its id too), then its own
    assert [c.text for c in conditions_set_by(example, 2026)] == ["old", "newer"]
    assert conditions_set_by(example, 2026)[0].id == store.conditions_of(example, first.id)[0].id
    assert decisions.committed_through(example, 2027) == 75 * B
    # the amendment keeps what the first sign-off found
    first_snap = store.snapshot(example, first.id)
    new_snap = store.snapshot(example, signed.id)
    assert first_snap is not None and new_snap is not None
    assert json.loads(new_snap.content_json)["status"] == json.loads(first_snap.content_json)["status"]
    assert json.loads(new_snap.content_json)["decision"]["amends"] == first.id


# --------------------------------------------------------------------------- conditions


def test_condition_status_after_sign_off(example: sqlite_utils.Database) -> None:
    row = decisions.decide(example, 2026, choice(50 * B, conditions=(("report", dt.date(2027, 9, 30)),)))
    cid = store.conditions_of(example, row.id)[0].id
    refused("E-CONDITION-UNSIGNED", decisions.set_condition_status, example, 2026, cid, ConditionStatus.MET)
    decisions.sign(example, 2026, "O1", officer_key(example, "O1"))
    refused("E-NO-CONDITION", decisions.set_condition_status, example, 2027, cid, ConditionStatus.MET)
    refused("E-NO-CONDITION", decisions.set_condition_status, example, 2026, 999, ConditionStatus.MET)
    _head, before = audit.head(example)
    sid = decisions.set_condition_status(
        example, 2026, cid, ConditionStatus.PARTIALLY_MET, "half done", actor="clerk"
    )
    got = example.execute("SELECT status, note, set_by FROM condition_status WHERE id = ?", [sid]).fetchone()
    assert tuple(got) == ("partially_met", "half done", "clerk")
    entries = entries_since(example, before)
    assert [(e[1], e[2]) for e in entries] == [("condition_status", "insert")]
    # FY2027's status shows the condition its previous FY set, with the newest status
    shown = evaluation.fy_status_json(example, 2027)["conditions"]
    assert shown == [
        {"id": cid, "fy": 2026, "text": "report", "due": "2027-09-30", "status": "partially_met"}
    ]
    # an amendment carries the condition (still settable); one that drops it leaves it behind
    decisions.amend(example, 2026, choice(50 * B), "drop the condition", drop=(cid,))
    decisions.sign(example, 2026, "O1", officer_key(example, "O1"))
    refused("E-CONDITION-SUPERSEDED", decisions.set_condition_status, example, 2026, cid, ConditionStatus.MET)
