"""All SQL that writes assessments: items, comments, responses, consensus state, committee status.

Every function runs inside the caller's write transaction; the service writes the audit entries.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils


@dataclass(frozen=True)
class ItemRow:
    """One stored assessment item (a rated target)."""

    id: int
    target: str
    rating: str | None
    carried_over: bool


@dataclass(frozen=True)
class StoredComment:
    """One stored comment of an assessment."""

    id: int
    target: str
    kind: str
    text: str
    public_text: str | None = None  # the secretariat's public text (SPEC §8)
    public_basis: str | None = None  # the SHA-256 of the text it was set for (m016)


@dataclass(frozen=True)
class CommentPlace:
    """Which FY and target a comment belongs to (for responses)."""

    id: int
    fy: int
    target: str
    kind: str
    text: str


# --------------------------------------------------------------------------- assessments


def assessment_id(db: sqlite_utils.Database, reviewer_id: str, fy: int) -> int | None:
    """The id of a reviewer's assessment for an FY, if there is one."""
    row = db.execute(
        "SELECT id FROM assessment WHERE reviewer_id = ? AND fy = ?", [reviewer_id, fy]
    ).fetchone()
    return None if row is None else int(row[0])


def ensure_assessment(db: sqlite_utils.Database, reviewer_id: str, fy: int) -> int:
    """The id of a reviewer's assessment for an FY, created empty when missing."""
    found = assessment_id(db, reviewer_id, fy)
    if found is not None:
        return found
    cursor = db.execute("INSERT INTO assessment(reviewer_id, fy) VALUES (?, ?)", [reviewer_id, fy])
    return int(cursor.lastrowid or 0)


def items(db: sqlite_utils.Database, assessment: int) -> dict[str, ItemRow]:
    """An assessment's items by target."""
    return {
        r[1]: ItemRow(int(r[0]), r[1], r[2], bool(r[3]))
        for r in db.execute(
            "SELECT id, target, rating, carried_over FROM assessment_item"
            " WHERE assessment_id = ? ORDER BY id",
            [assessment],
        )
    }


def carried_targets(db: sqlite_utils.Database, reviewer: str, fy: int) -> frozenset[str]:
    """The targets whose rating was carried over from last year and is not confirmed yet."""
    assessment = assessment_id(db, reviewer, fy)
    if assessment is None:
        return frozenset()
    return frozenset(t for t, item in items(db, assessment).items() if item.carried_over)


def insert_item(
    db: sqlite_utils.Database,
    assessment: int,
    target: str,
    rating: str | None,
    carried_over: bool,
    by: str,
    at: str,
) -> int:
    cursor = db.execute(
        "INSERT INTO assessment_item(assessment_id, target, rating, carried_over, updated_by, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [assessment, target, rating, int(carried_over), by, at],
    )
    return int(cursor.lastrowid or 0)


def update_item(
    db: sqlite_utils.Database, item_id: int, rating: str | None, carried_over: bool, by: str, at: str
) -> None:
    db.execute(
        "UPDATE assessment_item SET rating = ?, carried_over = ?, updated_by = ?, updated_at = ?"
        " WHERE id = ?",
        [rating, int(carried_over), by, at, item_id],
    )


def comments_of(db: sqlite_utils.Database, assessment: int) -> dict[tuple[str, str], StoredComment]:
    """An assessment's comments by (target, kind), empty ones included."""
    return {
        (r[1], r[2]): StoredComment(int(r[0]), r[1], r[2], r[3], r[4], r[5])
        for r in db.execute(
            "SELECT id, target, kind, text, public_text, public_basis FROM comment"
            " WHERE assessment_id = ? ORDER BY id",
            [assessment],
        )
    }


def insert_comment(db: sqlite_utils.Database, assessment: int, target: str, kind: str, text: str) -> int:
    cursor = db.execute(
        "INSERT INTO comment(assessment_id, target, kind, text) VALUES (?, ?, ?, ?)",
        [assessment, target, kind, text],
    )
    return int(cursor.lastrowid or 0)


def update_comment(db: sqlite_utils.Database, comment_id: int, text: str) -> None:
    # In place, so responses recorded against this comment stay attached to it.
    db.execute("UPDATE comment SET text = ? WHERE id = ?", [text, comment_id])


def comment_place(db: sqlite_utils.Database, comment_id: int) -> CommentPlace | None:
    """The FY, target and text of a comment, or None for an unknown id."""
    row = db.execute(
        "SELECT c.id, a.fy, c.target, c.kind, c.text FROM comment c"
        " JOIN assessment a ON a.id = c.assessment_id WHERE c.id = ?",
        [comment_id],
    ).fetchone()
    return None if row is None else CommentPlace(int(row[0]), int(row[1]), row[2], row[3], row[4])


# --------------------------------------------------------------------------- responses


def insert_response(db: sqlite_utils.Database, comment_id: int, text: str, by: str, at: str) -> int:
    cursor = db.execute(
        "INSERT INTO response(comment_id, text, recorded_by, recorded_at) VALUES (?, ?, ?, ?)",
        [comment_id, text, by, at],
    )
    return int(cursor.lastrowid or 0)


# --------------------------------------------------------------------------- consensus


def consensus_state(db: sqlite_utils.Database, fy: int) -> str:
    """`hidden` or `open`; an FY with no consensus row is hidden."""
    row = db.execute("SELECT state FROM consensus WHERE fy = ?", [fy]).fetchone()
    return "hidden" if row is None else str(row[0])


def open_consensus(db: sqlite_utils.Database, fy: int, by: str, at: str) -> None:
    db.execute(
        "INSERT INTO consensus(fy, state, opened_by, opened_at) VALUES (?, 'open', ?, ?)"
        " ON CONFLICT(fy) DO UPDATE SET state = 'open', opened_by = excluded.opened_by,"
        " opened_at = excluded.opened_at",
        [fy, by, at],
    )


# --------------------------------------------------------------------------- committee status


def milestone_ref(db: sqlite_utils.Database, code: str) -> tuple[int, int] | None:
    """(id, FY) of the milestone with this code, or None."""
    row = db.execute("SELECT id, fy FROM milestone WHERE code = ?", [code]).fetchone()
    return None if row is None else (int(row[0]), int(row[1]))


def committee_status(db: sqlite_utils.Database, milestone_id: int) -> tuple[str, str] | None:
    """(status, reason) the committee set for a milestone, if any."""
    row = db.execute(
        "SELECT status, reason FROM committee_status WHERE milestone_id = ?", [milestone_id]
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


def set_committee_status(
    db: sqlite_utils.Database, milestone_id: int, status: str, reason: str, by: str, at: str
) -> None:
    db.execute(
        "INSERT INTO committee_status(milestone_id, status, reason, set_by, set_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(milestone_id) DO UPDATE SET status = excluded.status, reason = excluded.reason,"
        " set_by = excluded.set_by, set_at = excluded.set_at",
        [milestone_id, status, reason, by, at],
    )
