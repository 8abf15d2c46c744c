"""The plan in the store: schema and constraints, init, read-back, and re-loading a changed plan."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from reviewer.core.errors import InputRefused, Refused
from reviewer.core.models import BenchmarkRule
from reviewer.importers.plan import parse_plan
from reviewer.services import programs
from reviewer.store.db import open_database, write_transaction
from reviewer.store.migrations import pending
from reviewer.store.programs import read_plan
from tests.paths import EXAMPLE as EXAMPLE_DIR

DATA = Path(__file__).resolve().parent / "data" / "plans"
VALID = DATA / "valid.yaml"


def _init(tmp_path: Path, plan: Path = VALID) -> sqlite_utils.Database:
    db_path = tmp_path / "program.db"
    programs.init_database(db_path, plan)
    return open_database(db_path)


def _dump(db: sqlite_utils.Database) -> list[str]:
    return list(db.conn.iterdump())


# --------------------------------------------------------------------------- schema


def test_migrations_from_empty_are_applied(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.db", create=True)
    assert pending(db) == []
    tables = set(db.table_names())
    assert {"program", "milestone", "fiscal_year", "industry", "conflict", "audit_log", "consensus"} <= tables
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def _raw(db: sqlite_utils.Database, sql: str, params: list[object]) -> None:
    with write_transaction(db):
        db.execute(sql, params)


def test_constraints_refuse_bad_rows(tmp_path: Path) -> None:
    db = _init(tmp_path)
    with pytest.raises(sqlite3.IntegrityError):
        _raw(db, "INSERT INTO fiscal_year(fy, installment_jpy, gate_date) VALUES (2028, 1, '2029-13-01')", [])
    with pytest.raises(sqlite3.IntegrityError):
        _raw(
            db, "INSERT INTO fiscal_year(fy, installment_jpy, gate_date) VALUES (2029, -1, '2030-03-01')", []
        )
    milestone = (
        "INSERT INTO milestone(code, fy, area, criterion, weight, due, title_ja, title_en)"
        " VALUES (?, ?, 'fleet', 'outcomes', 1, '2030-03-31', 't', 't')"
    )
    with pytest.raises(sqlite3.IntegrityError):  # FY2029 has no fiscal_year row
        _raw(db, milestone, ["X1", 2029])
    with pytest.raises(sqlite3.IntegrityError):  # duplicate code
        _raw(db, milestone, ["M27-B1", 2027])
    with pytest.raises(sqlite3.IntegrityError):  # unknown organization
        _raw(
            db,
            "INSERT INTO conflict(reviewer_id, organization_code, category, declared_at)"
            " VALUES ('R01', 'x', 'other', 'now')",
            [],
        )
    with write_transaction(db):
        db.execute(
            "INSERT INTO import_batch(id, file_name, sha256, format, importer_version, options_json,"
            " imported_by, imported_at) VALUES (1, 'f.csv', ?, 'fleet-report', '1', '{}', 'me', 'now')",
            ["0" * 64],
        )
        db.execute(
            "INSERT INTO evidence(id, kind, batch_id, effective_date)"
            " VALUES (1, 'fleet_observation', 1, '2027-12-31')"
        )
    fleet = (
        "INSERT INTO fleet_observation(evidence_id, source, period, industry, operator, operator_key,"
        " robots_deployed, robots_active, operating_hours, interventions, incidents)"
        " VALUES (1, 'report', '2027-12', ?, 'A', 'a', ?, ?, 10, 0, 0)"
    )
    with pytest.raises(sqlite3.IntegrityError):  # more active than deployed
        _raw(db, fleet, ["medical", 5, 6])
    with pytest.raises(sqlite3.IntegrityError):  # industry not in the plan
        _raw(db, fleet, ["mining", 5, 5])
    _raw(db, fleet, ["medical", 5, 5])  # and a good row goes in
    assert db.execute("SELECT count(*) FROM fleet_observation").fetchone()[0] == 1


# --------------------------------------------------------------------------- init


def test_valid_plan_loads_and_reads_back_equal(tmp_path: Path) -> None:
    db = _init(tmp_path)
    assert read_plan(db) == parse_plan(VALID)
    assert db.execute("SELECT state FROM consensus ORDER BY fy").fetchall() == [("hidden",), ("hidden",)]
    assert db.execute("SELECT criteria_template FROM program").fetchone()[0] == "nedo-standard"
    entries = db.execute("SELECT entity, entity_key, action FROM audit_log ORDER BY id").fetchall()
    assert entries == [
        ("conflict", "R02:softbank", "insert"),
        ("milestone", "M27-B1", "insert"),
        ("milestone", "M27-F1", "insert"),
        ("milestone", "M26-M1", "insert"),
        ("milestone", "M26-C1", "insert"),
        ("program", "PAI", "insert"),
    ]
    rule_json = db.execute("SELECT rule_json FROM milestone WHERE code = 'M27-B1'").fetchone()[0]
    assert json.loads(rule_json)["benchmark"] == ["LIBERO-Long"]
    positions = db.execute("SELECT code FROM industry ORDER BY position").fetchall()
    assert [r[0] for r in positions] == ["food_service", "food_manufacturing", "medical"]


def test_shared_worked_example_loads(tmp_path: Path) -> None:
    db = _init(tmp_path, EXAMPLE_DIR / "plan.yaml")
    plan = read_plan(db)
    assert plan.program.code == "WEX" and [m.code for m in plan.milestones] == ["W1", "W2", "W3", "W4"]


def test_init_refuses_a_non_empty_file(tmp_path: Path) -> None:
    db_path = tmp_path / "program.db"
    db_path.write_bytes(b"something")
    with pytest.raises(Refused) as info:
        programs.init_database(db_path, VALID)
    assert info.value.code == "E-DB-NOT-EMPTY"
    assert db_path.read_bytes() == b"something"
    programs.init_database(tmp_path / "a.db", VALID)
    with pytest.raises(Refused):
        programs.init_database(tmp_path / "a.db", VALID)


def test_a_refused_plan_leaves_no_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(VALID.read_text(encoding="utf-8").replace("area: fleet", "area: fleets"), encoding="utf-8")
    db_path = tmp_path / "program.db"
    with pytest.raises(InputRefused):
        programs.init_database(db_path, bad)
    assert not db_path.exists()
    assert list(tmp_path.iterdir()) == [bad]


# --------------------------------------------------------------------------- load_plan


def _changed(tmp_path: Path, *pairs: tuple[str, str]) -> Path:
    text = VALID.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "changed.yaml"
    path.write_text(text, encoding="utf-8")
    return path


NEW_MILESTONE = """\
  - code: M27-C2
    fy: 2027
    area: consortium
    criterion: management
    weight: 1
    due: 2028-03-31
    title: {ja: 参加企業30社, en: 30 companies}
