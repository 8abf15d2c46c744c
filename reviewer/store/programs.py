"""All SQL for the plan: writing a whole plan, reading it back, and the row-level updates of a re-load."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import sqlite_utils

from reviewer.core.criteria import template_name
from reviewer.core.models import (
    Area,
    BenchmarkRule,
    Conflict,
    ConflictCategory,
    Criterion,
    FiscalYear,
    FleetMeasure,
    FleetRule,
    Grade,
    GradeWording,
    Industry,
    Milestone,
    ModelRule,
    Names,
    Officer,
    OfficerRole,
    Op,
    Organization,
    OrgRole,
    Plan,
    Program,
    Reviewer,
    ReviewerRole,
    Rule,
    RuleKind,
    TrajectoryPoint,
)
from reviewer.store import audit, model_names
from reviewer.store.audit import Operation, canonical_json

PLAN_SOURCE_KEY = "plan_source"
# The demo program marks itself (SPEC §13): its reports say the figures are fictional.
DEMO_META_KEY = "demo"
DEMO_META_VALUE = "fictional"


# --------------------------------------------------------------------------- row shapes


def rule_dict(rule: Rule) -> dict[str, Any]:
    """The rule's fields as plain JSON values (its canonical form in `milestone.rule_json`)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(rule):
        value = getattr(rule, f.name)
        out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


def rule_from_json(kind: str, text: str) -> Rule:
    """The rule stored as `rule_kind` and `rule_json`."""
    d = json.loads(text)
    if kind == RuleKind.BENCHMARK:
        return BenchmarkRule(
            benchmark=tuple(d["benchmark"]),
            op=Op(d["op"]),
            target=float(d["target"]),
            metric=d.get("metric"),
            filter=d.get("filter"),
            model=d.get("model"),
            partial=None if d.get("partial") is None else float(d["partial"]),
        )
    if kind == RuleKind.FLEET:
        return FleetRule(
            measure=FleetMeasure(d["measure"]),
            period=d["period"],
            op=Op(d["op"]),
            target=float(d["target"]),
            industry=d.get("industry"),
            min_robots=int(d.get("min_robots", 1)),
            partial=None if d.get("partial") is None else float(d["partial"]),
        )
    return ModelRule(model=d["model"], requires=tuple(d.get("requires", ())))


def milestone_row(m: Milestone) -> dict[str, Any]:
    """The `milestone` row of `m` (without its id); also the audit entry's value."""
    return {
        "code": m.code,
        "fy": m.fy,
        "area": m.area.value,
        "criterion": m.criterion,
        "weight": m.weight,
        "due": m.due.isoformat(),
        "title_ja": m.title.ja,
        "title_en": m.title.en,
        "rule_kind": None if m.rule is None else m.rule.kind.value,
        "rule_json": None if m.rule is None else canonical_json(rule_dict(m.rule)),
    }


def program_row(p: Program, criteria_template: str) -> dict[str, Any]:
    return {
        "id": 1,
        "code": p.code,
        "name_ja": p.names.ja,
        "name_en": p.names.en,
        "implementer": p.implementer,
        "ceiling_jpy": p.ceiling_jpy,
        "first_fy": p.first_fy,
        "last_fy": p.last_fy,
        "guaranteed_through_fy": p.guaranteed_through_fy,
        "criteria_template": criteria_template,
    }


def fiscal_year_row(y: FiscalYear) -> dict[str, Any]:
    return {"fy": y.fy, "installment_jpy": y.installment_jpy, "gate_date": y.gate_date.isoformat()}


def industry_row(i: Industry, position: int) -> dict[str, Any]:
    return {"code": i.code, "position": position, "name_ja": i.names.ja, "name_en": i.names.en}


def organization_row(o: Organization) -> dict[str, Any]:
    return {"code": o.code, "name": o.name, "name_en": o.name_en, "role": o.role.value}


def reviewer_row(r: Reviewer) -> dict[str, Any]:
    return {"id": r.id, "name": r.name, "kana": r.kana, "affiliation": r.affiliation, "role": r.role.value}


def officer_row(o: Officer) -> dict[str, Any]:
    return {"id": o.id, "name": o.name, "role": o.role.value}


def conflict_row(c: Conflict, declared_at: str) -> dict[str, Any]:
    return {
        "reviewer_id": c.reviewer_id,
        "organization_code": c.organization,
        "category": c.category.value,
        "declared_at": declared_at,
    }


def _names_json(items: tuple[Names, ...]) -> str:
    return canonical_json([{"ja": n.ja, "en": n.en} for n in items])


# --------------------------------------------------------------------------- inserts


def _insert(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> int:
    cols = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cursor = db.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))
    return int(cursor.lastrowid or 0)


def insert_criterion(db: sqlite_utils.Database, c: Criterion, position: int) -> None:
    row = {
        "code": c.code,
        "position": position,
        "name_ja": c.names.ja,
        "name_en": c.names.en,
        "questions_json": _names_json(c.questions),
        "sub_items_json": _names_json(c.sub_items),
    }
    _insert(db, "criterion", row)
    for g in c.grades:
        _insert(
            db,
            "criterion_grade",
            {
                "criterion": c.code,
                "letter": g.letter.value,
                "points": g.points,
                "wording_ja": g.ja,
                "wording_en": g.en,
            },
        )


