"""Gate decisions: decide, amend, sign (snapshot, seal, locks) and condition statuses (SPEC §2, §7)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlite_utils

from reviewer.core import decision_rules, seal
from reviewer.core.errors import Refused
from reviewer.core.limits import TextKind, require_within
from reviewer.core.models import ConditionStatus, Outcome
from reviewer.services import evaluation, sealing
from reviewer.store import audit
from reviewer.store import decision_writes as store
from reviewer.store.audit import Operation, canonical_json
from reviewer.store.db import write_transaction

if TYPE_CHECKING:  # signing loads cryptography: imported where a sign-off needs it, not at start-up
    from reviewer.services import signing

STOP_OUTCOMES = (Outcome.STOP, Outcome.STOP_WITH_REFUND)


@dataclass(frozen=True)
class DecisionInput:
    """What the secretariat decides for FY N: the outcome and FY N+1's funding, with conditions."""

    outcome: Outcome
    funding_jpy: int
    rationale: str
    conditions: tuple[tuple[str, dt.date], ...] = ()
    override_reason: str | None = None


# --------------------------------------------------------------------------- money


def committed_through(db: sqlite_utils.Database, fy: int) -> int:
    """Yen committed through FY `fy` (SPEC §2 "Money").

    The sum over every FY from the first up to `fy` of that FY's funding: the previous FY's
    signed decision's next-FY funding where there is one, else the FY's planned installment
    (an unsigned earlier decision counts at the installment; an FY the plan leaves out, at 0).
    """
    money = store.program_money(db)
    planned = store.installments(db)
    decided = store.signed_next_funding(db)
    return sum(decided.get(y - 1, planned.get(y, 0)) for y in range(money.first_fy, fy + 1))


def funding_limit(db: sqlite_utils.Database, fy: int) -> int:
    """The most a decision for FY `fy` may set as FY `fy`+1's funding: ceiling − committed through `fy`."""
    return store.program_money(db).ceiling_jpy - committed_through(db, fy)


def _check_fy(db: sqlite_utils.Database, fy: int) -> None:
    """Refuse (E-NO-FY) an FY outside the program or without a `fiscal_years` entry."""
    money = store.program_money(db)
    if not money.first_fy <= fy <= money.last_fy or fy not in store.installments(db):
        raise Refused("E-NO-FY", fy=fy)


def _check_decision(db: sqlite_utils.Database, fy: int, given: DecisionInput, carried: int = 0) -> None:
    """Refuse a decision the program's rules do not allow (raises Refused); `carried` counts the
    conditions an amendment carries forward (they count for continue_with_conditions)."""
    money = store.program_money(db)
    if not given.rationale.strip():
        raise Refused("E-RATIONALE-EMPTY")
    require_within(given.rationale, TextKind.LONG, "rationale")  # SPEC §10
    require_within(given.override_reason, TextKind.LONG, "override_reason")
    for text, _due in given.conditions:
        require_within(text, TextKind.LONG, "condition")
    if given.funding_jpy < 0:
        raise Refused("E-FUNDING-NEGATIVE", funding=given.funding_jpy)
    for text, _due in given.conditions:
        if not text.strip():
            raise Refused("E-CONDITION-EMPTY")
    committed = committed_through(db, fy)
    limit = money.ceiling_jpy - committed
    if given.funding_jpy > limit:
        raise Refused(
            "E-FUNDING-CEILING",
            fy=fy,
            funding=given.funding_jpy,
            limit=limit,
            ceiling=money.ceiling_jpy,
            committed=committed,
        )
    following = fy + 1
    if following <= money.guaranteed_through_fy and given.override_reason is None:
        if given.outcome in STOP_OUTCOMES:
            raise Refused("E-GUARANTEED", "E-GUARANTEED-OUTCOME", fy=following, outcome=given.outcome.value)
        planned = store.installments(db).get(following)
        if planned is not None and given.funding_jpy < planned:
            raise Refused(
                "E-GUARANTEED",
                "E-GUARANTEED-FUNDING",
                fy=following,
                funding=given.funding_jpy,
                planned=planned,
            )
    decision_rules.check_outcome(
        given.outcome, given.funding_jpy, carried + len(given.conditions), store.installments(db).get(fy + 1)
    )


# --------------------------------------------------------------------------- decide and amend


@contextmanager
def _locks_refused() -> Iterator[None]:
    """A lock trigger firing means a signed FY was touched: a refusal, not a crash."""
    try:
        yield
    except sqlite3.IntegrityError as exc:
        message = store.lock_message(exc)
        if message is None:
            raise
        raise Refused("E-FY-LOCKED", message=message) from exc


