"""Reads and guarded opening the desktop needs beyond the evidence table: gate, package, conditions, comments.

The command line has its own routes to the same facts; these helpers shape them for screens
(frozen rows, never sqlite rows) and keep the desktop's one-connection-per-thread rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from reviewer.core.errors import Refused
from reviewer.services import startup
from reviewer.store import assessments as assessments_store
from reviewer.store import audit, decision_writes
from reviewer.store import decisions as decisions_store
from reviewer.store import programs as programs_store
from reviewer.store.assessments import CommentRow
from reviewer.store.db import open_database
from reviewer.store.decisions import ConditionRow

if TYPE_CHECKING:
    from reviewer.services.backups import BackupResult
    from reviewer.services.documents import Attached

__all__ = ["AmendStart", "CarriedCondition", "CommentRow", "ConditionRow", "PackageInfo"]


@dataclass(frozen=True)
class PackageInfo:
    """A reviewer package's owner and FY (SPEC §11): only that reviewer's assessment is editable."""

    reviewer_id: str
    fy: int | None
    program_code: str


def package_info(db: sqlite_utils.Database) -> PackageInfo | None:
    """The package's reviewer and FY, or None for a program database."""
    if programs_store.read_meta(db, "kind") != "package":
        return None
    fy = programs_store.read_meta(db, "fy")
    return PackageInfo(
        programs_store.read_meta(db, "reviewer_id") or "",
        int(fy) if fy and fy.isdigit() else None,
        programs_store.read_meta(db, "program_code") or "",
    )


def gate(path: Path) -> startup.Health:
    """The start-up gate for the desktop (`startup.check_database`); runs on a worker thread and
    changes nothing of a whole file, nor of a file in use or not ours, which is never moved.

    Raises Refused E-NOT-A-FILE, E-BUSY, E-READ-ONLY.
    """
    return startup.check_database(path)


def open_checked(path: Path, *, readonly: bool = False) -> sqlite_utils.Database:
    """Open a database that has passed `gate`: refuse a network drive for writing, back up before
    pending migrations, and refuse a file with no program in it.

    Raises Refused E-NETWORK-DRIVE, E-NO-PROGRAM, E-NOT-OURS, and what `open_database` raises.
    """
    db = startup.open_after_gate(path, readonly=readonly)
    if not programs_store.has_program(db):
        db.close()
        raise Refused("E-NO-PROGRAM", path=str(path))
    return db


def chain_anchor(db: sqlite_utils.Database) -> tuple[str, int]:
    """The audit chain's head and count: when it moved, the database was written."""
    return audit.head(db)


def backup_on_exit(path: Path) -> BackupResult | None:
    """The exit backup on a connection of its own (the desktop runs it on a worker thread).

    Returns what `backups.backup` does (skipped when the newest verified backup is recent and
    nothing was written since); raises its Refused errors.
    """
    from reviewer.services import backups  # at exit: not on the start-up path

    db = open_database(path, migrate=False)
    try:
        return backups.backup(db, "exit")
    finally:
        db.close()


def conditions_to_review(db: sqlite_utils.Database, fy: int) -> list[ConditionRow]:
    """The conditions last year's (FY `fy`-1) decision in force set, with their newest status and
    note: those in force (its own and those it carries, under their ids), then those a signed
    amendment dropped (`dropped_by`: that amendment)."""
    from reviewer.store import lists

    decision = decisions_store.current_decision_id(db, fy - 1)
    if decision is None:
        return []
    return [
        ConditionRow(c.id, fy - 1, c.text, c.due, c.status, c.note, c.dropped_by)
        for c in lists.conditions(db, decision)
    ]


@dataclass(frozen=True)
class CarriedCondition:
    """A condition of the signed decision an amendment would carry, with its status so far."""

    id: int
    text: str
    due: str
    status: str
    note: str
    dropped: bool  # the draft amendment (if there is one) drops it


@dataclass(frozen=True)
class AmendStart:
    """What the desktop's Amend dialog starts from: the decision it amends (the newest signed),
    the draft amendment when there is one, and the conditions it carries."""

    signed: decision_writes.DecisionRow
    draft: decision_writes.DecisionRow | None
    carried: tuple[CarriedCondition, ...]
    added: tuple[decision_writes.ConditionText, ...]  # the draft's own new conditions


def amend_start(db: sqlite_utils.Database, fy: int) -> AmendStart | None:
    """The Amend dialog's starting point for FY `fy`; None when the FY has no signed decision."""
    signed = decision_writes.signed_decision(db, fy)
    if signed is None:
        return None
    draft = decision_writes.draft_decision(db, fy)
    in_draft = set() if draft is None else {c.id for c in decision_writes.conditions_of(db, draft.id)}
    statuses = {c.id: c for c in decisions_store.conditions_set_by(db, fy)}
    carried = []
    for c in decision_writes.conditions_of(db, signed.id):
        row = statuses.get(c.id)
        carried.append(
            CarriedCondition(
                c.id,
                c.text,
                c.due,
                row.status if row else "open",
                row.note if row else "",
                draft is not None and c.id not in in_draft,
            )
        )
    added = (
        ()
        if draft is None
        else tuple(c for c in decision_writes.conditions_of(db, draft.id) if c.decision_id == draft.id)
    )
    return AmendStart(signed, draft, tuple(carried), added)


def comments_of(db: sqlite_utils.Database, fy: int) -> list[CommentRow]:
    """FY `fy`'s non-empty comments with the newest response to each."""
    return assessments_store.comments(db, fy)


def attach_at(db_path: Path, milestone: str, paths: list[Path]) -> list[Attached]:
    """`documents.attach` of several files on a connection of its own (worker thread); stops at
    the first refusal, keeping the files attached before it (each file is its own transaction).
    """
    from reviewer.services import documents  # not on the start-up path (hashlib, zipfile)

    db = open_database(db_path)
    try:
        return [documents.attach(db, milestone, p) for p in paths]
    finally:
        db.close()


def today_in_japan() -> dt.date:
    """Today's date in Japan: the default effective date of a manual record."""
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=9))).date()
