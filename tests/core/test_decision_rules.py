"""Outcomes that contradict their own figures are refused (SPEC §10 round-2 readings)."""

from __future__ import annotations

import pytest

from reviewer import messages
from reviewer.core.decision_rules import check_outcome
from reviewer.core.errors import Refused
from reviewer.core.models import Outcome


def refused(code: str, *args: object) -> Refused:
    with pytest.raises(Refused) as caught:
        check_outcome(*args)  # type: ignore[arg-type]
    assert caught.value.code == code
    for lang in messages.LANGS:
        assert messages.has(caught.value.key)
        messages.text(caught.value.key, lang, **caught.value.params)  # every parameter is filled
    return caught.value


def test_continue_with_conditions_needs_a_condition() -> None:
    refused("E-OUTCOME-CONDITIONS", Outcome.CONTINUE_WITH_CONDITIONS, 100, 0, 100)
    check_outcome(Outcome.CONTINUE_WITH_CONDITIONS, 100, 1, 100)
    check_outcome(Outcome.CONTINUE, 100, 0, 100)  # plain continue needs none


def test_scale_back_needs_funding_below_the_next_installment() -> None:
    err = refused("E-OUTCOME-SCALE-BACK", Outcome.SCALE_BACK, 100, 0, 100)
    assert err.params == {"funding": 100, "planned": 100}
    refused("E-OUTCOME-SCALE-BACK", Outcome.SCALE_BACK, 101, 0, 100)
    check_outcome(Outcome.SCALE_BACK, 99, 0, 100)
    check_outcome(Outcome.SCALE_BACK, 0, 0, 100)
    check_outcome(Outcome.SCALE_BACK, 5, 0, None)  # no next installment in the plan: nothing to compare


@pytest.mark.parametrize("outcome", [Outcome.STOP, Outcome.STOP_WITH_REFUND])
def test_stop_needs_funding_zero(outcome: Outcome) -> None:
    err = refused("E-OUTCOME-STOP", outcome, 1, 0, 100)
    assert "0" in messages.text(err.key, "en", **err.params)
    check_outcome(outcome, 0, 0, 100)
