"""Criterion scores from reviewers' A–D ratings, and who is recused (SPEC §2 criteria, §6); pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from reviewer.core.criteria import POINTS
from reviewer.core.models import Conflict, Criterion, Grade, OrgRole

# NEDO's points for the `nedo-standard` template; a plan's own template may give others.
NEDO_POINTS: Mapping[Grade, int] = POINTS  # A=3, B=2, C=1, D=0 (SPEC §2)

# A spread of two points or more (A with C or D; B with D) is flagged for discussion.
FLAG_SPREAD = 2
# A mean from fewer raters than this carries a warning.
FEW_RATERS = 3


@dataclass(frozen=True)
class CriterionScore:
    """One criterion's consensus figures over the ratings given (recused reviewers left out).

    `mean` is unrounded (shown to two decimals) and None with no ratings; `spread` is the points
    of the highest letter given minus those of the lowest, 0 with one rating and None with none.
    """

    mean: float | None
    n: int
    counts: Mapping[Grade, int] = field(default_factory=dict)
    spread: int | None = None
    flagged: bool = False
    few_raters: bool = False


def points_of(criterion: Criterion) -> Mapping[Grade, int]:
    """The points per letter a criteria template gives (a plan may bring its own template)."""
    return {wording.letter: wording.points for wording in criterion.grades}


def criterion_scores(ratings: Sequence[Grade], points: Mapping[Grade, int] = NEDO_POINTS) -> CriterionScore:
    """Return the mean, per-letter counts, spread and flags of one criterion's ratings.

    `ratings` are the non-recused reviewers' letters for one criterion in one FY.
    Raises KeyError if a rating has no points in `points`.
    """
    counts = {grade: 0 for grade in Grade}
    for grade in ratings:
        counts[grade] += 1
    if not ratings:
        return CriterionScore(mean=None, n=0, counts=counts)
    given = [points[grade] for grade in ratings]
    spread = max(given) - min(given)
    return CriterionScore(
        mean=sum(given) / len(given),
        n=len(given),
        counts=counts,
        spread=spread,
        flagged=spread >= FLAG_SPREAD,
        few_raters=len(given) < FEW_RATERS,
    )


def is_recused(
    conflicts: Sequence[Conflict], org_roles: Mapping[str, OrgRole]
) -> tuple[bool, Conflict | None]:
    """Whether a reviewer is recused, and the conflict that recuses them (SPEC §6).

    Recused iff a declared conflict names an organization whose role is `member` (part of the
    implementer); the first such conflict, in declaration order, is the reason. Conflicts with
    prospective or other organizations, or with codes missing from `org_roles`, do not recuse.
    """
    for conflict in conflicts:
        if org_roles.get(conflict.organization) is OrgRole.MEMBER:
            return True, conflict
    return False, None
