"""Tests of the pure core; the builders below make stored-evidence values without a database."""

from __future__ import annotations

import datetime as dt

from reviewer.core.models import (
    BenchmarkResultRecord,
    Evidence,
    EvidenceKind,
    FleetRecord,
    FleetSource,
    ModelReleaseRecord,
    Place,
)

DUE = dt.date(2028, 3, 31)
ON_TIME = dt.date(2027, 6, 1)


def result(
    id: int,
    value: float,
    *,
    names: tuple[str, ...] = ("arc_challenge",),
    metric: str | None = "acc",
    model: str = "acme/robo-1",
    filter: str | None = None,
    date: dt.date = ON_TIME,
    higher_is_better: bool | None = None,
    self_reported: bool = True,
) -> Evidence:
    """A stored benchmark result."""
    record = BenchmarkResultRecord(
        model=model,
        names=names,
        metric=metric,
        value=value,
        place=Place(line=id),
        filter=filter,
        higher_is_better=higher_is_better,
        effective_date=date,
        self_reported=self_reported,
    )
    return Evidence(id, EvidenceKind.BENCHMARK_RESULT, date, False, 1, record)


def fleet(
    id: int,
    operator: str,
    deployed: int,
    active: int,
    hours: float,
    interventions: int = 0,
    incidents: int = 0,
    *,
    industry: str = "medical",
    period: str = "2027-04",
    source: FleetSource = FleetSource.REPORT,
) -> Evidence:
    """A stored, current fleet row (industry already resolved to the plan's code)."""
    record = FleetRecord(
        period=period,
        industry=industry,
        operator=operator,
        robots_deployed=deployed,
        robots_active=active,
        operating_hours=hours,
        interventions=interventions,
        incidents=incidents,
        place=Place(line=id),
        source=source,
    )
    year, month = (int(part) for part in period.split("-"))
    # A month's row is effective on its last day (SPEC §2).
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return Evidence(
        id, EvidenceKind.FLEET_OBSERVATION, first_of_next - dt.timedelta(days=1), False, 2, record
    )


def release(id: int, name: str = "acme/robo-1", date: dt.date = ON_TIME) -> Evidence:
    """A stored model release."""
    record = ModelReleaseRecord(name=name, place=Place(line=id), effective_date=date)
    return Evidence(id, EvidenceKind.MODEL_RELEASE, date, False, 3, record)