"""


def test_load_plan_adds_renames_keeps_and_changes(tmp_path: Path) -> None:
    db = _init(tmp_path)
    before = read_plan(db)
    changed = _changed(
        tmp_path,
        (
            "  - {code: medical, ja: 医療, en: Medical care}\n",
            "  - {code: medical, ja: 医療, en: Medical and hospital care}\n"
            "  - {code: retail, ja: 小売, en: Retail}\n",
        ),
        ("  - {code: fujitsu, name: 富士通, name_en: Fujitsu, role: prospective}\n", ""),
        (
            "  - {fy: 2027, installment_jpy: 387300000000, gate_date: 2028-03-09}\n",
            "  - {fy: 2027, installment_jpy: 387300000000, gate_date: 2028-03-09}\n"
            "  - {fy: 2028, installment_jpy: 110000000000, gate_date: 2029-03-08}\n",
        ),
        ("conflicts: []}", "conflicts: [{organization: softbank, category: co_researcher}]}"),
        ("target: 0.70, partial: 0.60}", "target: 0.75, partial: 0.60}"),
        (
            "title: {ja: 基盤モデル0.1公開, en: Foundation model 0.1 released}",
            "title: {ja: 基盤モデル0.1版公開, en: Foundation model 0.1 released}",
        ),
        ("  - code: M26-C1\n", NEW_MILESTONE + "  - code: M26-X1\n"),
    )
    # M26-C1 is renamed to M26-X1 in the file: the new code is added, the old one kept
    changes = programs.load_plan(db, changed, actor="secretariat")
    added = {(c.entity, c.key) for c in changes.added}
    assert added == {
        ("industry", "retail"),
        ("fiscal_year", "2028"),
        ("conflict", "R01:softbank"),
        ("milestone", "M27-C2"),
        ("milestone", "M26-X1"),
    }
    assert {(c.entity, c.key, c.fields) for c in changes.renamed} == {
        ("industry", "medical", ("names",)),
        ("milestone", "M26-M1", ("title",)),
    }
    assert {(c.entity, c.key, c.fields) for c in changes.changed} == {("milestone", "M27-B1", ("rule",))}
    assert {(c.entity, c.key) for c in changes.kept} == {("organization", "fujitsu"), ("milestone", "M26-C1")}

    after = read_plan(db)
    assert [i.code for i in after.industries] == ["food_service", "food_manufacturing", "medical", "retail"]
    assert after.industries[2].names.en == "Medical and hospital care"
    assert {o.code for o in after.organizations} == {"softbank", "fujitsu"}  # never deleted
    rule = next(m for m in after.milestones if m.code == "M27-B1").rule
    assert isinstance(rule, BenchmarkRule) and rule.target == 0.75
    assert {m.code for m in after.milestones} == {m.code for m in before.milestones} | {"M27-C2", "M26-X1"}
    assert db.execute("SELECT state FROM consensus WHERE fy = 2028").fetchone()[0] == "hidden"

    old_json, new_json, actor = db.execute(
        "SELECT old_json, new_json, actor FROM audit_log WHERE entity = 'milestone' AND entity_key = 'M27-B1'"
        " AND action = 'update'"
    ).fetchone()
    assert json.loads(json.loads(old_json)["rule_json"])["target"] == 0.7
    assert json.loads(json.loads(new_json)["rule_json"])["target"] == 0.75
    assert actor == "secretariat"
    summary = db.execute(
        "SELECT new_json FROM audit_log WHERE entity = 'program' AND action = 'update'"
    ).fetchone()[0]
    assert "milestone M26-C1" in json.loads(summary)["kept"]
    # the same file again changes nothing
    again = programs.load_plan(db, changed)
    assert again.unchanged and {(c.entity, c.key) for c in again.kept} == {
        ("organization", "fujitsu"),
        ("milestone", "M26-C1"),
    }
    assert programs.describe_changes(again, "en")[0].startswith("kept")


def _sign(db: sqlite_utils.Database, fy: int) -> None:
    """Mark `fy` signed with raw SQL: decision, snapshot, then the signature (the order the locks allow)."""
    with write_transaction(db):
        db.execute(
            "INSERT INTO decision(fy, outcome, funding_jpy, rationale, decided_by, decided_at)"
            " VALUES (?, 'continue', 1, 'ok', 'me', '2027-03-10T00:00:00Z')",
            [fy],
        )
        db.execute(
            "INSERT INTO snapshot(decision_id, fy, content_json, chain_head, chain_count, created_at)"
            " SELECT id, fy, '{}', ?, 0, 'now' FROM decision WHERE fy = ?",
            ["0" * 64, fy],
        )
        db.execute(
            "UPDATE decision SET signed_by = 'O01', signed_at = '2027-03-10T01:00:00Z' WHERE fy = ?", [fy]
        )


@pytest.mark.parametrize(
    ("old", "new", "marker"),
    [
        ("    weight: 1.5\n", "    weight: 2.5\n", "  - code: M26-M1"),
        ("requires: [LIBERO-Long, arc_challenge]}", "requires: [LIBERO-Long]}", "  - code: M26-M1"),
        ("title: {ja: コンソーシアム規約の締結,", "title: {ja: コンソーシアム規約締結,", "  - code: M26-C1"),
        ("    fy: 2027\n    area: fleet", "    fy: 2026\n    area: fleet", "  - code: M27-F1"),
        (
            "{fy: 2026, installment_jpy: 300000000000,",
            "{fy: 2026, installment_jpy: 290000000000,",
            "{fy: 2026,",
        ),
        (
            "  - code: M26-C1\n",
            NEW_MILESTONE.replace("fy: 2027", "fy: 2026") + "  - code: M26-C1\n",
            "code: M27-C2",
        ),
    ],
)
def test_a_change_touching_a_signed_fy_is_refused_and_writes_nothing(
    tmp_path: Path, old: str, new: str, marker: str
) -> None:
    db = _init(tmp_path)
    _sign(db, 2026)
    # an allowed change in the same file must not slip through either
    changed = _changed(tmp_path, (old, new), ("en: Food service}", "en: Food services}"))
    before = _dump(db)
    with pytest.raises(InputRefused) as info:
        programs.load_plan(db, changed)
    text = changed.read_text(encoding="utf-8")
    line = text.count("\n", 0, text.index(marker)) + 1
    assert ("E-PLAN-SIGNED", line) in [(p.code, p.line) for p in info.value.problems]
    assert info.value.problems[0].file == str(changed)
    assert _dump(db) == before


def test_unsigned_fy_changes_are_allowed_next_to_a_signed_one(tmp_path: Path) -> None:
    db = _init(tmp_path)
    _sign(db, 2026)
    changes = programs.load_plan(db, _changed(tmp_path, ("    weight: 2\n", "    weight: 3\n")))
    assert [(c.key, c.fields) for c in changes.changed] == [("M27-B1", ("weight",))]


def test_another_program_or_a_signed_ceiling_is_refused(tmp_path: Path) -> None:
    db = _init(tmp_path)
    with pytest.raises(InputRefused) as info:
        programs.load_plan(db, _changed(tmp_path, ("  code: PAI\n", "  code: XYZ\n")))
    assert [(p.code, p.line) for p in info.value.problems] == [("E-PLAN-PROGRAM", 3)]
    _sign(db, 2026)
    with pytest.raises(InputRefused) as info:
        programs.load_plan(
            db, _changed(tmp_path, ("ceiling_jpy: 1000000000000", "ceiling_jpy: 900000000000"))
        )
    assert [(p.code, p.line) for p in info.value.problems] == [("E-PLAN-SIGNED", 3)]


def test_a_new_industry_may_not_take_a_kept_industrys_name(tmp_path: Path) -> None:
    db = _init(tmp_path)
    path = _changed(
        tmp_path,
        ("  - {code: medical, ja: 医療, en: Medical care}\n", "  - {code: clinic, ja: 医療, en: Clinics}\n"),
    )
    with pytest.raises(InputRefused) as info:
        programs.load_plan(db, path)
    assert [p.code for p in info.value.problems] == ["E-PLAN-DUPLICATE"]