def insert_fiscal_year(db: sqlite_utils.Database, y: FiscalYear) -> None:
    """The FY and its consensus state, `hidden` until the secretariat opens it."""
    _insert(db, "fiscal_year", fiscal_year_row(y))
    _insert(db, "consensus", {"fy": y.fy, "state": "hidden"})


def insert_industry(db: sqlite_utils.Database, i: Industry, position: int) -> None:
    _insert(db, "industry", industry_row(i, position))


def insert_organization(db: sqlite_utils.Database, o: Organization) -> None:
    _insert(db, "organization", organization_row(o))


def insert_officer(db: sqlite_utils.Database, o: Officer) -> None:
    _insert(db, "officer", officer_row(o))


def insert_reviewer(db: sqlite_utils.Database, r: Reviewer) -> None:
    _insert(db, "reviewer", reviewer_row(r))


def insert_conflict(db: sqlite_utils.Database, op: Operation, c: Conflict) -> None:
    """A conflict declaration, audited."""
    row = conflict_row(c, op.at)
    _insert(db, "conflict", row)
    audit.append(db, op, "conflict", f"{c.reviewer_id}:{c.organization}", "insert", None, row)


def insert_milestone(db: sqlite_utils.Database, op: Operation, m: Milestone) -> None:
    """A milestone, audited."""
    row = milestone_row(m)
    _insert(db, "milestone", row)
    audit.append(db, op, "milestone", m.code, "insert", None, row)


def insert_baseline_model(db: sqlite_utils.Database, name: str) -> None:
    _insert(db, "baseline_model", {"name": name})


def insert_trajectory_point(db: sqlite_utils.Database, t: TrajectoryPoint) -> None:
    _insert(db, "trajectory_point", {"year": t.year, "robots_active": t.robots_active})


def set_meta(db: sqlite_utils.Database, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = ?",
        [key, value, value],
    )


