"""Assessments (SPEC §6): sheet rows applied with replacement and recusal, baseline, consensus, responses.

How a sheet row maps to the database:

- A criterion or milestone row sets that target's assessment item (`rating`, or NULL for a blank
  rating: comments only) and its three comments (`positive`, `issues`, `recommendations`).
- The `overall` row takes no rating; its three columns are the overall comment's three groups,
  stored as comments with target `overall` and kinds positive / issues / recommendations. A
  reviewer's general overall remark goes in its `positive` column (肯定的意見). Comment kind
  `overall` is not written by sheets.
- A later row for the same reviewer, FY and target replaces all of that target's fields, blanks
  included: a blank rating sets the item's rating to NULL, a blank comment sets its text to ''
  (empty comments are not shown). Comments are updated in place, so responses stay attached.
- A row the sheet sets is the reviewer's own statement, so it confirms a carried-over item
  (carried_over = 0).
- Only what changes is written and audited (one entry per item or comment), so importing the
  same content again writes nothing.
- A recused reviewer (a conflict with a `member` organization) is refused for every row, comments
  included: a recused reviewer takes no part in that FY's assessment, and their comments would
  otherwise reach the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from reviewer.core.consensus import is_recused
from reviewer.core.errors import ProblemCollector, Refused
from reviewer.core.limits import TextKind, over_limit
from reviewer.core.models import (
    CommentKind,
    Grade,
    Judgement,
    OrgRole,
    Place,
    Plan,
    Reviewer,
    SheetRow,
)
from reviewer.core.normalize import fold
from reviewer.core.redaction import text_basis
from reviewer.store import assessment_writes as store
from reviewer.store import audit, disclosures
from reviewer.store import programs as programs_store
from reviewer.store.db import write_transaction

OVERALL = "overall"
SHEET_KINDS = (CommentKind.POSITIVE, CommentKind.ISSUES, CommentKind.RECOMMENDATIONS)
_GRADES = frozenset(g.value for g in Grade)
_JUDGEMENTS = frozenset(j.value for j in Judgement)


@dataclass(frozen=True)
class TargetValues:
    """What one target of one reviewer's assessment holds: a rating (or None) and three comments."""

    reviewer: str
    fy: int
    target: str
    rating: str | None
    positive: str = ""
    issues: str = ""
    recommendations: str = ""

    def comment(self, kind: CommentKind) -> str:
        text = {
            CommentKind.POSITIVE: self.positive,
            CommentKind.ISSUES: self.issues,
            CommentKind.RECOMMENDATIONS: self.recommendations,
        }[kind]
        return text if text.strip() else ""  # white space only is a blank comment


@dataclass(frozen=True)
class Applied:
    """What applying assessment values changed: targets touched, items and comments written."""

    targets: int
    items_changed: int
    comments_changed: int


# --------------------------------------------------------------------------- recusal and targets


@dataclass(frozen=True)
class Recusal:
    """Why a reviewer is recused: the conflict with a member organization (E-RECUSED's parameters)."""

    reviewer: str
    organization: str
    name: str
    category: str

    def params(self) -> dict[str, str]:
        return {
            "reviewer": self.reviewer,
            "organization": self.organization,
            "name": self.name,
            "category": self.category,
        }


def recusal(plan: Plan, reviewer: Reviewer) -> Recusal | None:
    """The conflict that recuses `reviewer`, or None (SPEC §6: a conflict with a `member` organization)."""
    roles = {o.code: o.role for o in plan.organizations}
    recused, conflict = is_recused(reviewer.conflicts, roles)
    if not recused or conflict is None:
        return None
    org = next(o for o in plan.organizations if o.code == conflict.organization and o.role is OrgRole.MEMBER)
    return Recusal(reviewer.id, org.code, org.name, conflict.category.value)


def targets_of(plan: Plan, fy: int) -> dict[str, str]:
    """Target code → its kind (`criterion`, `milestone`, `overall`) for an FY, in sheet order."""
    out = {c.code: "criterion" for c in plan.criteria}
    out.update({m.code: "milestone" for m in plan.milestones if m.fy == fy})
    out[OVERALL] = "overall"
    return out


