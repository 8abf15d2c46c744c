"""m012: a file signed before amendments carried conditions opens, migrates and verifies as it was.

An amendment signed before m012 had its own new condition rows and no carry rows; m012 writes
none, so its conditions (and the decision hash over them) read as they were signed.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3
from pathlib import Path

from reviewer.cli import run
from reviewer.core.models import ConditionStatus, Outcome
from reviewer.importers.plan import parse_plan
from reviewer.services import decisions, programs
from reviewer.store import migrations
from reviewer.store.db import open_database
from tests.officer_keys import officer_key
from tests.paths import EXAMPLE


def _old_style_amended_file(path: Path) -> None:
    """FY2026 signed with one condition (partially met), then amended with a condition of its own
    in place of it, as amendments were before m012; then m012 taken out again (table, triggers,
    record), which leaves the file as an older version wrote it."""
    db = programs.create_database(path, parse_plan(EXAMPLE / "plan.yaml"), actor="secretariat")
    try:
        given = decisions.DecisionInput(
            Outcome.CONTINUE_WITH_CONDITIONS, 40 * 10**9, "on track", (("old", dt.date(2027, 9, 30)),)
        )
        first = decisions.decide(db, 2026, given)
        decisions.sign(db, 2026, "O1", officer_key(db, "O1"))
        (old,) = decisions.conditions_of(db, first.id)
        decisions.set_condition_status(db, 2026, old.id, ConditionStatus.PARTIALLY_MET, "half")
        replaced = decisions.DecisionInput(
            Outcome.CONTINUE_WITH_CONDITIONS, 40 * 10**9, "amended", (("new", dt.date(2027, 12, 31)),)
        )
        decisions.amend(db, 2026, replaced, "reworded", drop=(old.id,))
        decisions.sign(db, 2026, "O1", officer_key(db, "O1"))
    finally:
        db.close()
    conn = sqlite3.connect(path)
    with conn:
        for action in ("insert", "update", "delete"):
            conn.execute(f"DROP TRIGGER lock_condition_carry_{action}")
        conn.execute("DROP TABLE condition_carry")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm012_condition_history'")
    conn.close()


def test_an_amendment_signed_before_m012_keeps_its_conditions_and_verifies(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_style_amended_file(path)
    db = open_database(path, migrate=False)
    assert migrations.pending(db) == ["m012_condition_history"]
    db.close()
    db = open_database(path)  # applies m012
    try:
        assert migrations.pending(db) == []
        assert db.execute("SELECT count(*) FROM condition_carry").fetchone() == (0,)
    finally:
        db.close()
    out, err = io.StringIO(), io.StringIO()
    assert run(["--lang", "en", "--db", str(path), "verify"], out, err) == 0, out.getvalue() + err.getvalue()
    out = io.StringIO()
    assert run(["--db", str(path), "conditions", "--fy", "2026", "--json"], out, err) == 0
    rows = json.loads(out.getvalue())
    assert [(r["text"], r["status"], r["dropped_by"]) for r in rows] == [("new", "open", None)]