def read_meta(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return None if row is None else str(row[0])


def write_plan(db: sqlite_utils.Database, plan: Plan, op: Operation) -> None:
    """Insert a whole plan into a database that holds no program yet (inside the caller's transaction).

    Audits each milestone and conflict declaration, and the plan load as one `program` entry.
    """
    _insert(db, "program", program_row(plan.program, template_name(plan.criteria)))
    set_meta(db, PLAN_SOURCE_KEY, plan.source)
    for name in plan.program.baseline_models:
        insert_baseline_model(db, name)
    for model in plan.models:
        model_names.insert_model(db, model)
        audit.append(
            db, op, "model", model.id, "insert", None, {"id": model.id, "aliases": list(model.aliases)}
        )
    for point in plan.program.trajectory:
        insert_trajectory_point(db, point)
    for officer in plan.officers:
        insert_officer(db, officer)
    for year in plan.fiscal_years:
        insert_fiscal_year(db, year)
    for position, criterion in enumerate(plan.criteria):
        insert_criterion(db, criterion, position)
    for position, industry in enumerate(plan.industries):
        insert_industry(db, industry, position)
    for org in plan.organizations:
        insert_organization(db, org)
    for reviewer in plan.reviewers:
        insert_reviewer(db, reviewer)
    for reviewer in plan.reviewers:
        for conflict in reviewer.conflicts:
            insert_conflict(db, op, conflict)
    for milestone in plan.milestones:
        insert_milestone(db, op, milestone)
    summary = program_row(plan.program, template_name(plan.criteria))
    summary["source"] = plan.source
    audit.append(db, op, "program", plan.program.code, "insert", None, summary)


# --------------------------------------------------------------------------- updates


def update_row(
    db: sqlite_utils.Database, table: str, key: dict[str, Any], values: dict[str, Any]
) -> dict[str, Any]:
    """Set `values` on the one row of `table` matching `key`; returns the old values of those columns."""
    where = " AND ".join(f"{k} = ?" for k in key)
    cols = ", ".join(values)
    old = db.execute(f"SELECT {cols} FROM {table} WHERE {where}", list(key.values())).fetchone()
    if old is None:
        raise LookupError(f"no {table} row {key}")
    sets = ", ".join(f"{k} = ?" for k in values)
    db.execute(f"UPDATE {table} SET {sets} WHERE {where}", [*values.values(), *key.values()])
    return dict(zip(values, old, strict=True))


def update_criterion(db: sqlite_utils.Database, c: Criterion) -> None:
    """New names, questions, sub-items and grade wording/points of an existing criterion."""
    update_row(
        db,
        "criterion",
        {"code": c.code},
        {
            "name_ja": c.names.ja,
            "name_en": c.names.en,
            "questions_json": _names_json(c.questions),
            "sub_items_json": _names_json(c.sub_items),
        },
    )
    for g in c.grades:
        update_row(
            db,
            "criterion_grade",
            {"criterion": c.code, "letter": g.letter.value},
            {"points": g.points, "wording_ja": g.ja, "wording_en": g.en},
        )


def next_industry_position(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT coalesce(max(position), -1) + 1 FROM industry").fetchone()[0])


def next_criterion_position(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT coalesce(max(position), -1) + 1 FROM criterion").fetchone()[0])


def signed_fys(db: sqlite_utils.Database) -> set[int]:
    """FYs with a signed decision (immutable from then on)."""
    rows = db.execute("SELECT DISTINCT fy FROM decision WHERE signed_at IS NOT NULL").fetchall()
    return {int(r[0]) for r in rows}


def has_program(db: sqlite_utils.Database) -> bool:
    return bool(db.execute("SELECT count(*) FROM program").fetchone()[0])


# --------------------------------------------------------------------------- reading back


def _names_list(text: str) -> tuple[Names, ...]:
    return tuple(Names(n["ja"], n["en"]) for n in json.loads(text))


def read_plan(db: sqlite_utils.Database) -> Plan:
    """The plan as stored, in file order (industries by position, others by insertion).

    Raises LookupError when the database holds no program.
    """
    row = db.execute(
        "SELECT code, name_ja, name_en, implementer, ceiling_jpy, first_fy, last_fy, guaranteed_through_fy"
        " FROM program WHERE id = 1"
    ).fetchone()
    if row is None:
        raise LookupError("no program")
    baselines = tuple(r[0] for r in db.execute("SELECT name FROM baseline_model ORDER BY rowid"))
    trajectory = tuple(
        TrajectoryPoint(int(r[0]), int(r[1]))
        for r in db.execute("SELECT year, robots_active FROM trajectory_point ORDER BY year")
    )
    program = Program(
        code=row[0],
        names=Names(row[1], row[2]),
        implementer=row[3],
        ceiling_jpy=int(row[4]),
        first_fy=int(row[5]),
        last_fy=int(row[6]),
        guaranteed_through_fy=int(row[7]),
        baseline_models=baselines,
        trajectory=trajectory,
    )
    grades: dict[str, list[GradeWording]] = {}
    for r in db.execute(
        "SELECT criterion, letter, points, wording_ja, wording_en FROM criterion_grade ORDER BY letter"
    ):
        grades.setdefault(r[0], []).append(GradeWording(Grade(r[1]), int(r[2]), r[3], r[4]))
    criteria = tuple(
        Criterion(r[0], Names(r[1], r[2]), tuple(grades.get(r[0], ())), _names_list(r[3]), _names_list(r[4]))
        for r in db.execute(
            "SELECT code, name_ja, name_en, questions_json, sub_items_json FROM criterion ORDER BY position"
        )
    )
    officers = tuple(
        Officer(r[0], r[1], OfficerRole(r[2]))
        for r in db.execute("SELECT id, name, role FROM officer ORDER BY rowid")
    )
    fiscal_years = tuple(
        FiscalYear(int(r[0]), int(r[1]), dt.date.fromisoformat(r[2]))
        for r in db.execute("SELECT fy, installment_jpy, gate_date FROM fiscal_year ORDER BY fy")
    )
    industries = tuple(
        Industry(r[0], Names(r[1], r[2]))
        for r in db.execute("SELECT code, name_ja, name_en FROM industry ORDER BY position")
    )
    organizations = tuple(
        Organization(r[0], r[1], r[2], OrgRole(r[3]))
        for r in db.execute("SELECT code, name, name_en, role FROM organization ORDER BY rowid")
    )
    conflicts: dict[str, list[Conflict]] = {}
    for r in db.execute("SELECT reviewer_id, organization_code, category FROM conflict ORDER BY rowid"):
        conflicts.setdefault(r[0], []).append(Conflict(r[0], r[1], ConflictCategory(r[2])))
    reviewers = tuple(
        Reviewer(r[0], r[1], r[2], r[3], ReviewerRole(r[4]), tuple(conflicts.get(r[0], ())))
        for r in db.execute("SELECT id, name, kana, affiliation, role FROM reviewer ORDER BY rowid")
    )
    milestones = tuple(
        Milestone(
            code=r[0],
            fy=int(r[1]),
            area=Area(r[2]),
            criterion=r[3],
            weight=float(r[4]),
            due=dt.date.fromisoformat(r[5]),
            title=Names(r[6], r[7]),
            rule=None if r[8] is None else rule_from_json(r[8], r[9]),
        )
        for r in db.execute(
            "SELECT code, fy, area, criterion, weight, due, title_ja, title_en, rule_kind, rule_json"
            " FROM milestone ORDER BY id"
        )
    )
    return Plan(
        program=program,
        criteria=criteria,
        officers=officers,
        fiscal_years=fiscal_years,
        industries=industries,
        organizations=organizations,
        reviewers=reviewers,
        milestones=milestones,
        source=read_meta(db, PLAN_SOURCE_KEY) or "",
        models=model_names.declared_models(db),
    )


def is_demo(db: sqlite_utils.Database) -> bool:
    """True when the database is the fictional demo program."""
    return read_meta(db, DEMO_META_KEY) == DEMO_META_VALUE