def _rating_fits(kind: str, rating: str | None) -> bool:
    if rating is None:
        return True
    if kind == "criterion":
        return rating in _GRADES
    if kind == "milestone":
        return rating in _JUDGEMENTS
    return False  # overall takes comments only


def _check_rows(
    plan: Plan, signed: set[int], rows: Sequence[SheetRow], file: str
) -> list[tuple[TargetValues, int | None]]:
    """Resolve every row against the plan, collecting all problems; raises InputRefused if any."""
    problems = ProblemCollector(file)
    reviewers = {fold(r.id): r for r in plan.reviewers}
    fys = {y.fy for y in plan.fiscal_years}
    signed_reported: set[int] = set()
    out: list[tuple[TargetValues, int | None]] = []
    for row in rows:
        line = row.place.line
        reviewer = reviewers.get(fold(row.reviewer))
        if reviewer is None:
            problems.add("E-SHEET-REVIEWER", line, reviewer=row.reviewer)
        else:
            reason = recusal(plan, reviewer)
            if reason is not None:
                problems.add(
                    "E-RECUSED",
                    line,
                    None,
                    reviewer=reason.reviewer,
                    organization=reason.organization,
                    name=reason.name,
                    category=reason.category,
                )
        if row.fy not in fys:
            problems.add("E-SHEET-FY", line, fy=row.fy)
            continue
        if row.fy in signed and row.fy not in signed_reported:
            signed_reported.add(row.fy)  # once per FY: every row of it is refused for the same reason
            problems.add("E-FY-SIGNED", line, fy=row.fy)
        targets = {fold(code): (code, kind) for code, kind in targets_of(plan, row.fy).items()}
        found = targets.get(fold(row.target))
        if found is None:
            problems.add("E-SHEET-TARGET", line, target=row.target, fy=row.fy)
            continue
        code, kind = found
        if not _rating_fits(kind, row.rating):
            problems.add("E-SHEET-RATING", line, target=code, rating=row.rating or "", kind=kind)
        for field, text in (
            ("positive", row.positive),
            ("issues", row.issues),
            ("recommendations", row.recommendations),
        ):
            limit = over_limit(text, TextKind.LONG)  # SPEC §10: sheet, package and desktop alike
            if limit is not None:
                problems.add("E-TOO-LONG", line, field=field, length=len(text), limit=limit)
        if reviewer is not None:
            values = TargetValues(
                reviewer.id, row.fy, code, row.rating, row.positive, row.issues, row.recommendations
            )
            out.append((values, line))
    problems.raise_if_any()
    return out


# --------------------------------------------------------------------------- writing


def _item_audit(values: TargetValues, rating: str | None, carried_over: bool) -> dict[str, object]:
    return {
        "reviewer": values.reviewer,
        "fy": values.fy,
        "target": values.target,
        "rating": rating,
        "carried_over": carried_over,
    }


def _comment_audit(reviewer: str, fy: int, target: str, kind: str, text: str) -> dict[str, object]:
    return {"reviewer": reviewer, "fy": fy, "target": target, "kind": kind, "text": text}


