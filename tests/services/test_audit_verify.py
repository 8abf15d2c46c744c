"""R6: `verify` finds tampering with the audit chain, seals, triggers and anchors; a state machine
shows each mutation writes exactly its audit entries and the chain always verifies."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from reviewer.core.errors import Refused
from reviewer.core.models import ConditionStatus, Outcome
from reviewer.importers.plan import parse_plan
from reviewer.services import assessments, committee, decisions, programs
from reviewer.services.audit_check import verify_database
from reviewer.services.decisions import DecisionInput
from reviewer.store import audit
from reviewer.store import decision_writes as store
from reviewer.store.db import open_database
from tests.officer_keys import officer_key
from tests.paths import EXAMPLE as EXAMPLE_DIR

HERE = Path(__file__).resolve().parent
EXAMPLE = EXAMPLE_DIR
PLAN = parse_plan(EXAMPLE / "plan.yaml")


def build(path: Path) -> None:
    """A program with assessments, a signed FY2026 (amended), conditions, a status and anchors."""
    db = programs.create_database(path, PLAN, actor="secretariat")
    assessments.save_target(db, assessments.TargetValues("R1", 2027, "outcomes", "B", issues="slow"))
    first = DecisionInput(
        Outcome.CONTINUE_WITH_CONDITIONS, 50 * 10**9, "ok", (("report", dt.date(2027, 9, 30)),)
    )
    decisions.decide(db, 2026, first)
    decisions.sign(db, 2026, "O1", officer_key(db, "O1"))
    decisions.amend(
        db, 2026, DecisionInput(Outcome.CONTINUE, 45 * 10**9, "ok", (("r2", dt.date(2027, 9, 30)),)), "fix"
    )
    decisions.sign(db, 2026, "O1", officer_key(db, "O1"))
    cid = store.conditions_of(db, store.signed_decision(db, 2026).id)[0].id  # type: ignore[union-attr]
    decisions.set_condition_status(db, 2026, cid, ConditionStatus.MET, "done")
    head, count = audit.head(db)
    with db.conn:  # the anchor a verified backup records (the backup service writes it the same way)
        db.execute(
            "INSERT INTO backup (file_name, created_at, verified, chain_head, chain_count)"
            " VALUES (?, ?, 1, ?, ?)",
            ["b.db", audit.now_utc(), head, count],
        )
    db.close()


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("verify") / "original.db"
    build(path)
    return path


@pytest.fixture
def tamper(original: Path, tmp_path: Path) -> Iterator[Callable[[str], list[tuple[str, dict[str, object]]]]]:
    """Apply raw SQL to a copy (append-only triggers dropped first, restored after): verify's findings."""

    def run(sql: str) -> list[tuple[str, dict[str, object]]]:
        copy = tmp_path / "copy.db"
        src = sqlite3.connect(original)
        dst = sqlite3.connect(copy)
        src.backup(dst)  # the backup API: a WAL database is not copied by copying its file
        src.close()
        dst.executescript(
            "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
            " PRAGMA foreign_keys = OFF; " + sql
        )
        expected = store.expected_triggers()  # put the append-only triggers back as they were
        dst.executescript(f"{expected['audit_log_no_update']}; {expected['audit_log_no_delete']};")
        dst.close()
        db = open_database(copy)
        findings = [(f.code, f.params) for f in verify_database(db).findings]
        db.close()
        return findings

    yield run


def test_the_untouched_original_verifies(original: Path) -> None:
    db = open_database(original)
    result = verify_database(db)
    assert result.ok, result.findings
    assert result.entries == audit.head(db)[1] > 10
    db.close()


def test_an_edited_entry_is_named(tamper: Callable[[str], list[tuple[str, dict[str, object]]]]) -> None:
    findings = tamper('UPDATE audit_log SET new_json = \'{"rating":"A"}\' WHERE id = 6')
    assert findings[0] == ("V-CHAIN-HASH", {"id": 6})


