"""Disclosure (SPEC §8): what an FY's public edition prints, set by the secretariat before sign-off.

`disclose` adds (or with undo removes) disclosure rows for one FY: a batch, one record, one
document, or a milestone's deciding evidence; `redact_comment` sets a comment's public text.
Each change is audited, refused once the FY is signed, and sealed at sign-off.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

import sqlite_utils

from reviewer.core.errors import Refused
from reviewer.core.limits import TextKind, require_within
from reviewer.core.redaction import Redaction, redaction_state, text_basis
from reviewer.services import evaluation
from reviewer.store import audit, disclosures
from reviewer.store import programs as programs_store
from reviewer.store.db import write_transaction
from reviewer.store.disclosures import Disclosed


@dataclass(frozen=True)
class Target:
    """What to disclose: exactly one of the four is set."""

    batch: int | None = None
    evidence: int | None = None
    document: int | None = None
    milestone: str | None = None
    # the milestone's deciding evidence where the caller has just read it (a screen): `shown`
    # then skips evaluating the FY again; `disclose` always evaluates it itself
    deciding: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Disclosure:
    """What `disclose` did: the rows it added (or removed, `undo`) and those already so."""

    fy: int
    undo: bool
    changed: tuple[Disclosed, ...]
    unchanged: tuple[Disclosed, ...]


def _check_fy(db: sqlite_utils.Database, fy: int) -> None:
    if db.execute("SELECT 1 FROM fiscal_year WHERE fy = ?", [fy]).fetchone() is None:
        raise Refused("E-NO-FY", fy=fy)
    if fy in programs_store.signed_fys(db):
        raise Refused("E-DISCLOSE-SIGNED", fy=fy)


def _rows(db: sqlite_utils.Database, fy: int, target: Target) -> list[Disclosed]:
    """The disclosure rows `target` stands for; Refused for an unknown batch, record or milestone."""
    if target.batch is not None:
        if not disclosures.batch_exists(db, target.batch):
            raise Refused("E-NO-BATCH", batch=target.batch)
        return [Disclosed(fy, target.batch, None)]
    if target.evidence is not None:
        if disclosures.evidence_kind(db, target.evidence) is None:
            raise Refused("E-NO-EVIDENCE", evidence=target.evidence)
        return [Disclosed(fy, None, target.evidence)]
    if target.document is not None:
        if disclosures.evidence_kind(db, target.document) != "document":
            raise Refused("E-NO-DOCUMENT", id=target.document)
        return [Disclosed(fy, None, target.document)]
    code = target.milestone
    if code is None:
        raise ValueError("disclose needs a batch, a record, a document or a milestone")
    row = db.execute("SELECT fy FROM milestone WHERE code = ?", [code]).fetchone()
    if row is None:
        raise Refused("E-NO-MILESTONE", milestone=code)
    if int(row[0]) != fy:
        raise Refused("E-DISCLOSE-MILESTONE-FY", milestone=code, milestone_fy=int(row[0]), fy=fy)
    status = evaluation.status_json(evaluation.evaluate_fy(db, fy))
    (ids,) = [m.get("evidence", []) for m in status["milestones"] if m["code"] == code]
    return [Disclosed(fy, None, int(i)) for i in sorted(set(ids))]


def disclose(
    db: sqlite_utils.Database, fy: int, target: Target, *, undo: bool = False, actor: str | None = None
) -> Disclosure:
    """Disclose `target` in FY `fy`'s public edition (undo: withdraw it), one transaction, one
    audit entry per disclosure row added or removed. Returns what changed and what already was.

    Raises Refused E-NO-FY, E-DISCLOSE-SIGNED (the FY is signed: its public edition is sealed),
    E-NO-BATCH, E-NO-EVIDENCE, E-NO-DOCUMENT, E-NO-MILESTONE, E-DISCLOSE-MILESTONE-FY.
    """
    _check_fy(db, fy)
    wanted = _rows(db, fy, target)
    op = audit.Operation(actor=actor or audit.os_user())
    changed: list[Disclosed] = []
    unchanged: list[Disclosed] = []
    with write_transaction(db):
        _check_fy(db, fy)  # again under the write lock: another process may have signed meanwhile
        for row in wanted:
            if disclosures.exists(db, row) != undo:
                unchanged.append(row)
                continue
            if undo:
                disclosures.delete(db, row)
                audit.append(db, op, "disclosure", row.key, "delete", row.record(), None)
            else:
                disclosures.insert(db, row, op.actor, op.at)
                audit.append(db, op, "disclosure", row.key, "insert", None, row.record())
            changed.append(row)
    return Disclosure(fy, undo, tuple(changed), tuple(unchanged))


class Shown(StrEnum):
    """What FY N's public edition prints of a batch, record, document or milestone (a check box)."""

    WITHHELD = "withheld"  # confidential and not disclosed
    PARTLY = "partly"  # some of a milestone's deciding records, or of a batch's records, disclosed
    DISCLOSED = "disclosed"  # disclosed itself (what `disclose --undo` withdraws)
    WITH_BATCH = "with_batch"  # a record disclosed with its whole batch
    PUBLIC = "public"  # not confidential: printed without a disclosure
    NOTHING = "nothing"  # a milestone without deciding evidence