def _write_target(
    db: sqlite_utils.Database,
    op: audit.Operation,
    values: TargetValues,
    *,
    carried_over: bool = False,
    keep_carried_over: bool = False,
) -> tuple[int, int]:
    """Replace one target's fields (rating and three comments); returns (items, comments) changed.

    With `keep_carried_over`, a carried-over rating that `values` leaves as it was stays carried
    over (not counted): only a changed rating, or `confirm_item`, is the reviewer's own.
    """
    assessment = store.ensure_assessment(db, values.reviewer, values.fy)
    items_changed = comments_changed = 0
    if values.target != OVERALL:
        item = store.items(db, assessment).get(values.target)
        if keep_carried_over and item is not None and item.carried_over and item.rating == values.rating:
            carried_over = True
        if item is None:
            if values.rating is not None:
                item_id = store.insert_item(
                    db, assessment, values.target, values.rating, carried_over, op.actor, op.at
                )
                audit.append(
                    db,
                    op,
                    "assessment_item",
                    item_id,
                    "insert",
                    None,
                    _item_audit(values, values.rating, carried_over),
                )
                items_changed += 1
        elif (item.rating, item.carried_over) != (values.rating, carried_over):
            store.update_item(db, item.id, values.rating, carried_over, op.actor, op.at)
            audit.append(
                db,
                op,
                "assessment_item",
                item.id,
                "update",
                _item_audit(values, item.rating, item.carried_over),
                _item_audit(values, values.rating, carried_over),
            )
            items_changed += 1
    existing = store.comments_of(db, assessment)
    for kind in SHEET_KINDS:
        text = values.comment(kind)
        old = existing.get((values.target, kind.value))
        if old is None:
            if text:
                comment_id = store.insert_comment(db, assessment, values.target, kind.value, text)
                audit.append(
                    db,
                    op,
                    "comment",
                    comment_id,
                    "insert",
                    None,
                    _comment_audit(values.reviewer, values.fy, values.target, kind.value, text),
                )
                comments_changed += 1
        elif old.text != text:
            store.update_comment(db, old.id, text)
            audit.append(
                db,
                op,
                "comment",
                old.id,
                "update",
                _comment_audit(values.reviewer, values.fy, values.target, kind.value, old.text),
                _comment_audit(values.reviewer, values.fy, values.target, kind.value, text),
            )
            comments_changed += 1
    return items_changed, comments_changed


def apply_sheet(
    db: sqlite_utils.Database,
    rows: Sequence[SheetRow],
    *,
    file: str,
    actor: str | None = None,
    op: audit.Operation | None = None,
    keep_carried_over: bool = False,
) -> Applied:
    """Apply an assessment sheet's rows, all or nothing (inside the caller's transaction if one is open).

    Every row is checked first (reviewer, FY, target, rating kind, recusal, signed FY) and all
    problems are reported together. Returns what changed. Raises InputRefused with every problem
    (E-SHEET-REVIEWER, E-SHEET-FY, E-SHEET-TARGET, E-SHEET-RATING, E-RECUSED, E-FY-SIGNED).
    """
    op = op or audit.Operation(actor=actor or audit.os_user())
    plan = programs_store.read_plan(db)
    resolved = _check_rows(plan, programs_store.signed_fys(db), rows, file)
    items = comments = 0
    with write_transaction(db):
        for values, _line in resolved:
            i, c = _write_target(db, op, values, keep_carried_over=keep_carried_over)
            items += i
            comments += c
    return Applied(len(resolved), items, comments)


def save_target(
    db: sqlite_utils.Database,
    values: TargetValues,
    *,
    actor: str | None = None,
    keep_carried_over: bool = False,
) -> Applied:
    """Save one target of one reviewer's assessment (the desktop's edit, a package's item).

    Same rules and refusals as a sheet row, raised as InputRefused with file `assessment`. The
    desktop passes `keep_carried_over`: editing a comment does not confirm a carried-over rating.
    """
    row = SheetRow(
        values.reviewer,
        values.fy,
        values.target,
        values.rating,
        values.positive,
        values.issues,
        values.recommendations,
        place=Place(),
    )
    return apply_sheet(db, [row], file="assessment", actor=actor, keep_carried_over=keep_carried_over)


# --------------------------------------------------------------------------- baseline


def _known_reviewer(plan: Plan, reviewer_id: str) -> Reviewer:
    for r in plan.reviewers:
        if r.id == reviewer_id:
            return r
    raise Refused("E-NO-REVIEWER", reviewer=reviewer_id)


def _writable_fy(db: sqlite_utils.Database, plan: Plan, fy: int) -> None:
    if fy not in {y.fy for y in plan.fiscal_years}:
        raise Refused("E-NO-FY", fy=fy)
    if fy in programs_store.signed_fys(db):
        raise Refused("E-FY-SIGNED", fy=fy)


