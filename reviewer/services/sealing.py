"""The seal of a signed FY (SPEC §7): what sign-off seals, what a report of an FY reads, and the
versions added on top after sign-off (responses, condition statuses), each from its audit entry.

The pure parts (canonical JSON, the decision hash, comparing two seals) are in reviewer.core.seal.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from typing import Any

import sqlite_utils

from reviewer.core.models import (
    Area,
    Criterion,
    FiscalYear,
    Grade,
    GradeWording,
    Industry,
    Milestone,
    Names,
    Plan,
    Program,
    TrajectoryPoint,
)
from reviewer.core.seal import build_seal, has_seal
from reviewer.services import evaluation
from reviewer.store import decision_writes, seal_checks, snapshots
from reviewer.store import decisions as decisions_store
from reviewer.store.programs import is_demo, rule_from_json


def _previous(db: sqlite_utils.Database, fy: int, cutoff: str) -> tuple[dict[str, Any], int | None]:
    """The "previous" section (last FY's outcome, achievement and criteria means) and its decision
    id, as of `cutoff`: an amendment of last FY signed after this FY's sign-off is not in it."""
    first = db.execute("SELECT first_fy FROM program WHERE id = 1").fetchone()
    prev = fy - 1
    if first is None or prev < int(first[0]):
        return {}, None
    from reviewer.store import report_queries as rq  # the report's queries: not on the start-up path

    decision = rq.decision_as_of(db, prev, cutoff)
    status = evaluation.fy_status_json(db, prev)
    record = {
        "decision_id": None if decision is None else decision.id,
        "outcome": None if decision is None else decision.outcome,
        "signed": decision is not None and decision.signed_at is not None,
        "weighted_achievement": status.get("weighted_achievement"),
        "criteria": {c["code"]: c["mean"] for c in status["criteria"]},
    }
    if _achievement_withheld(db, prev, status):  # held only when true: older seals lack it
        record["achievement_withheld"] = True
    return {str(prev): record}, None if decision is None else decision.id


def _achievement_withheld(db: sqlite_utils.Database, fy: int, status: dict[str, Any]) -> bool:
    """Whether FY `fy`'s public edition withholds its weighted achievement: a milestone's deciding
    evidence is confidential and not disclosed in that FY (so a later FY's report withholds it too)."""
    from reviewer.store import disclosures  # not on the start-up path

    ids = deciding_ids(status)
    confidential = disclosures.confidential_ids(db, ids)
    return bool(confidential - disclosures.disclosed_ids(db, fy, confidential))


def deciding_ids(status: dict[str, Any]) -> set[int]:
    return {int(i) for m in status["milestones"] for i in m.get("evidence", [])}


def _amended(db: sqlite_utils.Database, decision_id: int | None) -> dict[str, Any] | None:
    """What an amendment amends, as its report names it (number, outcome, signing time); None
    for a decision that amends nothing."""
    row = None if decision_id is None else decision_writes.decision(db, decision_id)
    amended = None if row is None or row.amends is None else decision_writes.decision(db, row.amends)
    if amended is None:
        return None
    return {"id": amended.id, "outcome": amended.outcome, "signed_at": amended.signed_at}


def live_seal(
    db: sqlite_utils.Database,
    fy: int,
    cutoff: str,
    status: dict[str, Any],
    decision_id: int | None,
    *,
    amendment: bool = True,
) -> dict[str, Any]:
    """The seal as the live tables give it now, read with `cutoff` (a signing time, or NO_CUTOFF).

    An amendment's seal (`amendment` True, the default; False re-derives a seal made before
    amendments recorded these) names the decision it amends in meta.report.amends, and reads
    the evidence as of the FY's first sign-off (meta.report.evidence_as_of): its status is the
    first sign-off's, and so are its charts and appendix (SPEC §8).
    """
    from reviewer.store import seal_sources  # the report's queries: not on the start-up path

    previous, previous_id = _previous(db, fy, cutoff)
    amends = _amended(db, decision_id) if amendment else None
    evidence_cutoff = cutoff
    if amends is not None:
        first = snapshots.signing_times(db).get(fy)
        evidence_cutoff = min(cutoff, first) if first is not None else cutoff
    sections = seal_sources.read_sections(
        db,
        fy,
        cutoff,
        decision_id=decision_id,
        previous_decision_id=previous_id,
        deciding=deciding_ids(status),
        fictional=is_demo(db),
        evidence_cutoff=evidence_cutoff,
    )
    sections["previous"] = previous
    if amends is not None:
        sections["meta"]["report"] |= {"amends": amends, "evidence_as_of": evidence_cutoff}
    return build_seal(sections)


def after_signoff_records(db: sqlite_utils.Database, fy: int) -> int | None:
    """How many evidence records were added after FY `fy`'s first sign-off (none of them is in
    its seal, its charts or its appendix: screens and `status` say so, a signed report does not);
    None for an unsigned FY."""
    first = snapshots.signing_times(db).get(fy)
    return None if first is None else snapshots.evidence_added_after(db, first)


def amended_in(seal: dict[str, Any]) -> dict[str, Any] | None:
    """The decision a sealed amendment names (id, outcome, signed_at), if it names one."""
    found: dict[str, Any] | None = seal["meta"]["report"].get("amends")
    return found


@dataclass(frozen=True)
class Sealed:
    """What a report, screen or `status` of an FY reads.

    A signed FY: its snapshot's status and seal (`sealed` True), with the responses and
    condition statuses audited after sign-off laid on top. An unsigned FY: computed now.
    A signature from before the full seal (a version-1 snapshot) keeps its sealed status and
    reads the rest from the live tables as of its signing time (`sealed` False).
    """

    status: dict[str, Any]
    seal: dict[str, Any]
    signed: bool
    sealed: bool
    chain_head: str | None
    chain_count: int | None


def sealed_fy(db: sqlite_utils.Database, fy: int) -> Sealed:
    """What an FY's report and screens read (see Sealed)."""
    from reviewer.store import report_queries as rq  # the report's queries: not on the start-up path

    row = rq.decision(db, fy)
    snap = rq.snapshot(db, row.id) if row is not None and row.signed_at is not None else None
    if row is None or row.signed_at is None or snap is None:
        status = evaluation.status_json(evaluation.evaluate_fy(db, fy))
        seal = live_seal(db, fy, rq.NO_CUTOFF, status, None if row is None else row.id)
        return Sealed(status, seal, False, False, None, None)
    content = json.loads(snap.content_json)
    status = content["status"]
    if has_seal(content):
        seal = versions_on_top(db, content["seal"], row.signed_at)
        return Sealed(status, seal, True, True, snap.chain_head, snap.chain_count)
    seal = live_seal(db, fy, row.signed_at, status, row.id)
    return Sealed(
        status, versions_on_top(db, seal, row.signed_at), True, False, snap.chain_head, snap.chain_count
    )


def versions_on_top(db: sqlite_utils.Database, seal: dict[str, Any], signed_at: str) -> dict[str, Any]:
    """The seal with the responses and condition statuses audited after sign-off applied.

    They are read from the audit log (chained), never from their tables, so a row written
    there by raw SQL changes nothing a report prints (and `verify` names it).
    """
    out = dict(seal)
    own = set(seal["decision"])  # the FY's own conditions print as signed; last year's, as now
    responses = dict(seal["response"])
    conditions = {k: dict(v) for k, v in seal["condition"].items()}
    for entity, key, new in seal_checks.later_versions(db, signed_at):
        if entity == "response" and str(new.get("comment")) in seal["comment"]:
            responses[key] = {"comment": new["comment"], "text": new["text"], "recorded_at": "after"}
        elif (
            entity == "condition_status"
            and str(new.get("condition_id")) in conditions
            and str(conditions[str(new["condition_id"])]["decision_id"]) not in own
        ):
            c = conditions[str(new["condition_id"])]
            c["status"], c["note"] = new["status"], new.get("note", "")
    out["response"] = responses
    out["condition"] = conditions
    return out


def plan_of(seal: dict[str, Any], live: Plan | None = None) -> Plan:
    """The plan as sealed: program, criteria, fiscal years, industries and milestones; officers,
    organizations and reviewers (with their sealed names) from `live` where given."""
    ((code, p),) = seal["program"].items()
    program = Program(
        code=code,
        names=Names(p["name_ja"], p["name_en"]),
        implementer=p["implementer"],
        ceiling_jpy=int(p["ceiling_jpy"]),
        first_fy=int(p["first_fy"]),
        last_fy=int(p["last_fy"]),
        guaranteed_through_fy=int(p["guaranteed_through_fy"]),
        baseline_models=tuple(p["baseline_models"]),
        trajectory=tuple(TrajectoryPoint(int(y), int(n)) for y, n in p["trajectory"]),
    )
    criteria = tuple(
        Criterion(
            c,
            Names(v["name_ja"], v["name_en"]),
            tuple(GradeWording(Grade(g[0]), int(g[1]), g[2], g[3]) for g in v["grades"]),
            tuple(Names(n["ja"], n["en"]) for n in v["questions"]),
            tuple(Names(n["ja"], n["en"]) for n in v["sub_items"]),
        )
        for c, v in sorted(seal["criterion"].items(), key=lambda kv: kv[1]["position"])
    )
    milestones = tuple(
        Milestone(
            code=c,
            fy=int(v["fy"]),
            area=Area(v["area"]),
            criterion=v["criterion"],
            weight=float(v["weight"]),
            due=dt.date.fromisoformat(v["due"]),
            title=Names(v["title_ja"], v["title_en"]),
            rule=None if v["rule_kind"] is None else rule_from_json(v["rule_kind"], v["rule_json"]),
        )
        for c, v in sorted(seal["milestone"].items(), key=lambda kv: kv[1]["position"])
    )
    return Plan(
        program=program,
        criteria=criteria,
        officers=() if live is None else live.officers,
        fiscal_years=tuple(
            FiscalYear(int(y), int(v["installment_jpy"]), dt.date.fromisoformat(v["gate_date"]))
            for y, v in sorted(seal["fiscal_year"].items(), key=lambda kv: int(kv[0]))
        ),
        industries=tuple(
            Industry(c, Names(v["name_ja"], v["name_en"]))
            for c, v in sorted(seal["industry"].items(), key=lambda kv: kv[1]["position"])
        ),
        organizations=() if live is None else live.organizations,
        reviewers=()
        if live is None
        else tuple(
            replace(r, name=v["name"], kana=v["kana"], affiliation=v["affiliation"])
            if (v := seal["reviewer"].get(r.id))
            else r
            for r in live.reviewers
        ),
        milestones=milestones,
    )


def plan_shown(db: sqlite_utils.Database, fy: int, live: Plan) -> Plan:
    """The plan the screens show for FY `fy`: a signed, sealed FY's as sealed, else `live`."""
    signed = decisions_store.signed_snapshot(db, fy)
    if signed is None:
        return live
    content = json.loads(signed[0])
    return plan_of(content["seal"], live) if has_seal(content) else live
