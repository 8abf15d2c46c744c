"""What an outcome says about the decision it names (SPEC §10, round-2 readings); pure.

A decision that contradicts itself is refused: continuing with conditions but setting none,
scaling back without funding less than the plan's next installment, stopping with money.
"""

from __future__ import annotations

from reviewer.core.errors import Refused
from reviewer.core.models import Outcome


def check_outcome(
    outcome: Outcome, funding_jpy: int, conditions: int, next_installment_jpy: int | None
) -> None:
    """Refuse an outcome its own figures contradict (raises Refused).

    `conditions` counts the decision's conditions (an amendment's carried ones included);
    `next_installment_jpy` is the plan's installment for the FY the funding is for; None (the
    plan has no such FY) leaves scale_back without a figure to compare, so it is not checked
    (the ceiling still bounds the funding). The two stop outcomes both need 0.
    """
    if outcome is Outcome.CONTINUE_WITH_CONDITIONS and conditions < 1:
        raise Refused("E-OUTCOME-CONDITIONS")
    if (
        outcome is Outcome.SCALE_BACK
        and next_installment_jpy is not None
        and funding_jpy >= next_installment_jpy
    ):
        raise Refused("E-OUTCOME-SCALE-BACK", funding=funding_jpy, planned=next_installment_jpy)
    if outcome in (Outcome.STOP, Outcome.STOP_WITH_REFUND) and funding_jpy != 0:
        raise Refused("E-OUTCOME-STOP", outcome=outcome.value, funding=funding_jpy)
