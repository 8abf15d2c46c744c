"""All SQL for reading decisions, conditions and their statuses, and committee statuses."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils


@dataclass(frozen=True)
class ConditionRow:
    id: int
    fy: int  # the FY whose decision set it
    text: str
    due: str
    status: str
    note: str
    dropped_by: int | None = None  # the signed amendment that left it behind (no longer in force)


def conditions_set_by(db: sqlite_utils.Database, fy: int) -> list[ConditionRow]:
    """Conditions of FY `fy`'s current decision (signed amendment, else signed, else unsigned)."""
    decision = current_decision_id(db, fy)
    if decision is None:
        return []
    rows = db.execute(
        "SELECT c.id, :fy, c.text, c.due,"
        " coalesce((SELECT s.status FROM condition_status s WHERE s.condition_id = c.id"
        "   ORDER BY s.id DESC LIMIT 1), 'open'),"
        " coalesce((SELECT s.note FROM condition_status s WHERE s.condition_id = c.id"
        "   ORDER BY s.id DESC LIMIT 1), '')"
        f" FROM ({MEMBERS}) m JOIN condition c ON c.id = m.id ORDER BY m.position",
        {"fy": fy, "d": decision},
    )
    return [ConditionRow(*r) for r in rows]


# The conditions in force of decision :d, as (id, position): its own and those it carries from
# the decision it amends (m012); a dropped one is in neither.
MEMBERS = (
    "SELECT id, position FROM condition WHERE decision_id = :d"
    " UNION ALL SELECT condition_id, position FROM condition_carry WHERE decision_id = :d AND dropped = 0"
)


def current_decision_id(db: sqlite_utils.Database, fy: int) -> int | None:
    """The decision in force for an FY: the newest signed one, else the unsigned draft."""
    row = db.execute(
        "SELECT id FROM decision WHERE fy = ? ORDER BY (signed_at IS NOT NULL) DESC, id DESC LIMIT 1",
        [fy],
    ).fetchone()
    return None if row is None else int(row[0])


def committee_statuses(db: sqlite_utils.Database) -> dict[str, tuple[str, str]]:
    """Milestone code → (committee status, reason)."""
    return {
        code: (status, reason)
        for code, status, reason in db.execute(
            "SELECT m.code, s.status, s.reason FROM committee_status s"
            " JOIN milestone m ON m.id = s.milestone_id"
        )
    }


def signed_snapshot(db: sqlite_utils.Database, fy: int) -> tuple[str, str] | None:
    """(content JSON, signing time) of an FY's signed snapshot (the newest signed decision's)."""
    row = db.execute(
        "SELECT s.content_json, d.signed_at FROM snapshot s JOIN decision d ON d.id = s.decision_id"
        " WHERE d.fy = ? AND d.signed_at IS NOT NULL ORDER BY d.id DESC LIMIT 1",
        [fy],
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))
