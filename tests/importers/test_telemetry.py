"""The telemetry rollup accumulator on hand-made sample sequences (SPEC §4 telemetry rollups)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reviewer.core.errors import InputRefused, ProblemCollector
from reviewer.core.models import FleetRecord, FleetSource
from reviewer.importers.registry_csv import RegistryEntry, load_registry
from reviewer.importers.telemetry import Group, RobotKey, Rollup, Sample, instant_us, month_of
from reviewer.messages import text

A: RobotKey = ("acme", "A1")
B: RobotKey = ("acme", "B2")
C: RobotKey = ("other", "C3")
MEDICAL = Group("Kanto Care", "medical")
FOOD = Group("Kanto Care", "food_service")


def at(text: str) -> int:
    """Epoch microseconds of an ISO time (with offset)."""
    return instant_us(dt.datetime.fromisoformat(text))


def run(
    samples: list[Sample], groups: dict[RobotKey, Group] | None = None
) -> tuple[list[FleetRecord], ProblemCollector]:
    problems = ProblemCollector("t.jsonl")
    table = groups or {}
    rollup = Rollup(problems, lambda robot, _line: table.get(robot, MEDICAL))
    for sample in samples:
        rollup.add(sample)
    return list(rollup.records()), problems


def by_period(records: list[FleetRecord]) -> dict[str, FleetRecord]:
    out = {r.period: r for r in records}
    assert len(out) == len(records)
    return out


def s(robot: RobotKey, line: int, when: str, active: bool = True, *conditions: str) -> Sample:
    return Sample(robot, line, at(when), active, frozenset(conditions))


def test_month_is_japan_time() -> None:
    assert month_of(at("2027-04-30T14:59:59+00:00")).period == "2027-04"
    assert month_of(at("2027-04-30T15:00:00+00:00")).period == "2027-05"  # 00:00 JST on May 1st
    assert month_of(at("2028-03-31T15:00:00Z")).period == "2028-04"


def test_interval_crossing_month_boundary_is_split_at_midnight_jst() -> None:
    records, problems = run(
        [
            s(A, 1, "2027-04-30T14:59:30Z", True),
            s(A, 2, "2027-04-30T15:00:20Z", False),  # 30 s before midnight JST, 20 s after
        ]
    )
    assert not problems
    months = by_period(records)
    april, may = months["2027-04"], months["2027-05"]
    assert april.operating_hours == pytest.approx(30 / 3600)
    assert may.operating_hours == pytest.approx(20 / 3600)
    assert (april.robots_deployed, april.robots_active) == (1, 1)
    # May got hours from an interval that started active in April, but no message of May is active.
    assert (may.robots_deployed, may.robots_active) == (1, 0)
    assert april.source is FleetSource.TELEMETRY and april.incidents == 0


def test_each_interval_is_capped_at_60_seconds() -> None:
    records, _ = run(
        [
            s(A, 1, "2027-06-01T00:00:00+09:00"),
            s(A, 2, "2027-06-01T00:05:00+09:00"),  # 300 s gap: 60 s count
            s(A, 3, "2027-06-01T00:05:45+09:00"),  # 45 s
            s(A, 4, "2027-06-01T00:05:45+09:00"),  # 0 s: equal times are in order
        ]
    )
    (june,) = records
    assert june.operating_hours == pytest.approx(105 / 3600)


def test_only_intervals_starting_in_the_active_state_count() -> None:
    records, _ = run(
        [
            s(A, 1, "2027-06-01T10:00:00+09:00", False),
            s(A, 2, "2027-06-01T10:00:30+09:00", True),  # the 30 s before it started inactive
            s(A, 3, "2027-06-01T10:00:40+09:00", False),  # 10 s counted
            s(A, 4, "2027-06-01T10:00:50+09:00", False),
        ]
    )
    (june,) = records
    assert june.operating_hours == pytest.approx(10 / 3600)
    assert june.robots_active == 1


def test_fatal_onsets_count_once_per_onset_not_per_message() -> None:
    records, _ = run(
        [
            s(A, 1, "2027-06-01T10:00:00+09:00", True),
            s(A, 2, "2027-06-01T10:00:01+09:00", False, "fatal:laser"),  # onset 1
            s(A, 3, "2027-06-01T10:00:02+09:00", False, "fatal:laser"),
            s(A, 4, "2027-06-01T10:00:03+09:00", False, "fatal:laser", "fatal:bumper"),  # onset 2
            s(A, 5, "2027-06-01T10:00:04+09:00", True),
            s(A, 6, "2027-06-01T10:00:05+09:00", False, "fatal:laser"),  # onset 3: it came back
        ]
    )
    (june,) = records
    assert june.interventions == 3


def test_emergency_stop_counts_transitions_away_from_none() -> None:
    records, _ = run(
        [
            s(A, 1, "2027-06-01T10:00:00+09:00", True),
            s(A, 2, "2027-06-01T10:00:01+09:00", False, "estop"),
            s(A, 3, "2027-06-01T10:00:02+09:00", False, "estop"),
            s(A, 4, "2027-06-01T10:00:03+09:00", True),
            s(A, 5, "2027-06-01T10:00:04+09:00", False, "estop"),
        ]
    )
    assert records[0].interventions == 2


def test_onsets_count_in_the_month_of_their_message() -> None:
    records, _ = run(
        [
            s(A, 1, "2027-04-30T23:59:59+09:00", False, "estop"),
            s(A, 2, "2027-05-01T00:00:01+09:00", False, "estop"),
            s(A, 3, "2027-05-01T00:00:02+09:00", False, "estop", "fatal:x"),
        ]
    )
    months = by_period(records)
    assert months["2027-04"].interventions == 1
    assert months["2027-05"].interventions == 1


def test_robot_active_in_one_month_only() -> None:
    records, _ = run(
        [
            s(A, 1, "2027-06-10T10:00:00+09:00", True),
            s(A, 2, "2027-07-10T10:00:00+09:00", False),
            s(A, 3, "2027-07-11T10:00:00+09:00", False),
        ]
    )
    months = by_period(records)
    assert (months["2027-06"].robots_deployed, months["2027-06"].robots_active) == (1, 1)
    assert (months["2027-07"].robots_deployed, months["2027-07"].robots_active) == (1, 0)
    # The June message's interval runs to July 10th but is capped at 60 s, all in June.
    assert months["2027-06"].operating_hours == pytest.approx(60 / 3600)
    assert months["2027-07"].operating_hours == 0


def test_two_robots_of_one_operator_are_summed_into_one_observation() -> None:
    records, _ = run(
        [
            s(A, 1, "2027-06-01T10:00:00+09:00", True),
            s(B, 2, "2027-06-01T10:00:00+09:00", False),
            s(A, 3, "2027-06-01T10:00:10+09:00", True),
            s(B, 4, "2027-06-01T10:00:20+09:00", True),
            s(B, 5, "2027-06-01T10:00:50+09:00", False),
        ]
    )
    (june,) = records
    assert (june.robots_deployed, june.robots_active) == (2, 2)
    assert june.operating_hours == pytest.approx((10 + 30) / 3600)
    assert (june.place.first_message, june.place.last_message, june.place.message_count) == (1, 5, 5)


def test_robots_of_two_industries_and_operator_spelling() -> None:
    groups = {A: MEDICAL, B: FOOD, C: Group("ＫＡＮＴＯ  care", "medical")}
    records, _ = run(
        [
            s(A, 1, "2027-06-01T10:00:00+09:00", True),
            s(B, 2, "2027-06-01T10:00:00+09:00", True),
            s(C, 3, "2027-06-01T10:00:00+09:00", False),
        ],
        groups,
    )
    assert [(r.industry, r.robots_deployed, r.robots_active) for r in records] == [
        ("food_service", 1, 1),
        ("medical", 2, 1),  # "ＫＡＮＴＯ  care" folds to the same operator as "Kanto Care"
    ]
    assert records[1].operator == "Kanto Care"  # the first spelling seen is kept
    assert (records[1].place.first_message, records[1].place.last_message) == (1, 3)


def test_message_older_than_the_robots_previous_one_is_refused_at_its_line() -> None:
    _records, problems = run(
        [
            s(A, 1, "2027-06-01T10:00:10+09:00"),
            s(B, 2, "2027-06-01T10:00:00+09:00"),  # another robot may be earlier
            s(A, 3, "2027-06-01T10:00:05+09:00"),
        ]
    )
    assert [(p.code, p.line) for p in problems.problems] == [("E-TIME-ORDER", 3)]
    assert problems.problems[0].params["previous_line"] == 1


def test_unassigned_robot_is_ignored_after_its_first_report() -> None:
    problems = ProblemCollector("t.jsonl")
    calls: list[tuple[RobotKey, int]] = []

    def assign(robot: RobotKey, line: int) -> Group | None:
        calls.append((robot, line))
        return None if robot == B else MEDICAL

    rollup = Rollup(problems, assign)
    rollup.add(s(A, 1, "2027-06-01T10:00:00Z"))
    rollup.add(s(B, 2, "2027-06-01T10:00:00Z"))
    rollup.add(s(B, 3, "2027-06-01T10:00:01Z"))
    assert calls == [(A, 1), (B, 2)]
    (june,) = rollup.records()
    assert june.robots_deployed == 1 and june.place.message_count == 1


# --------------------------------------------------------------------------- registry


def _registry_problems(tmp_path: Path, content: bytes) -> list[tuple[str, str, int | None]]:
    path = tmp_path / "robots.csv"
    path.write_bytes(content)
    with pytest.raises(InputRefused) as caught:
        load_registry(path, {"medical": "medical", "医療": "medical"}.get)
    for problem in caught.value.problems:
        assert "{" not in text(problem.code, "en", **problem.params)
        assert "{" not in text(problem.code, "ja", **problem.params)
    return [(p.file, p.code, p.line) for p in caught.value.problems]


def test_registry_reads_utf8_with_bom_and_quoted_fields(tmp_path: Path) -> None:
    path = tmp_path / "robots.csv"
    path.write_bytes(
        '\ufeffManufacturer, serialnumber ,事業者,industry\r\nacme,A1,"Kanto, Care",医療\r\n\r\n'.encode()
    )
    entries = load_registry(path, {"医療": "medical"}.get)
    assert entries == {("acme", "A1"): RegistryEntry("Kanto, Care", "medical", 2)}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"manufacturer,serialNumber,operator\nacme,A1,K\n", [("E-REGISTRY-MISSING-COLUMN", 1)]),
        (b"manufacturer,serialNumber,operator,industry,colour\n", [("E-REGISTRY-COLUMN", 1)]),
        (
            b"manufacturer,serialNumber,operator,industry\nacme,A1,K,medical\nacme,A1,L,medical\n",
            [("E-REGISTRY-DUPLICATE", 3)],
        ),
        (b"manufacturer,serialNumber,operator,industry\nacme,,K,medical\n", [("E-REGISTRY-FIELD", 2)]),
        (b"manufacturer,serialNumber,operator,industry\nacme,A1,K\n", [("E-REGISTRY-ROW", 2)]),
        (b"manufacturer,serialNumber,operator,industry\nacme,A1,K,mining\n", [("E-INDUSTRY", 2)]),
        (b"manufacturer,serialNumber,operator,industry\n", [("E-NO-DATA", 1)]),
        (b"", [("E-NO-DATA", 1)]),
        (b"manufacturer,serialNumber,operator,industry\nacme,A1,K\x00,medical\n", [("E-NUL", 2)]),
        (b"manufacturer,serialNumber,operator,industry\nacme,A1,\x81\x20,medical\n", [("E-ENCODING", 2)]),
    ],
)
def test_registry_refusals_name_the_registry_file(
    tmp_path: Path, content: bytes, expected: list[tuple[str, int]]
) -> None:
    assert _registry_problems(tmp_path, content) == [("robots.csv", code, line) for code, line in expected]
