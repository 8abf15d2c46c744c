"""SPEC §5's worked example, as it stands, evaluated on pure data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from reviewer.core.models import (
    Area,
    BenchmarkRule,
    FleetMeasure,
    FleetRule,
    Milestone,
    ModelRule,
    Names,
    Op,
    Status,
)
from reviewer.core.rules import evaluate_milestone, weighted_achievement
from tests.core import DUE, fleet, release, result
from tests.paths import EXAMPLE as EXAMPLE_DIR
from tests.paths import SHAPES

# The lm-eval sample's values (legacy shape: task key `arc_challenge`, no configs, no filter).
ACC = 0.26621160409556316
ACC_NORM = 0.28242320819112626


def milestone(code: str, rule: BenchmarkRule | FleetRule | ModelRule) -> Milestone:
    return Milestone(code, 2027, Area.BENCHMARK, "outcomes", 1.0, DUE, Names(code, code), rule)


W1_RULE = BenchmarkRule(("arc_challenge", "ARC-Challenge"), Op.GE, 0.30, metric="acc", partial=0.27)
W1 = milestone("W1", W1_RULE)
W2 = milestone("W2", FleetRule(FleetMeasure.ROBOTS_ACTIVE, "2027-04", Op.GE, 100, industry="medical"))
W3 = milestone("W3", FleetRule(FleetMeasure.INTERVENTIONS_PER_1000H, "2027-04", Op.LE, 2.0, partial=5.0))
W4 = milestone("W4", ModelRule("acme/robo-1", requires=("arc_challenge",)))

LM_EVAL_DATE = dt.date(2027, 6, 1)
CARD_DATE = dt.date(2028, 5, 1)
EVIDENCE = (
    result(1, ACC, metric="acc", date=LM_EVAL_DATE),
    result(2, ACC_NORM, metric="acc_norm", date=LM_EVAL_DATE),
    # `医療` in the file resolves to the plan's industry code `medical` before rules see it.
    fleet(3, "A", 80, 70, 1000, 3, 0),
    fleet(4, "B", 50, 45, 500, 1, 0),
    release(5, "acme/robo-1", CARD_DATE),
    result(
        6,
        0.5,
        names=("Acme-Pick", "acme/pick", "Pick and place"),
        metric="success_rate",
        date=CARD_DATE,
    ),
)


def test_the_pure_data_is_the_real_samples_numbers() -> None:
    # our file in the sample's shape, with SPEC §5's figures (.ci/samples_check.py reads the real one)
    sample = json.loads((SHAPES / "lm_eval_legacy_arc.json").read_text("utf-8"))
    assert sample["results"]["arc_challenge"]["acc"] == pytest.approx(ACC, abs=5e-5)
    assert sample["results"]["arc_challenge"]["acc_norm"] == pytest.approx(ACC_NORM, abs=5e-5)
    rows = (EXAMPLE_DIR / "fleet.csv").read_text("utf-8").splitlines()
    assert rows[1:] == ["2027-04,medical,A,80,70,1000,3,0", "2027-04,医療,B,50,45,500,1,0"]


def test_w1_not_met_on_acc() -> None:
    got = evaluate_milestone(W1, EVIDENCE)
    assert got.status is Status.NOT_MET
    assert got.value == pytest.approx(0.2662, abs=5e-5)
    assert got.evidence_ids == (1,)
    assert got.self_reported is True


def test_w1_on_acc_norm_would_wrongly_be_partially_met() -> None:
    wrong = dataclasses.replace(W1, rule=dataclasses.replace(W1_RULE, metric="acc_norm"))
    got = evaluate_milestone(wrong, EVIDENCE)
    assert got.status is Status.PARTIALLY_MET
    assert got.evidence_ids == (2,)


def test_w2_met_115() -> None:
    got = evaluate_milestone(W2, EVIDENCE)
    assert got.status is Status.MET
    assert got.value == 115
    assert got.evidence_ids == (3, 4)


def test_w3_partially_met_2_6667() -> None:
    got = evaluate_milestone(W3, EVIDENCE)
    assert got.status is Status.PARTIALLY_MET
    assert got.value == pytest.approx(2.6667, abs=5e-5)
    assert got.evidence_ids == (3, 4)


def test_w4_not_met_release_after_due() -> None:
    got = evaluate_milestone(W4, EVIDENCE)
    assert got.status is Status.NOT_MET
    assert got.value is None
    assert got.evidence_ids == (5,)


def test_weighted_achievement_of_the_example() -> None:
    statuses = [evaluate_milestone(m, EVIDENCE).status for m in (W1, W2, W3, W4)]
    assert weighted_achievement([(1.0, s) for s in statuses]) == pytest.approx((0 + 1 + 0.5 + 0) / 4)