def test_a_deleted_entry_is_named(tamper: Callable[[str], list[tuple[str, dict[str, object]]]]) -> None:
    findings = tamper("DELETE FROM audit_log WHERE id = 4")
    assert findings[0] == ("V-CHAIN-LINK", {"id": 5})


def test_swapped_entries_are_named(tamper: Callable[[str], list[tuple[str, dict[str, object]]]]) -> None:
    findings = tamper(
        "UPDATE audit_log SET id = -1 WHERE id = 7; UPDATE audit_log SET id = 7 WHERE id = 9;"
        " UPDATE audit_log SET id = 9 WHERE id = -1;"
    )
    assert findings[0] == ("V-CHAIN-LINK", {"id": 7})


def test_truncation_before_the_last_anchor_is_found(
    tamper: Callable[[str], list[tuple[str, dict[str, object]]]],
) -> None:
    findings = tamper("DELETE FROM audit_log WHERE id > (SELECT max(id) - 2 FROM audit_log)")
    codes = {f[0] for f in findings}
    # the chain itself is a valid prefix; the anchor finds it (and the condition status whose
    # audit entry went with the tail is named as unaudited)
    assert "V-ANCHOR" in codes and codes <= {"V-ANCHOR", "V-UNAUDITED"}
    assert {f[1]["source"] for f in findings if f[0] == "V-ANCHOR"} == {"backup"}
    # before the first snapshot's anchor too
    findings = tamper("DELETE FROM audit_log WHERE id > 3")
    assert {f[1]["source"] for f in findings if f[0] == "V-ANCHOR"} == {"snapshot", "backup"}


def test_a_dropped_lock_trigger_is_named(
    tamper: Callable[[str], list[tuple[str, dict[str, object]]]],
) -> None:
    findings = tamper("DROP TRIGGER lock_decision_update;")
    assert findings == [("V-TRIGGER-MISSING", {"name": "lock_decision_update"})]


def test_a_weakened_lock_trigger_is_named(
    tamper: Callable[[str], list[tuple[str, dict[str, object]]]],
) -> None:
    findings = tamper(
        "DROP TRIGGER lock_comment_update; CREATE TRIGGER lock_comment_update BEFORE UPDATE ON comment"
        " WHEN 0 BEGIN SELECT RAISE(ABORT, 'comment of signed FY is locked: no update'); END;"
    )
    assert ("V-TRIGGER-CHANGED", {"name": "lock_comment_update"}) in findings


def test_an_edited_signed_decision_breaks_its_seal(
    tamper: Callable[[str], list[tuple[str, dict[str, object]]]],
) -> None:
    findings = tamper(
        "DROP TRIGGER lock_decision_update; UPDATE decision SET funding_jpy = 70000000000 WHERE id = 1;"
    )
    assert ("V-DECISION-HASH", {"id": 1, "fy": 2026}) in findings
    findings = tamper(
        "DROP TRIGGER lock_condition_update; UPDATE condition SET text = 'softer' WHERE id = 2;"
    )
    assert ("V-DECISION-HASH", {"id": 2, "fy": 2026}) in findings


def test_a_copy_with_nothing_changed_verifies(
    tamper: Callable[[str], list[tuple[str, dict[str, object]]]],
) -> None:
    """Control for the tamper fixture: a copy it did nothing to verifies."""
    assert tamper("") == []


# --------------------------------------------------------------------------- the state machine