def carry_over(
    db: sqlite_utils.Database, reviewer_id: str, from_fy: int, to_fy: int, *, actor: str | None = None
) -> int:
    """Seed `to_fy` with the reviewer's `from_fy` criterion ratings and comments, as carried over.

    Ratings are copied with carried_over = 1 (they count only once `confirm_item` confirms them);
    comments on criteria and `overall` are copied as they were, with the public text the
    secretariat set for them (SPEC §8). Nothing already present in
    `to_fy` is touched. One transaction, one audit entry per copied row. Returns the rows copied.
    Raises Refused E-NO-REVIEWER, E-NO-FY, E-FY-SIGNED (to_fy), E-RECUSED.
    """
    plan = programs_store.read_plan(db)
    reviewer = _known_reviewer(plan, reviewer_id)
    _writable_fy(db, plan, to_fy)
    reason = recusal(plan, reviewer)
    if reason is not None:
        raise Refused("E-RECUSED", **reason.params())
    source = store.assessment_id(db, reviewer_id, from_fy)
    if source is None:
        return 0
    criteria = {c.code for c in plan.criteria}
    op = audit.Operation(actor=actor or audit.os_user())
    copied = 0
    with write_transaction(db):
        target = store.ensure_assessment(db, reviewer_id, to_fy)
        have_items = store.items(db, target)
        for item in store.items(db, source).values():
            if item.target in criteria and item.rating is not None and item.target not in have_items:
                values = TargetValues(reviewer_id, to_fy, item.target, item.rating)
                item_id = store.insert_item(db, target, item.target, item.rating, True, op.actor, op.at)
                audit.append(
                    db, op, "assessment_item", item_id, "insert", None, _item_audit(values, item.rating, True)
                )
                copied += 1
        have_comments = store.comments_of(db, target)
        for (code, kind), old in store.comments_of(db, source).items():
            if (code in criteria or code == OVERALL) and old.text and (code, kind) not in have_comments:
                comment_id = store.insert_comment(db, target, code, kind, old.text)
                audit.append(
                    db,
                    op,
                    "comment",
                    comment_id,
                    "insert",
                    None,
                    _comment_audit(reviewer_id, to_fy, code, kind, old.text),
                )
                _carry_redaction(db, op, comment_id, old)
                copied += 1
    return copied


def _carry_redaction(
    db: sqlite_utils.Database, op: audit.Operation, comment_id: int, old: store.StoredComment
) -> None:
    """The copied comment keeps the public text the secretariat set for the original (SPEC §8):
    its text is the one that public text was written for, and without it the next FY's public
    edition would print what this one kept out. The basis goes with it, so a public text that
    was out of date stays so (a public text from before bases were recorded gets the text's)."""
    if old.public_text is None:
        return
    basis = old.public_basis or text_basis(old.text)
    disclosures.set_public_text(db, op, comment_id, (None, None), old.public_text, basis)


def confirm_item(
    db: sqlite_utils.Database,
    reviewer_id: str,
    fy: int,
    target: str,
    *,
    actor: str | None = None,
    op: audit.Operation | None = None,
) -> bool:
    """Confirm a carried-over rating so that it counts; returns False when it already counted.

    Raises Refused E-NO-REVIEWER, E-NO-FY, E-FY-SIGNED, E-NO-ITEM (no such rated item).
    """
    plan = programs_store.read_plan(db)
    _known_reviewer(plan, reviewer_id)
    _writable_fy(db, plan, fy)
    assessment = store.assessment_id(db, reviewer_id, fy)
    item = None if assessment is None else store.items(db, assessment).get(target)
    if item is None:
        raise Refused("E-NO-ITEM", reviewer=reviewer_id, fy=fy, target=target)
    if not item.carried_over:
        return False
    op = op or audit.Operation(actor=actor or audit.os_user())
    values = TargetValues(reviewer_id, fy, target, item.rating)
    with write_transaction(db):
        store.update_item(db, item.id, item.rating, False, op.actor, op.at)
        audit.append(
            db,
            op,
            "assessment_item",
            item.id,
            "update",
            _item_audit(values, item.rating, True),
            _item_audit(values, item.rating, False),
        )
    return True
