"""Evaluating an FY: milestone statuses, criteria scores, weighted achievement, status JSON."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from reviewer.core import consensus, rules
from reviewer.core.errors import Refused
from reviewer.core.models import (
    BenchmarkRule,
    Evidence,
    FleetRule,
    Grade,
    Judgement,
    Milestone,
    ModelRule,
    Plan,
    Status,
)
from reviewer.store import assessments, decisions, package_io, seal_checks
from reviewer.store import evidence as evidence_store
from reviewer.store import programs as programs_store


@dataclass(frozen=True)
class MilestoneStatus:
    milestone: Milestone
    evaluation: rules.Evaluation
    committee_status: Status | None
    committee_reason: str | None

    @property
    def counted(self) -> Status:
        return rules.counted_status(self.evaluation.status, self.committee_status)


@dataclass(frozen=True)
class CriterionStatus:
    code: str
    score: consensus.CriterionScore


@dataclass(frozen=True)
class FyStatus:
    """Everything `status`, the screens and the report show about one FY, freshly computed."""

    fy: int
    program: str
    signed: bool
    milestones: tuple[MilestoneStatus, ...]
    criteria: tuple[CriterionStatus, ...]
    weighted_achievement: float | None
    conditions: tuple[decisions.ConditionRow, ...]
    comments: tuple[assessments.CommentRow, ...]


def evaluate_fy(db: sqlite_utils.Database, fy: int, plan: Plan | None = None) -> FyStatus:
    """Compute an FY's statuses from the evidence and assessments now in the database.

    Raises Refused E-NO-FY for an FY the plan does not have.
    """
    plan = plan or programs_store.read_plan(db)
    if fy not in {f.fy for f in plan.fiscal_years} and not any(m.fy == fy for m in plan.milestones):
        raise Refused("E-NO-FY", fy=fy)
    milestones = [m for m in plan.milestones if m.fy == fy]
    industry_codes = [i.code for i in plan.industries]
    results = evidence_store.benchmark_results(db)
    releases = evidence_store.model_releases(db)
    fleet_by_period: dict[str, list[Evidence]] = {}
    ratings = assessments.counted_ratings(db, fy)
    judgements: dict[str, list[Judgement]] = defaultdict(list)
    grades: dict[str, list[Grade]] = defaultdict(list)
    criterion_codes = [c.code for c in plan.criteria]
    for r in ratings:
        if r.rating in ("met", "partially_met", "not_met"):
            judgements[r.target].append(Judgement(r.rating))
        elif r.target in criterion_codes:
            grades[r.target].append(Grade(r.rating))
    committee = decisions.committee_statuses(db)
    # a reviewer package holds one reviewer's judgements: its rule-less milestones take the
    # programme's majority as recorded at export (empty in a program database)
    recorded = package_io.programme_judged(db)
    statuses = []
    for m in milestones:
        rule = m.rule
        evidence: list[Evidence]
        if isinstance(rule, BenchmarkRule):
            evidence = results
        elif isinstance(rule, ModelRule):
            evidence = releases + results
        elif isinstance(rule, FleetRule):
            if rule.period not in fleet_by_period:
                fleet_by_period[rule.period] = evidence_store.current_fleet_rows(db, rule.period)
            evidence = fleet_by_period[rule.period]
        else:
            evidence = []
        judged = judgements.get(m.code, [])
        if rule is None and m.code in recorded:
            judged = [] if recorded[m.code] == "no_evidence" else [Judgement(recorded[m.code])]
        evaluation = rules.evaluate_milestone(
            m, evidence, plan.program.baseline_models, industry_codes, judged
        )
        c = committee.get(m.code)
        statuses.append(MilestoneStatus(m, evaluation, Status(c[0]) if c else None, c[1] if c else None))
    criteria = tuple(
        CriterionStatus(code, consensus.criterion_scores(grades.get(code, []))) for code in criterion_codes
    )
    achievement = rules.weighted_achievement((s.milestone.weight, s.counted) for s in statuses)
    return FyStatus(
        fy=fy,
        program=plan.program.code,
        signed=False,
        milestones=tuple(statuses),
        criteria=criteria,
        weighted_achievement=achievement,
        conditions=tuple(decisions.conditions_set_by(db, fy - 1)),
        comments=tuple(assessments.comments(db, fy)),
    )


def status_json(status: FyStatus) -> dict[str, Any]:
    """The `status --json` shape of SPEC §10."""
    return {
        "fy": status.fy,
        "program": status.program,
        "signed": status.signed,
        "weighted_achievement": status.weighted_achievement,
        "milestones": [
            {
                "code": s.milestone.code,
                "rule": None if s.milestone.rule is None else s.milestone.rule.kind.value,
                "status": s.evaluation.status.value,
                "committee_status": None if s.committee_status is None else s.committee_status.value,
                "value": s.evaluation.value,
                "target": s.evaluation.target,
                "self_reported": s.evaluation.self_reported,
                "evidence": list(s.evaluation.evidence_ids),
                "weight": s.milestone.weight,
                "warnings": [w.code for w in s.evaluation.warnings],
            }
            for s in status.milestones
        ],
        "criteria": [
            {
                "code": c.code,
                "mean": c.score.mean,
                "n": c.score.n,
                "counts": {g.value: c.score.counts.get(g, 0) for g in Grade},
                "spread": c.score.spread,
                "flagged": c.score.flagged,
            }
            for c in status.criteria
        ],
        "conditions": [
            {"id": c.id, "fy": c.fy, "text": c.text, "due": c.due, "status": c.status}
            for c in status.conditions
        ],
        "comments": [
            {"id": c.id, "target": c.target, "kind": c.kind, "response": c.response} for c in status.comments
        ],
    }


def fy_status_json(db: sqlite_utils.Database, fy: int) -> dict[str, Any]:
    """`status --json` for an FY: a signed FY's sealed status, with the responses and condition
    statuses audited since laid on top (SPEC §7), else computed now."""
    frozen = decisions.signed_snapshot(db, fy)
    if frozen is not None:
        data: dict[str, Any] = json.loads(frozen[0])["status"]
        comments = {c["id"]: c for c in data.get("comments", [])}
        conditions = {c["id"]: c for c in data.get("conditions", [])}
        for entity, _key, new in seal_checks.later_versions(db, frozen[1]):
            if entity == "response" and new.get("comment") in comments:
                comments[new["comment"]]["response"] = new.get("text")
            elif entity == "condition_status" and new.get("condition_id") in conditions:
                conditions[new["condition_id"]]["status"] = new.get("status")
        return data
    return status_json(evaluate_fy(db, fy))
