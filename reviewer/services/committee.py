"""The committee's side of assessments: consensus state per FY, committee statuses, responses to comments."""

from __future__ import annotations

import sqlite_utils

from reviewer.core.errors import Refused
from reviewer.core.limits import TextKind, require_within
from reviewer.core.models import Status
from reviewer.store import assessment_writes as store
from reviewer.store import audit
from reviewer.store import programs as programs_store
from reviewer.store.db import write_transaction


def open_consensus(db: sqlite_utils.Database, fy: int, *, actor: str | None = None) -> bool:
    """Open an FY's consensus (hidden → open), audited and irreversible; False when already open.

    Raises Refused E-NO-FY.
    """
    plan = programs_store.read_plan(db)
    if fy not in {y.fy for y in plan.fiscal_years}:
        raise Refused("E-NO-FY", fy=fy)
    if store.consensus_state(db, fy) == "open":
        return False
    op = audit.Operation(actor=actor or audit.os_user())
    with write_transaction(db):
        store.open_consensus(db, fy, op.actor, op.at)
        audit.append(db, op, "consensus", fy, "update", {"state": "hidden"}, {"state": "open"})
    return True


def consensus_state(db: sqlite_utils.Database, fy: int) -> str:
    """`hidden` or `open`."""
    return store.consensus_state(db, fy)


def set_committee_status(
    db: sqlite_utils.Database, milestone: str, status: Status, reason: str, *, actor: str | None = None
) -> bool:
    """Set a milestone's committee status with its reason (audited); False when nothing changed.

    Raises Refused E-NO-MILESTONE, E-EMPTY-REASON, E-FY-SIGNED (the milestone's FY is signed).
    """
    ref = store.milestone_ref(db, milestone)
    if ref is None:
        raise Refused("E-NO-MILESTONE", milestone=milestone)
    milestone_id, fy = ref
    if not reason.strip():
        raise Refused("E-EMPTY-REASON")
    require_within(reason, TextKind.LONG, "reason")  # SPEC §10
    if fy in programs_store.signed_fys(db):
        raise Refused("E-FY-SIGNED", fy=fy)
    old = store.committee_status(db, milestone_id)
    new = (status.value, reason.strip())
    if old == new:
        return False
    op = audit.Operation(actor=actor or audit.os_user())
    with write_transaction(db):
        store.set_committee_status(db, milestone_id, new[0], new[1], op.actor, op.at)
        audit.append(
            db,
            op,
            "committee_status",
            milestone,
            "insert" if old is None else "update",
            None if old is None else {"status": old[0], "reason": old[1]},
            {"status": new[0], "reason": new[1]},
        )
    return True


def respond(
    db: sqlite_utils.Database, fy: int, comment_id: int, text: str, *, actor: str | None = None
) -> int:
    """Record the implementer's response (対処方針) to a comment of FY `fy`; returns the response id.

    Allowed after sign-off too (responses are their own table). Audited.
    Raises Refused E-NO-COMMENT (no shown comment with that id in that FY), E-EMPTY-RESPONSE.
    """
    place = store.comment_place(db, comment_id)
    if place is None or place.fy != fy or not place.text:
        raise Refused("E-NO-COMMENT", comment=comment_id, fy=fy)
    if not text.strip():
        raise Refused("E-EMPTY-RESPONSE")
    require_within(text, TextKind.LONG, "text")  # SPEC §10
    op = audit.Operation(actor=actor or audit.os_user())
    with write_transaction(db):
        response_id = store.insert_response(db, comment_id, text, op.actor, op.at)
        audit.append(
            db,
            op,
            "response",
            response_id,
            "insert",
            None,
            {"comment": comment_id, "fy": fy, "target": place.target, "kind": place.kind, "text": text},
        )
    return response_id
