"""The open-rmf-fleet-state format: sniffing, the three file shapes, rollups, refusals at their line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.core.errors import InputRefused
from reviewer.core.models import FleetRecord, FleetSource
from reviewer.core.normalize import fold
from reviewer.importers import open_rmf, vda5050
from reviewer.importers.base import HEAD_BYTES, ParseContext
from reviewer.messages import has, text

DATA = Path(__file__).resolve().parents[1] / "data" / "telemetry"
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
TASK_STATE = SAMPLES / "open-rmf" / "task_state_multi_dropoff_delivery.json"
T0 = 1_809_097_170_000  # 2027-04-30T14:59:30Z: 30 s before May 1st in Japan

_KEYS = {
    fold(name): code
    for code, names in {"medical": ("医療",), "food_service": ("飲食サービス",)}.items()
    for name in (code, *names)
}


def rendered(refused: InputRefused) -> None:
    """Every problem has a catalogue entry whose placeholders its parameters fill, in both languages."""
    for problem in refused.problems:
        assert has(problem.code), problem.code
        for lang in ("ja", "en"):
            assert "{" not in text(problem.code, lang, **problem.params)


def context(name: str, **options: object) -> ParseContext:
    ctx = ParseContext(display_name=name, resolve_industry=lambda text: _KEYS.get(fold(text)))
    for key, value in options.items():
        setattr(ctx, key, value)
    return ctx


def parse(path: Path, **options: object) -> list[FleetRecord]:
    options = options or {"operator": "Kanto Care", "industry": "medical"}
    return [r for r in open_rmf.parse(path, context(path.name, **options)) if isinstance(r, FleetRecord)]


def refusal(path: Path, **options: object) -> list[tuple[str, int | None, object]]:
    options = options or {"operator": "Kanto Care", "industry": "medical"}
    with pytest.raises(InputRefused) as caught:
        list(open_rmf.parse(path, context(path.name, **options)))
    rendered(caught.value)
    return [(p.code, p.line, p.params.get("field")) for p in caught.value.problems]


def robot(status: str = "working", seconds: int = 0, **extra: object) -> dict[str, object]:
    return {"status": status, "unix_millis_time": T0 + seconds * 1000, "battery": 0.5, "issues": [], **extra}


def fleet(**robots: object) -> dict[str, object]:
    return {"name": "deliveryBots", "robots": robots}


def write(tmp_path: Path, *lines: object) -> Path:
    path = tmp_path / "fleet.jsonl"
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), "utf-8")
    return path


def summary(records: list[FleetRecord]) -> list[tuple[object, ...]]:
    return [
        (
            r.period,
            r.robots_deployed,
            r.robots_active,
            round(r.operating_hours * 3600, 6),
            r.interventions,
            r.place.first_message,
            r.place.last_message,
            r.place.message_count,
        )
        for r in records
    ]


# --------------------------------------------------------------------------- sniff


@pytest.mark.parametrize(
    "name", ["open_rmf_fleet.jsonl", "open_rmf_fleet_array.json", "open_rmf_fleet_update.json"]
)
def test_sniff_accepts_every_shape(name: str) -> None:
    path = DATA / name
    assert open_rmf.sniff(path.read_bytes()[:HEAD_BYTES], path)
    assert not vda5050.sniff(path.read_bytes()[:HEAD_BYTES], path)


def test_task_state_sample_is_not_a_fleet_state() -> None:
    assert not open_rmf.sniff(TASK_STATE.read_bytes()[:HEAD_BYTES], TASK_STATE)
    vda_schema = SAMPLES / "vda5050" / "state.schema.v2.1.0.json"
    assert not open_rmf.sniff(vda_schema.read_bytes()[:HEAD_BYTES], vda_schema)
    vda_lines = DATA / "vda5050_v2.jsonl"
    assert not open_rmf.sniff(vda_lines.read_bytes()[:HEAD_BYTES], vda_lines)
    # Forced with --format, it is refused for what it lacks.
    assert refusal(TASK_STATE) == [("E-TELEMETRY-FIELD", 1, "name"), ("E-TELEMETRY-FIELD", 1, "robots")]


def test_sniff_of_a_document_longer_than_the_window(tmp_path: Path) -> None:
    robots = {f"r{i}": robot(seconds=i % 20) for i in range(2_000)}
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"type": "fleet_state_update", "data": fleet(**robots)}, indent=2), "utf-8")
    head = path.read_bytes()[:HEAD_BYTES]
    assert len(head) == HEAD_BYTES
    assert open_rmf.sniff(head, path)
    (record,) = parse(path)
    # 2,000 robot entries in one fleet_state: one message (SPEC §4)
    assert (record.robots_deployed, record.place.message_count) == (2_000, 1)


# --------------------------------------------------------------------------- rollups

# r1: working 50 s across midnight JST (30 s April, 20 s May), 30 s more, an error, then a
# 300 s gap capped at 60 s. r2: never working; error + "stuck" (2), then a new "lost" issue (1).
EXPECTED_LINES = [
    ("2027-04", 2, 1, 30.0, 0, 1, 1, 1),
    ("2027-05", 2, 1, 110.0, 4, 2, 5, 4),
]


def test_json_lines_rollup() -> None:
    records = parse(DATA / "open_rmf_fleet.jsonl")
    assert summary(records) == EXPECTED_LINES
    assert {(r.industry, r.operator, r.source) for r in records} == {
        ("medical", "Kanto Care", FleetSource.TELEMETRY)
    }


def test_array_document_points_at_the_line_each_fleet_state_starts() -> None:
    path = DATA / "open_rmf_fleet_array.json"
    ctx = context(path.name, operator="Kanto Care", industry="medical")
    records = [r for r in open_rmf.parse(path, ctx) if isinstance(r, FleetRecord)]
    assert summary(records) == [
        ("2027-04", 2, 1, 30.0, 0, 2, 2, 1),
        ("2027-05", 2, 1, 110.0, 4, 35, 157, 4),
    ]
    assert ctx.bytes_read == path.stat().st_size


def test_single_fleet_state_update_document() -> None:
    (record,) = parse(DATA / "open_rmf_fleet_update.json")
    assert summary([record]) == [("2027-04", 2, 1, 0.0, 0, 1, 1, 1)]


def test_cp932_registry_with_fleet_and_robot_headers() -> None:
    records = parse(DATA / "open_rmf_fleet.jsonl", registry=DATA / "registry_rmf_cp932.csv")
    got = [(r.period, r.industry, r.operator, r.robots_active, r.interventions) for r in records]
    assert got == [
        ("2027-04", "food_service", "髙橋ロボ①サービス", 0, 0),
        ("2027-04", "medical", "髙橋ロボ①サービス", 1, 0),
        ("2027-05", "food_service", "髙橋ロボ①サービス", 0, 3),
        ("2027-05", "medical", "髙橋ロボ①サービス", 1, 1),
    ]


def test_issue_onsets_compare_whole_issues(tmp_path: Path) -> None:
    stuck = {"category": "stuck", "detail": {"where": "lift"}}
    path = write(
        tmp_path,
        fleet(r1=robot("idle", 0, issues=[stuck])),  # 1: present at the first message
        fleet(r1=robot("idle", 1, issues=[{"detail": {"where": "lift"}, "category": "stuck"}])),  # same
        fleet(r1=robot("idle", 2, issues=[{"category": "stuck", "detail": {"where": "door"}}])),  # 2: new
        fleet(r1=robot("error", 3, issues=[])),  # 3: error status
        fleet(r1=robot("error", 4)),
    )
    (record,) = parse(path)
    assert record.interventions == 3


# --------------------------------------------------------------------------- refusals


def test_bad_robot_states_are_refused_at_their_line(tmp_path: Path) -> None:
    no_time = robot()
    del no_time["unix_millis_time"]
    path = write(
        tmp_path,
        fleet(r1=robot("working", 10)),
        fleet(r1=robot("working", 5)),  # earlier than line 1
        fleet(r1=robot("busy", 20)),
        fleet(r1=no_time),
        fleet(r1=robot("idle", 30, battery=1.5), r2=robot(unix_millis_time=True)),
        fleet(r1=robot("idle", 40, issues=["stuck"])),
        {"type": "task_state_update", "data": {}},
        {"robots": {}},
    )
    assert refusal(path) == [
        ("E-TIME-ORDER", 2, None),
        ("E-TELEMETRY-VALUE", 3, "robots.r1.status"),
        ("E-TELEMETRY-FIELD", 4, "robots.r1.unix_millis_time"),
        ("E-TELEMETRY-VALUE", 5, "robots.r1.battery"),
        ("E-TELEMETRY-VALUE", 5, "robots.r2.unix_millis_time"),
        ("E-TELEMETRY-VALUE", 6, "robots.r1.issues[0]"),
        ("E-RMF-NOT-FLEET-STATE", 7, None),
        ("E-TELEMETRY-FIELD", 8, "name"),
    ]


def test_json_errors_at_their_line(tmp_path: Path) -> None:
    ok = json.dumps(fleet(r1=robot()))
    path = write(
        tmp_path,
        ok,
        ok.replace('"status"', '"status": "idle", "status"'),
        ok[:-2] + ', "battery_extra": NaN}}',
    )
    assert [(code, line) for code, line, _ in refusal(path)] == [("E-DUPLICATE-KEY", 2), ("E-NOT-FINITE", 3)]


def test_json_errors_in_a_document_at_their_line(tmp_path: Path) -> None:
    path = tmp_path / "fleet.json"
    text = json.dumps([fleet(r1=robot()), fleet(r1=robot(seconds=1))], indent=2)
    path.write_text(text.replace('"battery": 0.5', '"battery": Infinity', 1), "utf-8")
    line = text.split("\n").index('        "battery": 0.5,') + 1
    assert refusal(path) == [("E-NOT-FINITE", line, None)]


def test_unregistered_robot_at_its_first_line(tmp_path: Path) -> None:
    path = write(tmp_path, fleet(r1=robot()), fleet(r9=robot(seconds=1)), fleet(r9=robot(seconds=2)))
    assert refusal(path, registry=DATA / "registry_rmf_cp932.csv") == [("E-UNREGISTERED-ROBOT", 2, None)]


def test_document_with_bom_and_empty_files(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + (DATA / "open_rmf_fleet_update.json").read_bytes())
    ctx = context(path.name, operator="Kanto Care", industry="medical")
    (record,) = [r for r in open_rmf.parse(path, ctx) if isinstance(r, FleetRecord)]
    assert (record.robots_deployed, ctx.encoding, ctx.bytes_read) == (2, "utf-8-sig", path.stat().st_size)
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"\n\n")
    assert refusal(empty) == [("E-NO-DATA", 1, None)]