class AuditedMutations(RuleBasedStateMachine):
    """decide / amend / sign / condition / respond / rate in any order: each writes §7's entries."""

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(__import__("tempfile").mkdtemp())
        self.db = programs.create_database(self.dir / "p.db", PLAN, actor="secretariat")
        assessments.save_target(self.db, assessments.TargetValues("R1", 2027, "outcomes", "B", issues="slow"))
        self.comment = int(self.db.execute("SELECT id FROM comment").fetchone()[0])

    def teardown(self) -> None:
        self.db.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _count(self) -> int:
        return audit.head(self.db)[1]

    def _expect(self, before: int, entities: list[tuple[str, str]]) -> None:
        rows = self.db.execute(
            "SELECT op_id, entity, action FROM audit_log ORDER BY id LIMIT -1 OFFSET ?", [before]
        ).fetchall()
        assert sorted((r[1], r[2]) for r in rows) == sorted(entities)
        assert len({r[0] for r in rows}) <= 1  # one op_id per transaction

    @rule(
        fy=st.sampled_from([2026, 2027]),
        outcome=st.sampled_from(list(Outcome)),
        funding=st.integers(0, 80).map(lambda b: b * 10**9),
        conditions=st.integers(0, 2),
        amend=st.booleans(),
    )
    def decide(self, fy: int, outcome: Outcome, funding: int, conditions: int, amend: bool) -> None:
        given = DecisionInput(
            outcome, funding, "why", tuple((f"c{i}", dt.date(2028, 1, 31)) for i in range(conditions))
        )
        before = self._count()
        draft = store.draft_decision(self.db, fy)
        # a draft's own conditions are deleted with it; the rows it carried (m012) go too
        old = (
            []
            if draft is None
            else [c for c in store.conditions_of(self.db, draft.id) if c.decision_id == draft.id]
        )
        old_carried = [] if draft is None else store.carry_rows(self.db, draft.id)
        signed = store.signed_decision(self.db, fy)
        carried = 0 if signed is None else len(store.conditions_of(self.db, signed.id))
        try:
            if amend:
                decisions.amend(self.db, fy, given, "because")
            else:
                decisions.decide(self.db, fy, given)
        except Refused:
            self._expect(before, [])
            return
        expected = [("decision", "insert" if draft is None else "update")]
        expected += [("condition", "delete")] * len(old) + [("condition", "insert")] * conditions
        expected += [("condition_carry", "delete")] * len(old_carried)
        expected += [("condition_carry", "insert")] * (carried if amend else 0)
        self._expect(before, expected)

    @rule(fy=st.sampled_from([2026, 2027]))
    def sign(self, fy: int) -> None:
        key = officer_key(self.db, "O1")  # registered once, in an operation of its own
        before = self._count()
        try:
            decisions.sign(self.db, fy, "O1", key)
        except Refused:
            self._expect(before, [])
            return
        self._expect(
            before, [("decision", "update"), ("snapshot", "insert"), ("decision_signature", "insert")]
        )

    @precondition(lambda self: store.signed_decision(self.db, 2026) is not None)
    @rule(status=st.sampled_from(list(ConditionStatus)), pick=st.integers(0, 5))
    def condition(self, status: ConditionStatus, pick: int) -> None:
        signed = store.signed_decision(self.db, 2026)
        assert signed is not None
        conds = store.conditions_of(self.db, signed.id)
        if not conds:
            return
        before = self._count()
        decisions.set_condition_status(self.db, 2026, conds[pick % len(conds)].id, status)
        self._expect(before, [("condition_status", "insert")])

    @rule(text=st.sampled_from(["we will", "done", "対処します"]))
    def respond(self, text: str) -> None:
        before = self._count()
        committee.respond(self.db, 2027, self.comment, text)
        self._expect(before, [("response", "insert")])

    @rule(rating=st.sampled_from(["A", "B", "C", "D"]))
    def rate(self, rating: str) -> None:
        before = self._count()
        try:
            assessments.save_target(self.db, assessments.TargetValues("R1", 2027, "management", rating))
        except Exception:  # a signed FY2027 refuses, writing nothing
            self._expect(before, [])
            return
        rows = self.db.execute(
            "SELECT entity FROM audit_log ORDER BY id LIMIT -1 OFFSET ?", [before]
        ).fetchall()
        assert all(r[0] != "decision" for r in rows)

    @invariant()
    def chain_verifies(self) -> None:
        result = verify_database(self.db)
        assert result.ok, result.findings


AuditedMutations.TestCase.settings = settings(
    max_examples=25, stateful_step_count=10, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestAuditedMutations = AuditedMutations.TestCase
