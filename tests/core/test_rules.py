"""Milestone rules (SPEC §5) on pure data: compare, benchmark, fleet, model, majority, achievement."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewer.core.models import (
    Area,
    BenchmarkRule,
    FleetMeasure,
    FleetRule,
    FleetSource,
    Judgement,
    Milestone,
    ModelRule,
    Names,
    Op,
    Status,
)
from reviewer.core.rules import (
    W_FLEET_DUPLICATE,
    W_FLEET_NO_HOURS,
    W_FLEET_OVERLAP,
    W_FLEET_UNKNOWN_INDUSTRY,
    W_HIGHER_IS_BETTER,
    W_LATE_EVIDENCE,
    W_MODEL_MISSING_RESULT,
    FleetOverlap,
    compare,
    counted_status,
    evaluate_benchmark,
    evaluate_fleet,
    evaluate_milestone,
    evaluate_model,
    majority_judgement,
    weighted_achievement,
)
from tests.core import DUE, fleet, release, result

MET, PARTIAL, NOT_MET, NONE = Status.MET, Status.PARTIALLY_MET, Status.NOT_MET, Status.NO_EVIDENCE
AFTER_DUE = DUE + dt.timedelta(days=1)
ARC = BenchmarkRule(("arc_challenge", "ARC-Challenge"), Op.GE, 0.30, metric="acc", partial=0.27)


# --------------------------------------------------------------------------- compare


@pytest.mark.parametrize(
    ("op", "value", "target", "partial", "expected"),
    [
        (Op.GE, 0.30, 0.30, 0.27, MET),  # at target
        (Op.GE, 0.31, 0.30, 0.27, MET),
        (Op.GE, 0.2999, 0.30, 0.27, PARTIAL),  # just below target
        (Op.GE, 0.27, 0.30, 0.27, PARTIAL),  # at partial
        (Op.GE, 0.2699, 0.30, 0.27, NOT_MET),  # just below partial
        (Op.GE, 0.2999, 0.30, None, NOT_MET),  # no partial: nothing in between
        (Op.GT, 0.30, 0.30, 0.27, PARTIAL),  # `>`: the target itself is only partial
        (Op.GT, 0.30, 0.30, None, NOT_MET),
        (Op.GT, 0.3001, 0.30, None, MET),
        (Op.GT, 0.27, 0.30, 0.27, PARTIAL),
        (Op.GT, 0.2699, 0.30, 0.27, NOT_MET),
        (Op.LE, 2.0, 2.0, 5.0, MET),  # at target
        (Op.LE, 1.0, 2.0, 5.0, MET),
        (Op.LE, 2.0001, 2.0, 5.0, PARTIAL),  # just above target
        (Op.LE, 5.0, 2.0, 5.0, PARTIAL),  # at partial
        (Op.LE, 5.0001, 2.0, 5.0, NOT_MET),
        (Op.LE, 2.0001, 2.0, None, NOT_MET),
        (Op.LT, 2.0, 2.0, 5.0, PARTIAL),  # `<`: the target itself is only partial
        (Op.LT, 2.0, 2.0, None, NOT_MET),
        (Op.LT, 1.9999, 2.0, None, MET),
        (Op.LT, 5.0, 2.0, 5.0, PARTIAL),
        (Op.LT, 5.0001, 2.0, 5.0, NOT_MET),
    ],
)
def test_compare_at_and_around_boundaries(
    op: Op, value: float, target: float, partial: float | None, expected: Status
) -> None:
    assert compare(op, value, target, partial) is expected


def test_eq_is_met_within_1e_9_relative() -> None:
    assert compare(Op.EQ, 1000.0, 1000.0) is MET
    assert compare(Op.EQ, 1000.0 * (1 + 0.9e-9), 1000.0) is MET
    assert compare(Op.EQ, 1000.0 * (1 - 0.9e-9), 1000.0) is MET
    assert compare(Op.EQ, 1000.0 * (1 + 2e-9), 1000.0) is NOT_MET
    assert compare(Op.EQ, 0.1 + 0.2, 0.3) is MET  # float noise is not a failed delivery
    assert compare(Op.EQ, 1e-12, 0.0) is NOT_MET  # relative: zero is matched only by zero
    assert compare(Op.EQ, 0.0, 0.0) is MET


def test_eq_takes_no_partial() -> None:
    with pytest.raises(ValueError, match="partial"):
        compare(Op.EQ, 1.0, 1.0, 0.5)


_RANK = {NOT_MET: 0, PARTIAL: 1, MET: 2}
_finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(a=_finite, b=_finite, target=_finite, gap=st.floats(min_value=0, max_value=1e3))
def test_compare_ge_is_monotone_in_value(a: float, b: float, target: float, gap: float) -> None:
    low, high = sorted((a, b))
    partial = target - gap
    assert _RANK[compare(Op.GE, low, target, partial)] <= _RANK[compare(Op.GE, high, target, partial)]
    assert _RANK[compare(Op.GT, low, target, partial)] <= _RANK[compare(Op.GT, high, target, partial)]


@given(value=_finite, target=_finite, gap=st.floats(min_value=0, max_value=1e3))
def test_compare_le_mirrors_ge(value: float, target: float, gap: float) -> None:
    # Negating both sides turns `<=` into `>=` and `<` into `>`.
    assert compare(Op.LE, value, target, target + gap) is compare(Op.GE, -value, -target, -(target + gap))
    assert compare(Op.LT, value, target, target + gap) is compare(Op.GT, -value, -target, -(target + gap))


# --------------------------------------------------------------------------- benchmark


def test_no_matching_result_is_no_evidence_never_not_met() -> None:
    got = evaluate_benchmark(ARC, DUE, [result(1, 0.9, names=("hellaswag",))])
    assert (got.status, got.value, got.target, got.evidence_ids) == (NONE, None, 0.30, ())
    assert evaluate_benchmark(ARC, DUE, []).status is NONE


def test_metric_is_exact_after_case_folding() -> None:
    norm_only = [result(1, 0.9, metric="acc_norm")]
    assert evaluate_benchmark(ARC, DUE, norm_only).status is NONE  # acc is not acc_norm
    got = evaluate_benchmark(ARC, DUE, [result(2, 0.31, metric="ACC"), *norm_only])
    assert (got.status, got.evidence_ids) == (MET, (2,))


def test_rule_without_metric_matches_only_results_without_one() -> None:
    rule = BenchmarkRule(("arc_challenge",), Op.GE, 0.5)
    evidence = [result(1, 0.9, metric="acc"), result(2, 0.4, metric=None)]
    got = evaluate_benchmark(rule, DUE, evidence)
    assert (got.status, got.value, got.evidence_ids) == (NOT_MET, 0.4, (2,))
    # and a rule with a metric never takes a metric-less (hf-eval-results) entry
    assert evaluate_benchmark(ARC, DUE, [result(3, 0.9, metric=None)]).status is NONE


def test_filter_restricts_else_all_filters_compete() -> None:
    rule = BenchmarkRule(("gsm8k",), Op.GE, 0.5, metric="exact_match")
    evidence = [
        result(1, 0.45, names=("gsm8k",), metric="exact_match", filter="strict-match"),
        result(2, 0.55, names=("gsm8k",), metric="exact_match", filter="flexible-extract"),
    ]
    assert evaluate_benchmark(rule, DUE, evidence).evidence_ids == (2,)
    strict = dataclasses.replace(rule, filter="Strict-Match")
    got = evaluate_benchmark(strict, DUE, evidence)
    assert (got.status, got.evidence_ids) == (NOT_MET, (1,))


def test_a_result_without_filter_is_lm_evals_none_filter() -> None:
    rule = dataclasses.replace(ARC, filter="none")
    assert evaluate_benchmark(rule, DUE, [result(1, 0.31, filter=None)]).status is MET
    assert evaluate_benchmark(rule, DUE, [result(2, 0.31, filter="strict-match")]).status is NONE


@pytest.mark.parametrize(
    "name",
    [
        "arc_challenge",
        "ARC_Challenge",
        "ARC-Challenge",
        "arc-challenge",
        "ＡＲＣ－Ｃｈａｌｌｅｎｇｅ",
        " arc_challenge ",
    ],
)
def test_any_alias_matches_any_name_after_nfkc_and_case_folding(name: str) -> None:
    got = evaluate_benchmark(ARC, DUE, [result(1, 0.31, names=("ai2_arc_other", name))])
    assert got.status is MET


def test_similar_but_different_names_do_not_match() -> None:
    for name in ("arc_easy", "arc", "arc_challenge_chat", "ARC Challenge"):
        assert evaluate_benchmark(ARC, DUE, [result(1, 0.31, names=(name,))]).status is NONE, name


def test_model_is_matched_case_folded_without_revision_never_by_prefix() -> None:
    rule = dataclasses.replace(ARC, model="ACME/Robo-1")
    evidence = [
        result(1, 0.28, model="acme/robo-1@3f2a9c"),
        result(2, 0.99, model="acme/robo-10"),  # prefix: another model
        result(3, 0.99, model="acme/robo"),
        result(4, 0.99, model="other/model"),
    ]
    got = evaluate_benchmark(rule, DUE, evidence)
    assert (got.status, got.evidence_ids) == (PARTIAL, (1,))
    with_revision = dataclasses.replace(ARC, model="acme/robo-1@main")
    assert evaluate_benchmark(with_revision, DUE, evidence).evidence_ids == (1,)
    assert evaluate_benchmark(dataclasses.replace(ARC, model="acme/robo"), DUE, evidence).evidence_ids == (3,)


def test_baseline_models_never_count_without_a_model() -> None:
    evidence = [result(1, 0.95, model="OpenVLA/openvla-7b@v1"), result(2, 0.28, model="acme/robo-1")]
    got = evaluate_benchmark(ARC, DUE, evidence, baseline_models=["openvla/openvla-7b"])
    assert (got.status, got.evidence_ids) == (PARTIAL, (2,))
    only_baseline = evaluate_benchmark(ARC, DUE, evidence[:1], baseline_models=["openvla/openvla-7b"])
    assert only_baseline.status is NONE
    # Without baselines every model competes.
    assert evaluate_benchmark(ARC, DUE, evidence).evidence_ids == (1,)


def test_a_rule_naming_a_baseline_model_considers_it() -> None:
    rule = dataclasses.replace(ARC, model="openvla/openvla-7b")
    got = evaluate_benchmark(rule, DUE, [result(1, 0.95, model="openvla/openvla-7b")], ["openvla/openvla-7b"])
    assert got.status is MET


def test_results_after_due_are_left_out_and_noted() -> None:
    evidence = [result(1, 0.28, date=DUE), result(2, 0.95, date=AFTER_DUE)]
    got = evaluate_benchmark(ARC, DUE, evidence)
    assert (got.status, got.evidence_ids) == (PARTIAL, (1,))  # effective == due still counts
    assert [w.code for w in got.warnings] == [W_LATE_EVIDENCE]
    late_only = evaluate_benchmark(ARC, DUE, evidence[1:])
    assert late_only.status is NONE
    assert late_only.warnings[0].params == {"count": 1}


def test_best_is_max_for_ge_and_gt() -> None:
    evidence = [result(1, 0.25), result(2, 0.31), result(3, 0.28)]
    assert evaluate_benchmark(ARC, DUE, evidence).evidence_ids == (2,)
    assert evaluate_benchmark(dataclasses.replace(ARC, op=Op.GT), DUE, evidence).value == 0.31


def test_best_is_min_for_le_and_lt() -> None:
    rule = BenchmarkRule(("latency",), Op.LE, 100.0, metric="ms", partial=150.0)
    evidence = [
        result(1, 140.0, names=("latency",), metric="ms"),
        result(2, 120.0, names=("latency",), metric="ms"),
    ]
    got = evaluate_benchmark(rule, DUE, evidence)
    assert (got.status, got.value, got.evidence_ids) == (PARTIAL, 120.0, (2,))
    assert evaluate_benchmark(dataclasses.replace(rule, op=Op.LT, partial=None), DUE, evidence).value == 120.0


def test_eq_picks_the_result_closest_to_target() -> None:
    rule = BenchmarkRule(("arc_challenge",), Op.EQ, 0.5, metric="acc")
    evidence = [result(1, 0.9), result(2, 0.5000000001), result(3, 0.1)]
    got = evaluate_benchmark(rule, DUE, evidence)
    assert (got.status, got.evidence_ids) == (MET, (2,))
    assert evaluate_benchmark(rule, DUE, [result(1, 0.75), result(3, 0.2)]).evidence_ids == (1,)


def test_contradicting_higher_is_better_is_counted_and_warned() -> None:
    evidence = [
        result(1, 0.35, higher_is_better=False),
        result(2, 0.20, higher_is_better=True),
        result(3, 0.10, higher_is_better=None),
    ]
    got = evaluate_benchmark(ARC, DUE, evidence)
    assert (got.status, got.evidence_ids) == (MET, (1,))
    assert [(w.code, w.evidence_id) for w in got.warnings] == [(W_HIGHER_IS_BETTER, 1)]
    lower = dataclasses.replace(ARC, op=Op.LE, target=0.15, partial=None)
    got = evaluate_benchmark(lower, DUE, evidence)
    assert (got.status, got.evidence_ids) == (MET, (3,))
    assert [(w.code, w.evidence_id) for w in got.warnings] == [(W_HIGHER_IS_BETTER, 2)]


def test_self_reported_follows_the_deciding_result_and_ties_prefer_independent() -> None:
    independent = result(2, 0.31, self_reported=False)
    assert evaluate_benchmark(ARC, DUE, [result(1, 0.31), independent]).evidence_ids == (2,)
    assert evaluate_benchmark(ARC, DUE, [result(1, 0.31), independent]).self_reported is False
    assert evaluate_benchmark(ARC, DUE, [result(1, 0.32), independent]).self_reported is True
    # an equal independent result wins even when a self-reported one came first
    earlier = result(3, 0.31, date=dt.date(2027, 5, 1))
    assert evaluate_benchmark(ARC, DUE, [earlier, independent]).evidence_ids == (2,)
    # among equals of one kind the earliest decides
    assert evaluate_benchmark(ARC, DUE, [result(1, 0.31), earlier]).evidence_ids == (3,)


def test_other_evidence_kinds_are_ignored_by_a_benchmark_rule() -> None:
    assert evaluate_benchmark(ARC, DUE, [release(1), fleet(2, "A", 1, 1, 1.0)]).status is NONE


# --------------------------------------------------------------------------- fleet


def rule(
    measure: FleetMeasure,
    op: Op = Op.GE,
    target: float = 100,
    *,
    industry: str | None = None,
    min_robots: int = 1,
    partial: float | None = None,
) -> FleetRule:
    return FleetRule(measure, "2027-04", op, target, industry, min_robots, partial)


FLEET = [
    fleet(1, "A", 80, 70, 1000, 3, 1, industry="medical"),
    fleet(2, "B", 50, 45, 500, 1, 0, industry="medical"),
    fleet(3, "A", 20, 10, 300, 2, 2, industry="logistics"),
    fleet(4, "A", 999, 999, 9999, 99, 99, industry="medical", period="2027-05"),
]


@pytest.mark.parametrize(
    ("measure", "industry", "expected"),
    [
        (FleetMeasure.ROBOTS_DEPLOYED, None, 150),
        (FleetMeasure.ROBOTS_ACTIVE, None, 125),
        (FleetMeasure.ROBOTS_ACTIVE, "medical", 115),
        (FleetMeasure.OPERATING_HOURS, None, 1800),
        (FleetMeasure.OPERATING_HOURS, "logistics", 300),
        (FleetMeasure.INTERVENTIONS, None, 6),
        (FleetMeasure.INCIDENTS, None, 3),
        (FleetMeasure.INTERVENTIONS_PER_1000H, None, 1000 * 6 / 1800),
        (FleetMeasure.INTERVENTIONS_PER_1000H, "medical", 1000 * 4 / 1500),
    ],
)
def test_fleet_sums_over_operators_and_industries_of_the_period(
    measure: FleetMeasure, industry: str | None, expected: float
) -> None:
    got = evaluate_fleet(rule(measure, industry=industry), FLEET)
    assert got.value == pytest.approx(expected)
    assert 4 not in got.evidence_ids  # another period
    assert got.evidence_ids == ((1, 2) if industry == "medical" else (3,) if industry else (1, 2, 3))


def test_fleet_status_uses_compare() -> None:
    assert evaluate_fleet(rule(FleetMeasure.ROBOTS_ACTIVE, target=125), FLEET).status is MET
    assert evaluate_fleet(rule(FleetMeasure.ROBOTS_ACTIVE, target=126), FLEET).status is NOT_MET
    assert evaluate_fleet(rule(FleetMeasure.ROBOTS_ACTIVE, target=126, partial=125), FLEET).status is PARTIAL
    got = evaluate_fleet(rule(FleetMeasure.INCIDENTS, Op.LT, 3, partial=4), FLEET)
    assert (got.status, got.target, got.self_reported) == (PARTIAL, 3, False)


def test_fleet_without_rows_is_no_evidence() -> None:
    assert evaluate_fleet(rule(FleetMeasure.ROBOTS_ACTIVE), []).status is NONE
    assert evaluate_fleet(rule(FleetMeasure.ROBOTS_ACTIVE, industry="food_service"), FLEET).status is NONE
    other_period = FleetRule(FleetMeasure.ROBOTS_ACTIVE, "2027-06", Op.GE, 1)
    assert evaluate_fleet(other_period, FLEET).status is NONE


def test_interventions_per_1000h_over_zero_hours_is_no_evidence() -> None:
    rows = [fleet(1, "A", 5, 0, 0, 0), fleet(2, "B", 5, 0, 0.0, 3)]
    got = evaluate_fleet(rule(FleetMeasure.INTERVENTIONS_PER_1000H, Op.LE, 2.0), rows)
    assert (got.status, got.value, got.evidence_ids) == (NONE, None, (1, 2))
    assert [w.code for w in got.warnings] == [W_FLEET_NO_HOURS]
    # the other measures of the same rows are plain zeros, not missing evidence
    assert evaluate_fleet(rule(FleetMeasure.OPERATING_HOURS, Op.GE, 0), rows).status is MET


def test_industries_active_counts_industries_reaching_min_robots() -> None:
    rows = [
        fleet(1, "A", 10, 6, 10, industry="medical"),
        fleet(2, "B", 10, 4, 10, industry="medical"),  # medical sums to 10 across operators
        fleet(3, "A", 10, 9, 10, industry="logistics"),
        fleet(4, "A", 10, 0, 10, industry="food_service"),
    ]
    assert evaluate_fleet(rule(FleetMeasure.INDUSTRIES_ACTIVE, target=2, min_robots=10), rows).value == 1
    assert evaluate_fleet(rule(FleetMeasure.INDUSTRIES_ACTIVE, target=2, min_robots=9), rows).value == 2
    got = evaluate_fleet(rule(FleetMeasure.INDUSTRIES_ACTIVE, target=2), rows)  # default min_robots 1
    assert (got.status, got.value) == (MET, 2)
    restricted = evaluate_fleet(rule(FleetMeasure.INDUSTRIES_ACTIVE, target=1, industry="food_service"), rows)
    assert (restricted.status, restricted.value) == (NOT_MET, 0)


def test_report_row_counts_over_telemetry_of_the_same_key_and_the_overlap_is_listed() -> None:
    rows = [
        fleet(1, "A", 80, 70, 1000, 3),
        fleet(2, "a ", 90, 85, 1200, 9, source=FleetSource.TELEMETRY),  # same operator, folded
        fleet(3, "B", 50, 45, 500, 1, source=FleetSource.TELEMETRY),  # telemetry alone counts
    ]
    got = evaluate_fleet(rule(FleetMeasure.ROBOTS_ACTIVE), rows)
    assert (got.value, got.evidence_ids) == (115, (1, 3))
    assert got.overlaps == (FleetOverlap("2027-04", "medical", "A", (1,), (2,)),)
    assert [w.code for w in got.warnings] == [W_FLEET_OVERLAP]
    no_overlap = evaluate_fleet(rule(FleetMeasure.ROBOTS_ACTIVE), rows[1:])
    assert (no_overlap.value, no_overlap.overlaps) == (130, ())


def test_two_current_rows_of_one_source_and_key_are_not_double_counted() -> None:
    rows = [fleet(7, "A", 80, 70, 1000), fleet(9, "A", 80, 60, 1000)]
    got = evaluate_fleet(rule(FleetMeasure.ROBOTS_ACTIVE), rows)
    assert (got.value, got.evidence_ids) == (60, (9,))
    assert [(w.code, w.evidence_id) for w in got.warnings] == [(W_FLEET_DUPLICATE, 9)]


def test_rows_of_industries_outside_the_plan_are_left_out_with_a_warning() -> None:
    rows = [fleet(1, "A", 10, 10, 10), fleet(2, "A", 10, 5, 10, industry="space")]
    got = evaluate_fleet(rule(FleetMeasure.ROBOTS_ACTIVE), rows, industry_codes={"medical", "logistics"})
    assert (got.value, got.evidence_ids) == (10, (1,))
    assert [(w.code, w.evidence_id) for w in got.warnings] == [(W_FLEET_UNKNOWN_INDUSTRY, 2)]
    assert evaluate_fleet(rule(FleetMeasure.ROBOTS_ACTIVE), rows).value == 15


# --------------------------------------------------------------------------- model

MODEL = ModelRule("acme/robo-1", requires=("arc_challenge", "LIBERO-Long"))
ARC_RESULT = result(10, 0.3, names=("arc_challenge",))
LIBERO_RESULT = result(11, 0.7, names=("libero_10", "ｌｉｂｅｒｏ-long"), metric="success_rate")


def test_model_met_with_a_result_for_each_requirement() -> None:
    got = evaluate_model(MODEL, DUE, [release(1)], [ARC_RESULT, LIBERO_RESULT])
    assert (got.status, got.value, got.target, got.evidence_ids) == (MET, None, None, (1, 10, 11))
    assert got.self_reported is True
    assert evaluate_model(ModelRule("acme/robo-1"), DUE, [release(1)], []).status is MET


def test_model_partially_met_without_all_requirements() -> None:
    late = dataclasses.replace(LIBERO_RESULT, effective_date=AFTER_DUE)
    other_model = result(12, 0.7, names=("LIBERO-Long",), model="acme/robo-2")
    got = evaluate_model(MODEL, DUE, [release(1)], [ARC_RESULT, late, other_model])
    assert (got.status, got.evidence_ids) == (PARTIAL, (1, 10))
    assert [(w.code, w.params["benchmark"]) for w in got.warnings] == [
        (W_MODEL_MISSING_RESULT, "LIBERO-Long")
    ]


def test_model_evidence_is_the_earliest_matching_result_per_requirement() -> None:
    later_arc = result(13, 0.9, names=("ARC_Challenge",), date=dt.date(2027, 8, 1))
    got = evaluate_model(MODEL, DUE, [release(1)], [later_arc, ARC_RESULT, LIBERO_RESULT])
    assert got.evidence_ids == (1, 10, 11)


def test_model_released_on_the_due_date_is_on_time() -> None:
    results = [dataclasses.replace(r, effective_date=DUE) for r in (ARC_RESULT, LIBERO_RESULT)]
    assert evaluate_model(MODEL, DUE, [release(1, date=DUE)], results).status is MET


def test_model_not_met_when_released_only_after_due() -> None:
    got = evaluate_model(MODEL, DUE, [release(1, date=AFTER_DUE)], [ARC_RESULT, LIBERO_RESULT])
    assert (got.status, got.evidence_ids) == (NOT_MET, (1,))


def test_model_no_evidence_without_a_release_of_that_name() -> None:
    assert evaluate_model(MODEL, DUE, [], [ARC_RESULT]).status is NONE
    assert evaluate_model(MODEL, DUE, [release(1, "acme/robo-10")], [ARC_RESULT]).status is NONE
    assert evaluate_model(MODEL, DUE, [release(1, "acme/robo")], [ARC_RESULT]).status is NONE


def test_model_release_names_fold_and_drop_revision() -> None:
    got = evaluate_model(MODEL, DUE, [release(1, "ACME/Robo-1@v1.0")], [ARC_RESULT, LIBERO_RESULT])
    assert got.status is MET


def test_model_takes_the_earliest_on_time_release() -> None:
    releases = [
        release(1, date=AFTER_DUE),
        release(2, date=dt.date(2027, 9, 1)),
        release(3, date=dt.date(2027, 5, 1)),
    ]
    assert evaluate_model(MODEL, DUE, releases, [ARC_RESULT, LIBERO_RESULT]).evidence_ids == (3, 10, 11)


# --------------------------------------------------------------------------- milestones


J_MET, J_PARTIAL, J_NOT = Judgement.MET, Judgement.PARTIALLY_MET, Judgement.NOT_MET


@pytest.mark.parametrize(
    ("votes", "expected"),
    [
        ([], NONE),
        ([J_MET], MET),
        ([J_MET, J_MET, J_NOT], MET),
        ([J_MET, J_NOT], NOT_MET),  # a tie goes to the lowest
        ([J_MET, J_PARTIAL], PARTIAL),
        ([J_PARTIAL, J_NOT], NOT_MET),
        ([J_MET, J_PARTIAL, J_NOT], NOT_MET),
        ([J_MET, J_MET, J_PARTIAL, J_PARTIAL, J_NOT], PARTIAL),
    ],
)
def test_majority_judgement(votes: list[Judgement], expected: Status) -> None:
    assert majority_judgement(votes) is expected


def test_a_rule_less_milestone_takes_the_majority() -> None:
    m = Milestone("C1", 2027, Area.CONSORTIUM, "management", 1.0, DUE, Names("c", "c"))
    assert evaluate_milestone(m, [ARC_RESULT], judgements=[J_MET, J_MET, J_PARTIAL]).status is MET
    assert evaluate_milestone(m, [ARC_RESULT]).status is NONE


def test_weighted_achievement_leaves_no_evidence_out() -> None:
    items = [(2.0, MET), (1.0, PARTIAL), (1.0, NOT_MET), (5.0, NONE)]
    assert weighted_achievement(items) == pytest.approx((2 + 0.5) / 4)
    assert weighted_achievement([(1.0, NONE), (3.0, NONE)]) is None
    assert weighted_achievement([]) is None
    assert weighted_achievement([(0.0, MET)]) is None


def test_committee_status_replaces_evidence_status_for_achievement() -> None:
    assert counted_status(NOT_MET, MET) is MET
    assert counted_status(NONE, PARTIAL) is PARTIAL
    assert counted_status(PARTIAL, None) is PARTIAL
    items = [(1.0, counted_status(NONE, MET)), (1.0, counted_status(NOT_MET, None))]
    assert weighted_achievement(items) == 0.5