def shown(db: sqlite_utils.Database, fy: int, target: Target) -> Shown:
    """What FY `fy`'s public edition prints of `target` (read only; Refused as `disclose` does for
    an unknown batch, record, document or milestone)."""
    if target.milestone is not None and target.deciding is not None:
        rows = [Disclosed(fy, None, i) for i in target.deciding]
    else:
        rows = _rows(db, fy, target)
    if target.batch is not None:
        if disclosures.exists(db, rows[0]) or target.batch in disclosures.disclosed_batches(db, fy):
            return Shown.DISCLOSED
        if not disclosures.batch_has_confidential(db, target.batch):
            return Shown.PUBLIC
        return Shown.PARTLY if disclosures.any_disclosed_of_batch(db, fy, target.batch) else Shown.WITHHELD
    ids = [int(r.evidence_id or 0) for r in rows]
    if not ids:
        return Shown.NOTHING
    confidential = disclosures.confidential_ids(db, ids)
    if not confidential:
        return Shown.PUBLIC
    printed = disclosures.disclosed_ids(db, fy, confidential)
    if target.milestone is not None:
        return Shown.DISCLOSED if printed == confidential else Shown.PARTLY if printed else Shown.WITHHELD
    if disclosures.exists(db, rows[0]):
        return Shown.DISCLOSED
    return Shown.WITH_BATCH if printed else Shown.WITHHELD


def redact_comment(
    db: sqlite_utils.Database, comment_id: int, text: str, *, actor: str | None = None
) -> Literal["redacted", "cleared", "unchanged"]:
    """Set the public text the public edition prints for a comment (audited). Returns "redacted"
    (a public text of its own), "cleared" (it prints as written again) or "unchanged".

    The public text records the comment text it was written for (its basis, SPEC §8): when the
    comment changes afterwards the redaction is out of date, and setting the same public text
    again is a change (the secretariat reviewed it for the new comment). Text equal to the
    comment itself clears the redaction. Raises Refused E-NO-COMMENT-ID, E-EMPTY-PUBLIC-TEXT,
    E-TOO-LONG (the comment limit, SPEC §10), E-FY-SIGNED.
    """
    if not text.strip():
        raise Refused("E-EMPTY-PUBLIC-TEXT")
    require_within(text, TextKind.LONG, "text")
    op = audit.Operation(actor=actor or audit.os_user())
    # read and checked under the write lock: another process may sign or redact meanwhile
    with write_transaction(db):
        place = disclosures.comment(db, comment_id)
        if place is None or not place.text.strip():
            raise Refused("E-NO-COMMENT-ID", comment=comment_id)
        if place.fy in programs_store.signed_fys(db):
            raise Refused("E-FY-SIGNED", fy=place.fy)
        new = None if text == place.text else text
        basis = None if new is None else text_basis(place.text)
        if (new, basis) == (place.public_text, place.public_basis):
            return "unchanged"
        disclosures.set_public_text(db, op, comment_id, (place.public_text, place.public_basis), new, basis)
    return "cleared" if new is None else "redacted"


def redaction(db: sqlite_utils.Database, comment_id: int) -> Redaction | None:
    """The state of the comment's redaction (none, current, or stale: set for an earlier text of
    the comment), None for no such comment."""
    place = disclosures.comment(db, comment_id)
    if place is None:
        return None
    return redaction_state(place.text, place.public_text, place.public_basis)


def public_text(db: sqlite_utils.Database, comment_id: int) -> str | None:
    """The comment's public text (the comment itself unless redacted); None for no such comment
    and for a redaction out of date (the public edition then prints neither text)."""
    place = disclosures.comment(db, comment_id)
    if place is None:
        return None
    state = redaction_state(place.text, place.public_text, place.public_basis)
    if state is Redaction.STALE:
        return None
    return place.text if place.public_text is None else place.public_text
