"""The read-only listings of SPEC §10: an FY's comments, its conditions, and evidence records.

They exist so that no id a command needs (`respond --comment`, `condition --id`, `disclose
--evidence`) is a guess. A signed FY's deciding records come from what `status` reads for it
(its snapshot); comments and condition texts of a signed FY are locked by triggers, and
responses and condition statuses are versions added on top, so reading them live is reading
what the report prints.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from reviewer.core import rules
from reviewer.core.errors import Refused
from reviewer.core.models import BenchmarkRule, Evidence, FleetRule, ModelRule, Plan
from reviewer.core.redaction import Redaction, redaction_state
from reviewer.services import evaluation
from reviewer.store import decisions as decisions_store
from reviewer.store import disclosures
from reviewer.store import evidence as evidence_store
from reviewer.store import lists as store
from reviewer.store import programs as programs_store


def _check_fy(plan: Plan, fy: int) -> None:
    if fy not in {f.fy for f in plan.fiscal_years} and not any(m.fy == fy for m in plan.milestones):
        raise Refused("E-NO-FY", fy=fy)


def criterion_labels(db: sqlite_utils.Database, lang: str) -> dict[str, str]:
    """Criterion code → its name in `lang`, from the plan (for `status` text)."""
    return {c.code: c.names.ja if lang == "ja" else c.names.en for c in programs_store.read_plan(db).criteria}


def comments(db: sqlite_utils.Database, fy: int) -> list[dict[str, Any]]:
    """FY `fy`'s comments: id, target, kind, text, public text, its redaction, newest response
    (no authors).

    The public text is the comment unless the secretariat set one of its own (SPEC §8); None
    while that redaction is out of date (`redaction` "stale": set for an earlier text of the
    comment), as the public edition then prints neither. `stale_text` is the earlier public text.
    """
    _check_fy(programs_store.read_plan(db), fy)
    out = []
    for c in store.comments(db, fy):
        state = redaction_state(c.text, c.public_text, c.public_basis)
        row: dict[str, Any] = {
            "id": c.id,
            "target": c.target,
            "kind": c.kind,
            "text": c.text,
            "public_text": None
            if state is Redaction.STALE
            else (c.text if c.public_text is None else c.public_text),
            "redaction": state.value,
            "response": c.response,
        }
        if state is Redaction.STALE:
            row["stale_text"] = c.public_text
        out.append(row)
    return out


def stale_redactions(db: sqlite_utils.Database, fy: int) -> list[int]:
    """The ids of FY `fy`'s comments whose public text was set for an earlier text (SPEC §8)."""
    return [
        c.id
        for c in store.comments(db, fy)
        if redaction_state(c.text, c.public_text, c.public_basis) is Redaction.STALE
    ]


@dataclass(frozen=True)
class ConditionsOfFy:
    fy: int
    decision_id: int | None
    signed: bool
    conditions: list[dict[str, Any]]


def conditions(db: sqlite_utils.Database, fy: int) -> ConditionsOfFy:
    """The conditions set by FY `fy`'s decision in force, each once with its status history across
    amendments (`decision`: the one that set it; `dropped_by`: the amendment that dropped it, or
    None for a condition in force)."""
    _check_fy(programs_store.read_plan(db), fy)
    decision = decisions_store.current_decision_id(db, fy)
    if decision is None:
        return ConditionsOfFy(fy, None, False, [])
    signed = decisions_store.signed_snapshot(db, fy) is not None
    listed = [
        {
            "id": c.id,
            "fy": fy,
            "decision": c.decision_id,
            "dropped_by": c.dropped_by,
            "text": c.text,
            "due": c.due,
            "status": c.status,
            "note": c.note,
            "history": [
                {"status": h.status, "note": h.note, "set_by": h.set_by, "set_at": h.set_at}
                for h in c.history
            ],
        }
        for c in store.conditions(db, decision)
    ]
    return ConditionsOfFy(fy, decision, signed, listed)


# --------------------------------------------------------------------------- evidence


def _rule_evidence(db: sqlite_utils.Database, plan: Plan, code: str) -> tuple[int, ...]:
    """The records a milestone's rule considers (its candidates)."""
    milestone = next(m for m in plan.milestones if m.code == code)
    rule = milestone.rule
    pool: list[Evidence]
    if isinstance(rule, BenchmarkRule):
        pool = evidence_store.benchmark_results(db)
    elif isinstance(rule, ModelRule):
        pool = evidence_store.model_releases(db) + evidence_store.benchmark_results(db)
    elif isinstance(rule, FleetRule):
        pool = evidence_store.current_fleet_rows(db, rule.period)
    else:
        pool = []
    return rules.candidate_ids(milestone, pool, plan.program.baseline_models)


def _deciding(db: sqlite_utils.Database, fy: int) -> dict[str, list[int]]:
    """Milestone code → its deciding record ids, as `status` gives them (a signed FY's snapshot)."""
    data = evaluation.fy_status_json(db, fy)
    return {m["code"]: [int(i) for i in m["evidence"]] for m in data["milestones"]}


def evidence_ids(db: sqlite_utils.Database, milestone: str | None, fy: int | None) -> list[int]:
    """The ids `evidence list` prints, in id order.

    `fy`: records effective in FY `fy` (1 April to 31 March) or linked to its milestones
    (deciding, attached or typed in). `milestone`: its deciding and candidate records and the
    documents and manual records attached to it. Both: the records that satisfy both.
    Raises Refused E-NO-FY, E-NO-MILESTONE.
    """
    plan = programs_store.read_plan(db)
    chosen: set[int] | None = None
    if fy is not None:
        _check_fy(plan, fy)
        codes = [m.code for m in plan.milestones if m.fy == fy]
        ids = set(store.records_effective(db, f"{fy}-04-01", f"{fy + 1}-03-31"))
        ids |= store.records_linked_to(db, codes)
        for deciding in _deciding(db, fy).values():
            ids.update(deciding)
        chosen = ids
    if milestone is not None:
        found = next((m for m in plan.milestones if m.code == milestone), None)
        if found is None:
            raise Refused("E-NO-MILESTONE", milestone=milestone)
        ids = set(_deciding(db, found.fy).get(found.code, []))
        ids.update(_rule_evidence(db, plan, found.code))
        ids |= store.records_linked_to(db, [found.code])
        chosen = ids if chosen is None else chosen & ids
    if chosen is None:
        return list(store.all_ids(db))
    return sorted(chosen)


def evidence_records(db: sqlite_utils.Database, ids: list[int]) -> Iterator[dict[str, Any]]:
    """The records of `evidence list --json`, in id order, each with `disclosed`: the FYs whose
    public edition prints it by a disclosure of the record or of its batch (whatever `--fy` was
    given; a record not confidential prints without one)."""
    shown = disclosures.index(db)
    for record in store.records_by_id(db, ids):
        record["disclosed"] = shown.of_record(record["id"], record["batch"])
        yield record
