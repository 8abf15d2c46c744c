"""Criterion scores and recusal (SPEC §2 criteria, §6) on pure data."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewer.core.consensus import NEDO_POINTS, criterion_scores, is_recused, points_of
from reviewer.core.models import Conflict, ConflictCategory, Criterion, Grade, GradeWording, Names, OrgRole

A, B, C, D = Grade.A, Grade.B, Grade.C, Grade.D


def test_mean_is_unrounded_and_counts_every_letter() -> None:
    got = criterion_scores([A, B, B])
    assert got.mean == pytest.approx(7 / 3)
    assert got.mean != round(7 / 3, 2)
    assert got.n == 3
    assert got.counts == {A: 1, B: 2, C: 0, D: 0}
    assert (got.spread, got.flagged, got.few_raters) == (1, False, False)


@pytest.mark.parametrize(
    ("ratings", "spread", "flagged"),
    [
        ([A, C], 2, True),
        ([A, D], 3, True),
        ([B, D], 2, True),
        ([A, B], 1, False),
        ([C, D], 1, False),
        ([B, B, B, B], 0, False),
        ([A, B, B, C], 2, True),  # the extremes decide, not the neighbours
    ],
)
def test_spread_and_flag(ratings: list[Grade], spread: int, flagged: bool) -> None:
    got = criterion_scores(ratings)
    assert (got.spread, got.flagged) == (spread, flagged)


def test_one_rating_has_zero_spread_and_few_raters() -> None:
    got = criterion_scores([C])
    assert (got.mean, got.n, got.spread, got.flagged, got.few_raters) == (1.0, 1, 0, False, True)


def test_two_raters_are_few_three_are_not() -> None:
    assert criterion_scores([A, A]).few_raters is True
    assert criterion_scores([A, A, A]).few_raters is False


def test_no_ratings_have_no_mean_and_no_spread() -> None:
    got = criterion_scores([])
    assert (got.mean, got.n, got.spread, got.flagged, got.few_raters) == (None, 0, None, False, False)
    assert got.counts == {A: 0, B: 0, C: 0, D: 0}


def test_a_template_may_bring_its_own_points() -> None:
    own = Criterion(
        "impact",
        Names("波及効果", "Impact"),
        tuple(GradeWording(g, p, g.value, g.value) for g, p in ((A, 10), (B, 5), (C, 1), (D, 0))),
    )
    points = points_of(own)
    assert points == {A: 10, B: 5, C: 1, D: 0}
    got = criterion_scores([A, B], points)
    assert (got.mean, got.spread, got.flagged) == (7.5, 5, True)


@given(st.lists(st.sampled_from(list(Grade)), min_size=1, max_size=30))
def test_mean_lies_within_the_letters_given(ratings: list[Grade]) -> None:
    got = criterion_scores(ratings)
    given_points = [NEDO_POINTS[g] for g in ratings]
    assert got.mean is not None
    assert min(given_points) <= got.mean <= max(given_points)
    assert sum(got.counts.values()) == got.n == len(ratings)
    assert got.flagged == (got.spread is not None and got.spread >= 2)


ROLES = {"softbank": OrgRole.MEMBER, "fujitsu": OrgRole.PROSPECTIVE, "univ": OrgRole.OTHER}


def conflict(org: str, category: ConflictCategory = ConflictCategory.SAME_ORGANIZATION) -> Conflict:
    return Conflict("R02", org, category)


def test_a_conflict_with_a_member_recuses_and_names_the_conflict() -> None:
    member = conflict("softbank")
    assert is_recused([member], ROLES) == (True, member)


@pytest.mark.parametrize("org", ["fujitsu", "univ", "not-in-plan"])
def test_conflicts_with_other_organizations_do_not_recuse(org: str) -> None:
    assert is_recused([conflict(org, ConflictCategory.COMPETITOR)], ROLES) == (False, None)


def test_no_conflicts_no_recusal_and_the_first_member_conflict_is_the_reason() -> None:
    assert is_recused([], ROLES) == (False, None)
    first = conflict("softbank", ConflictCategory.CO_RESEARCHER)
    second = conflict("softbank", ConflictCategory.RELATIVE)
    assert is_recused([conflict("fujitsu"), first, second], ROLES) == (True, first)
