"""The vda5050-state format: sniffing, monthly rollups of real message files, refusals at their line."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from reviewer.core.errors import InputRefused
from reviewer.core.models import FleetRecord, FleetSource
from reviewer.core.normalize import fold
from reviewer.importers import vda5050
from reviewer.importers.base import HEAD_BYTES, ParseContext
from reviewer.messages import has, text
from tests.paths import SHAPES

DATA = Path(__file__).resolve().parents[1] / "data" / "telemetry"

_INDUSTRIES = {
    "medical": ("医療", "Medical care"),
    "food_service": ("飲食サービス", "Food service"),
    "food_manufacturing": ("食品製造", "Food manufacturing"),
}
_KEYS = {fold(name): code for code, names in _INDUSTRIES.items() for name in (code, *names)}


def resolve(text: str) -> str | None:
    return _KEYS.get(fold(text))


def rendered(refused: InputRefused) -> None:
    """Every problem has a catalogue entry whose placeholders its parameters fill, in both languages."""
    for problem in refused.problems:
        assert has(problem.code), problem.code
        for lang in ("ja", "en"):
            assert "{" not in text(problem.code, lang, **problem.params)


def context(name: str = "state.jsonl", **options: object) -> ParseContext:
    ctx = ParseContext(display_name=name, resolve_industry=resolve)
    for key, value in options.items():
        setattr(ctx, key, value)
    return ctx


def parse(path: Path, **options: object) -> list[FleetRecord]:
    records = list(vda5050.parse(path, context(path.name, **options)))
    assert all(isinstance(r, FleetRecord) for r in records)
    return [r for r in records if isinstance(r, FleetRecord)]


def refusal(path: Path, **options: object) -> list[tuple[str, int | None]]:
    with pytest.raises(InputRefused) as caught:
        list(vda5050.parse(path, context(path.name, **options)))
    rendered(caught.value)
    return [(p.code, p.line) for p in caught.value.problems]


def message(
    serial: str = "A1",
    timestamp: str = "2027-06-01T10:00:00+09:00",
    mode: str = "AUTOMATIC",
    version: str = "2.1.0",
    **extra: object,
) -> dict[str, object]:
    out: dict[str, object] = {
        "headerId": 1,
        "timestamp": timestamp,
        "version": version,
        "manufacturer": "acme",
        "serialNumber": serial,
        "operatingMode": mode,
        "errors": [],
        "safetyState": {"eStop": "NONE", "fieldViolation": False},
    }
    out.update(extra)
    return out


def write(tmp_path: Path, *lines: object, name: str = "state.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), "utf-8")
    return path


# --------------------------------------------------------------------------- sniff


def test_sniff_accepts_state_lines_and_refuses_the_schema_and_other_json() -> None:
    head = (DATA / "vda5050_v2.jsonl").read_bytes()[:HEAD_BYTES]
    assert vda5050.sniff(head, DATA / "vda5050_v2.jsonl")
    assert vda5050.sniff((DATA / "vda5050_v3.jsonl").read_bytes(), DATA / "vda5050_v3.jsonl")
    schema = SHAPES / "vda5050_state.schema.json"
    assert not vda5050.sniff(schema.read_bytes()[:HEAD_BYTES], schema)
    # Even squeezed onto one line the schema has no header fields at its top level.
    one_line = json.dumps(json.loads(schema.read_text("utf-8"))).encode()
    assert not vda5050.sniff(one_line[:HEAD_BYTES], schema)
    task = SHAPES / "task_state_delivery.json"
    assert not vda5050.sniff(task.read_bytes()[:HEAD_BYTES], task)
    assert not vda5050.sniff(b"", schema)
    assert not vda5050.sniff(json.dumps({"headerId": 1, "timestamp": "x"}).encode(), schema)


# --------------------------------------------------------------------------- rollups


def test_v2_file_with_operator_and_industry() -> None:
    records = parse(DATA / "vda5050_v2.jsonl", operator="Kanto Care", industry="医療")
    assert [r.period for r in records] == ["2027-04", "2027-05"]
    april, may = records
    assert (april.industry, april.operator, april.source) == ("medical", "Kanto Care", FleetSource.TELEMETRY)
    assert (april.robots_deployed, april.robots_active) == (2, 1)  # B2 was in MANUAL in April
    assert april.operating_hours == pytest.approx(60 / 3600)
    # A1: 20 s after midnight JST + 30 s; B2: 20 s + a 4-minute gap capped at 60 s.
    assert may.operating_hours == pytest.approx(130 / 3600)
    # A1's FATAL error counts once over two messages, then its e-stop; B2's WARNING does not count.
    assert may.interventions == 2
    assert (may.robots_deployed, may.robots_active) == (2, 2)
    assert (april.place.first_message, april.place.last_message, april.place.message_count) == (1, 3, 3)
    assert (may.place.first_message, may.place.last_message, may.place.message_count) == (5, 10, 6)


def test_registry_splits_robots_by_industry() -> None:
    records = parse(DATA / "vda5050_v2.jsonl", registry=DATA / "registry.csv")
    got = [(r.period, r.industry, r.robots_deployed, r.robots_active, r.interventions) for r in records]
    assert got == [
        ("2027-04", "food_service", 1, 0, 0),
        ("2027-04", "medical", 1, 1, 0),
        ("2027-05", "food_service", 1, 1, 0),
        ("2027-05", "medical", 1, 1, 2),
    ]
    assert records[2].operating_hours == pytest.approx(80 / 3600)
    assert records[3].operating_hours == pytest.approx(50 / 3600)


def test_v3_names_are_read() -> None:
    (june,) = parse(DATA / "vda5050_v3.jsonl", registry=DATA / "registry.csv")
    assert (june.period, june.industry) == ("2027-06", "food_manufacturing")
    assert june.operator == "Naniwa Foods, Ltd."
    assert june.operating_hours == pytest.approx(45 / 3600)
    assert june.interventions == 2  # NONE -> REMOTE, and NONE -> AUTOACK


def test_v3_message_with_the_v2_estop_name_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, message(version="3.0.0"))
    with pytest.raises(InputRefused) as caught:
        list(vda5050.parse(path, context(operator="X", industry="medical")))
    (problem,) = caught.value.problems
    assert (problem.code, problem.line, problem.params["field"]) == (
        "E-TELEMETRY-FIELD",
        1,
        "safetyState.activeEmergencyStop",
    )


def test_bytes_read_and_encoding_are_reported() -> None:
    path = DATA / "vda5050_v3.jsonl"
    ctx = context(operator="X", industry="medical")
    list(vda5050.parse(path, ctx))
    assert ctx.bytes_read == path.stat().st_size
    assert ctx.encoding == "utf-8"


# --------------------------------------------------------------------------- refusals


def test_time_order_error_at_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        message(timestamp="2027-06-01T10:00:10Z"),
        message(serial="B2", timestamp="2027-06-01T10:00:00Z"),
        message(timestamp="2027-06-01T10:00:09.999Z"),
    )
    assert refusal(path, operator="X", industry="medical") == [("E-TIME-ORDER", 3)]


def test_json_errors_are_refused_at_their_line_and_all_are_listed(tmp_path: Path) -> None:
    good = json.dumps(message())
    path = write(
        tmp_path,
        good,
        good.replace('"headerId": 1', '"headerId": 1, "headerId": 2'),
        json.dumps(message(timestamp="2027-06-01T10:00:02Z"))[:-1] + ', "x": NaN}',
        '{"headerId": ',
        json.dumps(message(timestamp="2027-06-01T10:00:03Z"))[:-1] + ', "distanceSinceLastNode": 1e400}',
    )
    assert refusal(path, operator="X", industry="medical") == [
        ("E-DUPLICATE-KEY", 2),
        ("E-NOT-FINITE", 3),
        ("E-JSON-SYNTAX", 4),
        ("E-NOT-FINITE", 5),
    ]


def test_missing_fields_and_bad_values_are_named(tmp_path: Path) -> None:
    no_mode = message()
    del no_mode["operatingMode"]
    path = write(
        tmp_path,
        no_mode,
        message(version="1.1.0"),
        message(timestamp="2027-06-01T10:00:00"),  # no offset: which zone?
        message(errors=[{"errorType": "x"}]),
        message(serial=""),
        "[1, 2]",
    )
    with pytest.raises(InputRefused) as caught:
        list(vda5050.parse(path, context(operator="X", industry="medical")))
    got = [(p.code, p.line, p.params.get("field")) for p in caught.value.problems]
    assert got == [
        ("E-TELEMETRY-FIELD", 1, "operatingMode"),
        ("E-VDA-VERSION", 2, None),
        ("E-TELEMETRY-VALUE", 3, "timestamp"),
        ("E-TELEMETRY-FIELD", 4, "errors[0].errorLevel"),
        ("E-TELEMETRY-VALUE", 5, "serialNumber"),
        ("E-TELEMETRY-VALUE", 6, "(message)"),
    ]


def test_operator_industry_and_registry_problems(tmp_path: Path) -> None:
    later = "2027-06-01T10:00:01+09:00"
    path = write(tmp_path, message(), message(serial="ZZ"), message(serial="ZZ", timestamp=later))
    assert refusal(path) == [("E-NO-OPERATOR", 1)]
    assert refusal(path, operator="X") == [("E-NO-OPERATOR", 1)]
    assert refusal(path, operator="X", industry="mining") == [("E-INDUSTRY", None)]
    assert refusal(path, registry=DATA / "registry.csv", operator="X") == [
        ("E-OPERATOR-AND-REGISTRY", 1),
        ("E-UNREGISTERED-ROBOT", 2),  # once, at the robot's first line
    ]


def test_text_level_problems(tmp_path: Path) -> None:
    good = json.dumps(message()).encode()
    path = tmp_path / "bad.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf"
        + good
        + b"\n"
        + b"\xff\xfe\n"
        + b'{"a": "\x00"}\n'
        + b"{"
        + b" " * (1024 * 1024)
        + b"}\n"
    )
    assert refusal(path, operator="X", industry="medical") == [
        ("E-ENCODING", 2),
        ("E-NUL", 3),
        ("E-LINE-TOO-LONG", 4),
    ]
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"\n  \n")
    assert refusal(empty, operator="X", industry="medical") == [("E-NO-DATA", 1)]


def test_line_of_exactly_one_mebibyte_is_accepted(tmp_path: Path) -> None:
    text = json.dumps(message())
    padded = text[:-1] + ', "pad": "' + "x" * (1024 * 1024 - len(text) - 11) + '"}'
    assert len(padded.encode()) == 1024 * 1024
    path = tmp_path / "big.jsonl"
    path.write_bytes(padded.encode() + b"\r\n")
    (record,) = parse(path, operator="X", industry="medical")
    assert record.robots_deployed == 1


# --------------------------------------------------------------------------- memory


def test_memory_stays_flat_over_300000_messages(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    head, middle, tail = json.dumps(message(serial="@", timestamp="@")).split('"@"')
    with path.open("w", encoding="utf-8") as out:
        for i in range(300_000):
            robot, step = i % 50, i // 50  # 6,000 messages per robot, 30 s apart: about two days
            day, rest = divmod(30 * step, 86_400)
            when = f"2027-06-{1 + day:02d}T{rest // 3600:02d}:{rest % 3600 // 60:02d}:{rest % 60:02d}Z"
            out.write(f'{head}"{when}"{middle}"R{robot:02d}"{tail}\n')  # timestamp comes first
    assert path.stat().st_size > 60 * 1024 * 1024
    ctx = context(operator="X", industry="medical")
    tracemalloc.start()
    try:
        records = [r for r in vda5050.parse(path, ctx) if isinstance(r, FleetRecord)]
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
    (june,) = records
    assert (june.robots_deployed, june.robots_active, june.place.message_count) == (50, 50, 300_000)
    assert june.operating_hours == pytest.approx(50 * 5_999 * 30 / 3600)


# --------------------------------------------------------------------------- one pretty-printed message

PRETTY = Path(__file__).resolve().parents[1] / "data" / "wild" / "vda5050_state_pretty.json"


def test_one_pretty_printed_state_message_is_detected_and_rolled_up() -> None:
    from reviewer.importers import detect

    assert detect(PRETTY) == "vda5050-state"
    (record,) = parse(PRETTY, operator="Noetra", industry="food_service")
    # 2027-05-14T01:20:30Z is May in Japan; one AUTOMATIC message: deployed, active, no interval
    assert (record.period, record.industry, record.operator) == ("2027-05", "food_service", "Noetra")
    assert (record.robots_deployed, record.robots_active, record.operating_hours, record.interventions) == (
        1,
        1,
        0.0,
        0,
    )
    assert (record.place.first_message, record.place.last_message, record.place.message_count) == (1, 1, 1)


def test_an_array_of_pretty_printed_messages_places_each_at_its_opening_brace(tmp_path: Path) -> None:
    first = json.loads(PRETTY.read_text(encoding="utf-8"))
    second = dict(first, headerId=4712, timestamp="2027-05-14T01:21:00.000Z", operatingMode="MANUAL")
    third = dict(first, headerId=4713, timestamp="2027-05-14T01:21:20.000Z")
    third["safetyState"] = {"eStop": "MANUAL", "fieldViolation": False}
    path = tmp_path / "states.json"
    path.write_text("[\n" + ",\n".join(json.dumps(m, indent=2) for m in (first, second, third)) + "\n]\n")
    lines = path.read_text().splitlines()
    starts = [i for i, row in enumerate(lines, 1) if row == "{" or row == "[{"]
    assert len(starts) == 3
    assert vda5050.sniff(path.read_bytes()[:HEAD_BYTES], path)
    (record,) = parse(path, operator="Noetra", industry="food_service")
    # AUTOMATIC for 30 s, then MANUAL: 30 s of operation; the emergency stop is one intervention
    assert (record.robots_deployed, record.robots_active, round(record.operating_hours * 3600, 6)) == (
        1,
        1,
        30.0,
    )
    assert record.interventions == 1
    assert (record.place.first_message, record.place.last_message, record.place.message_count) == (
        starts[0],
        starts[2],
        3,
    )
    # a message older than the one before it is refused at its opening brace's line
    path.write_text("[\n" + ",\n".join(json.dumps(m, indent=2) for m in (third, first)) + "\n]\n")
    second_start = [i for i, row in enumerate(path.read_text().splitlines(), 1) if row == "{"][1]
    assert refusal(path, operator="Noetra", industry="food_service") == [("E-TIME-ORDER", second_start)]


def test_a_pretty_printed_message_longer_than_the_window_is_detected(tmp_path: Path) -> None:
    message = json.loads(PRETTY.read_text(encoding="utf-8"))
    message["information"] = [{"infoType": "log", "infoLevel": "INFO", "infoDescription": "x" * 100}] * 1000
    path = tmp_path / "long.json"
    path.write_text(json.dumps(message, indent=2), encoding="utf-8")
    assert path.stat().st_size > HEAD_BYTES
    assert vda5050.sniff(path.read_bytes()[:HEAD_BYTES], path)
    assert len(parse(path, operator="Noetra", industry="food_service")) == 1
