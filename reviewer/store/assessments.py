"""All SQL for reading assessments: ratings, judgements, comments, responses, recusals."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils


@dataclass(frozen=True)
class RatingRow:
    reviewer_id: str
    target: str
    rating: str


@dataclass(frozen=True)
class CommentRow:
    id: int
    reviewer_id: str
    target: str
    kind: str
    text: str
    response: str | None
    public_text: str | None = None  # the secretariat's redacted text; None prints the comment (SPEC §8)
    public_basis: str | None = None  # the SHA-256 of the comment text it was set for (m016)


def recused_reviewers(db: sqlite_utils.Database) -> dict[str, list[tuple[str, str]]]:
    """Reviewers recused by a conflict with a member organization → [(organization, category)]."""
    out: dict[str, list[tuple[str, str]]] = {}
    for reviewer_id, org, category in db.execute(
        "SELECT c.reviewer_id, c.organization_code, c.category FROM conflict c"
        " JOIN organization o ON o.code = c.organization_code WHERE o.role = 'member'"
        " ORDER BY c.reviewer_id, c.organization_code"
    ):
        out.setdefault(reviewer_id, []).append((org, category))
    return out


def counted_ratings(db: sqlite_utils.Database, fy: int) -> list[RatingRow]:
    """Ratings that count for an FY: non-recused reviewers, carried-over ones only once confirmed."""
    rows = db.execute(
        "SELECT a.reviewer_id, i.target, i.rating FROM assessment_item i"
        " JOIN assessment a ON a.id = i.assessment_id"
        " WHERE a.fy = ? AND i.rating IS NOT NULL AND i.carried_over = 0"
        " AND a.reviewer_id NOT IN (SELECT c.reviewer_id FROM conflict c"
        "   JOIN organization o ON o.code = c.organization_code WHERE o.role = 'member')"
        " ORDER BY a.reviewer_id, i.target",
        [fy],
    )
    return [RatingRow(*r) for r in rows]


def comments(db: sqlite_utils.Database, fy: int) -> list[CommentRow]:
    """This FY's comments with the newest response to each (authors kept for internal use)."""
    rows = db.execute(
        "SELECT c.id, a.reviewer_id, c.target, c.kind, c.text,"
        " (SELECT r.text FROM response r WHERE r.comment_id = c.id ORDER BY r.id DESC LIMIT 1),"
        " c.public_text, c.public_basis FROM comment c JOIN assessment a ON a.id = c.assessment_id"
        " WHERE a.fy = ? AND length(c.text) > 0 ORDER BY c.id",
        [fy],
    )
    return [CommentRow(*r) for r in rows]