def _condition_dict(c: store.ConditionText) -> dict[str, Any]:
    return {"id": c.id, "decision_id": c.decision_id, "position": c.position, "text": c.text, "due": c.due}


def _carried(
    db: sqlite_utils.Database, amended: store.DecisionRow, drop: Sequence[int]
) -> list[tuple[store.ConditionText, bool]]:
    """The amended decision's conditions in its order, each with whether the amendment drops it.

    Raises Refused E-DROP-CONDITION for an id that is not one of them (a typo drops nothing).
    """
    conditions = store.conditions_of(db, amended.id)
    ids = {c.id for c in conditions}
    for cid in drop:
        if cid not in ids:
            listed = ", ".join(str(i) for i in sorted(ids)) or "-"
            raise Refused("E-DROP-CONDITION", id=cid, fy=amended.fy, decision=amended.id, ids=listed)
    return [(c, c.id in set(drop)) for c in conditions]


def _write_draft(
    db: sqlite_utils.Database,
    op: Operation,
    fy: int,
    given: DecisionInput,
    amends: int | None,
    amend_reason: str | None,
    carried: Sequence[tuple[store.ConditionText, bool]] = (),
) -> store.DecisionRow:
    """Insert the FY's draft, or replace the one there (audited: old and new rows).

    An amendment's `carried` conditions (the amended decision's, each with whether it is
    dropped) come first, keeping their ids; its own new conditions follow.
    """
    values: dict[str, Any] = {
        "fy": fy,
        "outcome": given.outcome.value,
        "funding_jpy": given.funding_jpy,
        "rationale": given.rationale,
        "override_reason": given.override_reason,
        "amends": amends,
        "amend_reason": amend_reason,
        "decided_by": op.actor,
        "decided_at": op.at,
    }
    old = store.draft_decision(db, fy)
    if old is None:
        row = store.insert_decision(db, values)
        audit.append(db, op, "decision", row.id, "insert", None, row.as_dict())
    else:
        for k in store.carry_rows(db, old.id):
            store.delete_carry(db, k)
            audit.append(
                db, op, "condition_carry", f"{k.decision_id}:{k.condition_id}", "delete", k.as_dict()
            )
        for c in store.conditions_of(db, old.id):
            if c.decision_id != old.id:
                continue  # carried: its row belongs to the decision that set it
            store.delete_condition(db, c.id)
            audit.append(db, op, "condition", c.id, "delete", _condition_dict(c), None)
        row = store.update_decision(db, old.id, values)
        audit.append(db, op, "decision", row.id, "update", old.as_dict(), row.as_dict())
    position = 0
    for c, dropped in carried:
        k = store.CarryRow(row.id, c.id, None if dropped else position, int(dropped))
        store.insert_carry(db, k)
        audit.append(
            db, op, "condition_carry", f"{k.decision_id}:{k.condition_id}", "insert", None, k.as_dict()
        )
        position += 0 if dropped else 1
    for offset, (text, due) in enumerate(given.conditions):
        cid = store.insert_condition(db, row.id, position + offset, text, due.isoformat())
        new = store.condition(db, cid)
        assert new is not None
        audit.append(db, op, "condition", cid, "insert", None, _condition_dict(new))
    return row


def _normalized(given: DecisionInput) -> DecisionInput:
    reason = given.override_reason.strip() if given.override_reason else None
    return dataclasses.replace(given, override_reason=reason or None)


def decide(
    db: sqlite_utils.Database, fy: int, given: DecisionInput, *, actor: str | None = None
) -> store.DecisionRow:
    """Record FY `fy`'s gate decision, replacing its unsigned one; one transaction, audited.

    Returns the stored decision. Raises Refused: E-NO-FY, E-FY-SIGNED (use amend),
    E-FUNDING-CEILING, E-GUARANTEED, E-RATIONALE-EMPTY, E-FUNDING-NEGATIVE, E-CONDITION-EMPTY.
    """
    given = _normalized(given)
    op = Operation(actor=actor) if actor else Operation()
    with _locks_refused(), write_transaction(db):
        _check_fy(db, fy)
        if store.signed_decision(db, fy) is not None:
            raise Refused("E-FY-SIGNED", "E-FY-SIGNED-AMEND", fy=fy)
        _check_decision(db, fy, given)
        return _write_draft(db, op, fy, given, None, None)


