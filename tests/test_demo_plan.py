"""The demo program's plan (SPEC §13) and the database build_demo makes."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.core.errors import Refused
from reviewer.core.models import (
    Area,
    BenchmarkRule,
    FleetMeasure,
    FleetRule,
    ModelRule,
    OfficerRole,
    OrgRole,
    ReviewerRole,
    RuleKind,
)
from reviewer.services.demo import build_demo, demo_plan, is_demo
from reviewer.store.db import open_database
from reviewer.store.programs import read_plan


def test_demo_plan_shape() -> None:
    plan = demo_plan()
    p = plan.program
    assert (p.code, p.implementer, p.ceiling_jpy, p.first_fy, p.last_fy, p.guaranteed_through_fy) == (
        "PAI",
        "Noetra consortium",
        1_000_000_000_000,
        2026,
        2030,
        2027,
    )
    assert p.baseline_models == ("openvla/openvla-7b",)
    assert {t.year: t.robots_active for t in p.trajectory}[2040] == 10_000_000
    assert [y.fy for y in plan.fiscal_years] == [2026, 2027, 2028, 2029, 2030]
    assert sum(y.installment_jpy for y in plan.fiscal_years) <= p.ceiling_jpy
    assert all(y.gate_date.month == 3 and y.gate_date.year == y.fy + 1 for y in plan.fiscal_years)
    assert len(plan.industries) == 18 and len({i.code for i in plan.industries}) == 18
    assert (
        len({i.names.ja for i in plan.industries}) == 18 and len({i.names.en for i in plan.industries}) == 18
    )
    roles = {o.code: o.role for o in plan.organizations}
    assert {c for c, r in roles.items() if r is OrgRole.MEMBER} == {
        "softbank",
        "nec",
        "sony",
        "honda",
        "aist",
        "preferred_networks",
    }
    assert {c for c, r in roles.items() if r is OrgRole.PROSPECTIVE} == {"fujitsu", "rakuten"}
    assert sum(r is OrgRole.OTHER for r in roles.values()) >= 2
    assert any(
        o.id == "O01" and o.name == "鈴木 健一" and o.role is OfficerRole.APPROVER for o in plan.officers
    )


def test_committee_of_five_with_exactly_one_recused() -> None:
    plan = demo_plan()
    assert [r.id for r in plan.reviewers] == ["R01", "R02", "R03", "R04", "R05"]
    assert [r.role for r in plan.reviewers].count(ReviewerRole.CHAIR) == 1
    assert [r.role for r in plan.reviewers].count(ReviewerRole.VICE_CHAIR) == 1
    members = {o.code for o in plan.organizations if o.role is OrgRole.MEMBER}
    recused = [r.id for r in plan.reviewers if any(c.organization in members for c in r.conflicts)]
    assert len(recused) == 1
    assert all(r.kana and r.affiliation for r in plan.reviewers)


@pytest.mark.parametrize("fy", [2026, 2027])
def test_every_area_and_rule_kind_in_fy(fy: int) -> None:
    milestones = [m for m in demo_plan().milestones if m.fy == fy]
    assert {m.area for m in milestones} == set(Area)
    assert {m.rule.kind for m in milestones if m.rule is not None} == set(RuleKind)
    assert any(m.rule is None and m.area is Area.CONSORTIUM for m in milestones)
    assert any(m.rule is None and m.area is Area.MANAGEMENT for m in milestones)


def test_rules_the_demo_relies_on() -> None:
    plan = demo_plan()
    rules = [m.rule for m in plan.milestones]
    libero = [r for r in rules if isinstance(r, BenchmarkRule) and "LIBERO-Long" in r.benchmark]
    assert any(r.metric == "success_rate" and r.partial is not None for r in libero)
    assert any(
        isinstance(r, BenchmarkRule) and "arc_challenge" in r.benchmark and r.metric == "acc" for r in rules
    )
    measures = {r.measure for r in rules if isinstance(r, FleetRule)}
    assert {
        FleetMeasure.ROBOTS_ACTIVE,
        FleetMeasure.INTERVENTIONS_PER_1000H,
        FleetMeasure.INDUSTRIES_ACTIVE,
    } <= measures
    assert any(isinstance(r, ModelRule) and r.requires for r in rules)
    # everything a rule or milestone names exists in the plan
    industries = {i.code for i in plan.industries}
    assert all(r.industry in industries for r in rules if isinstance(r, FleetRule) and r.industry)
    assert {m.criterion for m in plan.milestones} <= {c.code for c in plan.criteria}
    assert {m.fy for m in plan.milestones} <= {y.fy for y in plan.fiscal_years}
    assert len({m.code for m in plan.milestones}) == len(plan.milestones)


def test_demo_plan_is_deterministic() -> None:
    assert demo_plan() == demo_plan()


def test_build_demo_makes_a_database_that_opens(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    build_demo(path)
    db = open_database(path)
    assert read_plan(db) == demo_plan()
    assert is_demo(db)
    assert db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert db.execute("SELECT fy FROM consensus WHERE state = 'open'").fetchall() == [(2026,)]
    db.close()
    with pytest.raises(Refused) as info:
        build_demo(path)
    assert info.value.code == "E-DB-NOT-EMPTY"


def test_a_program_database_is_not_the_demo(tmp_path: Path) -> None:
    from reviewer.services.programs import init_database

    init_database(tmp_path / "p.db", Path(__file__).resolve().parent / "data" / "plans" / "valid.yaml")
    assert not is_demo(open_database(tmp_path / "p.db"))