def amend(
    db: sqlite_utils.Database,
    fy: int,
    given: DecisionInput,
    reason: str,
    *,
    drop: Sequence[int] = (),
    actor: str | None = None,
) -> store.DecisionRow:
    """Draft an amendment of FY `fy`'s signed decision (replacing an earlier draft amendment).

    The amendment carries the signed decision's conditions forward with their ids (so their
    statuses and notes stay theirs), except the ids in `drop`; `given.conditions` are added
    after them. The amendment is signed with `sign` like any decision. Returns the stored draft.
    Raises Refused: E-NOT-SIGNED (nothing to amend: use decide), E-AMEND-REASON-EMPTY,
    E-DROP-CONDITION, E-CONDITION-CARRIED (a new condition with a carried one's text), and
    every refusal of `decide` but E-FY-SIGNED.
    """
    given = _normalized(given)
    op = Operation(actor=actor) if actor else Operation()
    with _locks_refused(), write_transaction(db):
        _check_fy(db, fy)
        signed = store.signed_decision(db, fy)
        if signed is None:
            raise Refused("E-NOT-SIGNED", fy=fy)
        if not reason.strip():
            raise Refused("E-AMEND-REASON-EMPTY")
        require_within(reason, TextKind.LONG, "reason")
        carried = _carried(db, signed, drop)
        kept = {c.text.strip(): c.id for c, dropped in carried if not dropped}
        for text, _due in given.conditions:
            if text.strip() in kept:  # typed again out of habit: it would be a second, open copy
                raise Refused("E-CONDITION-CARRIED", id=kept[text.strip()], text=text.strip())
        _check_decision(db, fy, given, sum(1 for _c, dropped in carried if not dropped))
        return _write_draft(db, op, fy, given, signed.id, reason, carried)


def conditions_of(db: sqlite_utils.Database, decision_id: int) -> list[store.ConditionText]:
    """A decision's conditions in force: its own and those it carries from the one it amends."""
    return store.conditions_of(db, decision_id)


# --------------------------------------------------------------------------- sign


def _conditions_dicts(conditions: Sequence[store.ConditionText]) -> list[dict[str, Any]]:
    return [_condition_dict(c) for c in conditions]


def decision_json(row: store.DecisionRow, conditions: Sequence[store.ConditionText]) -> dict[str, Any]:
    """The decision as its snapshot holds it."""
    return seal.decision_record(row.as_dict(), _conditions_dicts(conditions))


def decision_hash(
    row: store.DecisionRow, conditions: Sequence[store.ConditionText], content: dict[str, Any]
) -> str:
    """The decision's seal (reviewer.core.seal.decision_hash of the row, its conditions and snapshot)."""
    return seal.decision_hash(row.as_dict(), _conditions_dicts(conditions), content)


def _frozen_status(db: sqlite_utils.Database, draft: store.DecisionRow) -> dict[str, Any]:
    """The status the snapshot freezes.

    A first sign-off evaluates the FY now. An amendment changes the decision, not what was
    found: it keeps the amended snapshot's status, so evidence imported after sign-off still
    changes nothing signed.
    """
    if draft.amends is not None:
        earlier = store.snapshot(db, draft.amends)
        if earlier is not None:
            status: dict[str, Any] = json.loads(earlier.content_json)["status"]
            return status
    data = evaluation.status_json(evaluation.evaluate_fy(db, draft.fy))
    data["signed"] = True
    return data


def _signable(
    db: sqlite_utils.Database, fy: int, officer_id: str, key: signing.OfficerKey | None
) -> store.DecisionRow:
    """The draft that `officer_id` may sign for FY `fy` with `key`; raises Refused otherwise."""
    if store.officer_role(db, officer_id) != "approver":
        raise Refused("E-NOT-APPROVER", officer=officer_id)
    from reviewer.services import signing

    signing.require_signing_key(db, officer_id, key)
    draft = store.draft_decision(db, fy)
    if draft is None:
        if store.signed_decision(db, fy) is not None:
            raise Refused("E-FY-SIGNED", fy=fy)
        raise Refused("E-NO-DECISION", fy=fy)
    return draft


def sign(
    db: sqlite_utils.Database,
    fy: int,
    officer_id: str,
    key: signing.OfficerKey | None,
    *,
    actor: str | None = None,
) -> store.DecisionRow:
    """Sign FY `fy`'s unsigned decision in one transaction; the FY is locked from then on.

    Stores the snapshot {"status", "decision", "chain_head", "chain_count", "seal"} — the seal is
    everything any report of the FY prints (services.sealing), the chain head and
    count are the audit log's as it stood BEFORE this sign-off's own entries, so the anchor
    names an entry that exists when the snapshot is written — then seals the decision
    (`decision_hash`), records officer, OS account, host and time, and audits the decision
    update and the snapshot insert. The officer's `key` (of a certificate registered to them)
    signs the decision hash; the signature is stored and audited (services.signing). A verified
    backup is taken first (services.backups). Returns the signed decision.
    Raises Refused: E-NOT-APPROVER, E-KEY-REQUIRED, E-KEY-NOT-REGISTERED, E-KEY-OTHER-OFFICER,
    E-KEY-EXPIRED, E-NO-DECISION, E-FY-SIGNED, E-NO-FY, and the backup's E-BACKUP-CHECK /
    E-BACKUP-WRITE (then nothing is signed).
    """
    from reviewer.services import backups  # backups uses verify's chain walk, which imports this module

    _signable(db, fy, officer_id, key)  # refuse before taking a backup for nothing
    backups.backup(db, "sign-off")  # SPEC §11: a verified backup before every sign-off
    op = Operation(actor=actor) if actor else Operation()
    with _locks_refused(), write_transaction(db):
        draft = _signable(db, fy, officer_id, key)  # again, inside the transaction that signs
        conditions = store.conditions_of(db, draft.id)
        chain_head, chain_count = audit.head(db)
        status = _frozen_status(db, draft)
        content = {
            "status": status,
            "decision": decision_json(draft, conditions),
            "chain_head": chain_head,
            "chain_count": chain_count,
            # everything any report of the FY prints, read as of the signing instant (SPEC §7)
            "seal": sealing.live_seal(db, fy, op.at, status, draft.id),
        }
        snapshot = store.SnapshotRow(draft.id, fy, canonical_json(content), chain_head, chain_count, op.at)
        store.insert_snapshot(db, snapshot)  # first: the lock trigger signs only with a snapshot
        import socket  # a sign-off only: the desktop's start-up imports this module

        signed = {
            "signed_by": officer_id,
            "signed_at": op.at,
            "signed_os_user": audit.os_user(),
            "signed_host": socket.gethostname(),
        }
        sealed = dataclasses.replace(
            draft,
            signed_by=signed["signed_by"],
            signed_at=signed["signed_at"],
            signed_os_user=signed["signed_os_user"],
            signed_host=signed["signed_host"],
        )
        digest = decision_hash(sealed, conditions, content)
        row = store.update_decision(db, draft.id, signed | {"sha256": digest})
        audit.append(db, op, "decision", row.id, "update", draft.as_dict(), row.as_dict())
        audit.append(
            db,
            op,
            "snapshot",
            row.id,
            "insert",
            None,
            {
                "decision_id": row.id,
                "fy": fy,
                "content": content,
                "chain_head": chain_head,
                "chain_count": chain_count,
                "created_at": op.at,
            },
        )
        assert key is not None  # _signable refused a sign-off without one
        from reviewer.services import signing

        signing.record_signature(db, op, row.id, row.sha256, op.at, key)
        return row


# --------------------------------------------------------------------------- conditions


def set_condition_status(
    db: sqlite_utils.Database,
    fy: int,
    condition_id: int,
    status: ConditionStatus,
    note: str = "",
    *,
    actor: str | None = None,
) -> int:
    """Record a status of a condition set by FY `fy`'s signed decision (allowed after sign-off).

    Appends a `condition_status` row with who set it, audited; returns its id.
    A condition an amendment carried stays settable under its id (its history goes on).
    Raises Refused: E-NO-CONDITION (no such condition of that FY), E-CONDITION-UNSIGNED (its
    decision is a draft), E-CONDITION-SUPERSEDED (a signed amendment dropped it, or replaced
    its decision before amendments carried conditions).
    """
    require_within(note, TextKind.LONG, "note")  # SPEC §10
    op = Operation(actor=actor) if actor else Operation()
    with write_transaction(db):
        cond = store.condition(db, condition_id)
        owner = None if cond is None else store.decision(db, cond.decision_id)
        if cond is None or owner is None or owner.fy != fy:
            raise Refused("E-NO-CONDITION", id=condition_id, fy=fy)
        if not owner.signed:
            raise Refused("E-CONDITION-UNSIGNED", id=condition_id, fy=fy)
        current = store.signed_decision(db, fy)
        if current is None or condition_id not in {c.id for c in store.conditions_of(db, current.id)}:
            raise Refused("E-CONDITION-SUPERSEDED", id=condition_id, fy=fy)
        values = {
            "condition_id": condition_id,
            "status": status.value,
            "note": note,
            "evidence_refs_json": "[]",
            "set_by": op.actor,
            "set_at": op.at,
        }
        sid = store.insert_condition_status(db, values)
        audit.append(db, op, "condition_status", sid, "insert", None, values)
        return sid
