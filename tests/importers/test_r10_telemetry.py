"""R10/R11 for vda5050-state and open-rmf-fleet-state: random message streams against a plain oracle."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer.core.errors import InputRefused, Problem
from reviewer.core.models import FleetRecord, FleetSource, Place
from reviewer.core.normalize import fold
from reviewer.importers import open_rmf, vda5050
from reviewer.importers.base import ParseContext, Record
from reviewer.importers.textenc import choose_encoding

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
OPERATOR = "髙橋ロジ①"
JST = dt.timezone(dt.timedelta(hours=9))
# The streams start up to 20 minutes before midnight JST of 1 May 2027, so intervals cross it.
BOUNDARY_MS = int(dt.datetime(2027, 5, 1, tzinfo=JST).timestamp() * 1000)
CAP_MS = 60_000
MANUFACTURER = "髙橋ロボ～"
Parse = Callable[[Path, ParseContext], Iterator[Record]]

# One message: robot index, milliseconds since the previous message of the file, active,
# FATAL error types (VDA) / issues (Open-RMF) present, e-stop (VDA) / error status (Open-RMF).
Message = tuple[int, int, bool, frozenset[str], bool]
_messages = st.lists(
    st.tuples(
        st.integers(0, 2),
        st.integers(0, 90_000),
        st.booleans(),
        st.frozensets(st.sampled_from(["E1", "髙温"]), max_size=2),
        st.booleans(),
    ),
    min_size=1,
    max_size=25,
)
_robots = st.lists(
    st.text("abcXY09-_ 髙①", min_size=1, max_size=6).filter(lambda s: s.strip() == s and s),
    min_size=3,
    max_size=3,
    unique=True,
)


def _ctx(name: str) -> ParseContext:
    return ParseContext(
        name,
        operator=OPERATOR,
        industry="Medical",
        resolve_industry=lambda text: {"medical": "medical"}.get(fold(text)),
    )


def _times(start_ms: int, messages: list[Message]) -> list[int]:
    times, now = [], start_ms
    for message in messages:
        now += message[1]
        times.append(now)
    return times


@dataclass
class _Month:
    deployed: set[int] = field(default_factory=set)
    active: set[int] = field(default_factory=set)
    hours_ms: int = 0
    onsets: int = 0
    lines: list[int] = field(default_factory=list)


def _oracle(times: list[int], messages: list[Message], conditions: list[frozenset[str]]) -> list[FleetRecord]:
    """The monthly rollup computed the long way: per month, per robot, per interval."""
    months: dict[str, _Month] = {}
    last: dict[int, tuple[int, bool, frozenset[str]]] = {}
    for line, (time, message, present) in enumerate(zip(times, messages, conditions, strict=True), start=1):
        robot, _gap, active, _errors, _flag = message
        slot = months.setdefault("2027-04" if time < BOUNDARY_MS else "2027-05", _Month())
        slot.deployed.add(robot)
        if active:
            slot.active.add(robot)
        previous = last.get(robot)
        slot.onsets += len(present - (previous[2] if previous else frozenset()))
        slot.lines.append(line)
        if previous and previous[1]:
            start, end = previous[0], min(time, previous[0] + CAP_MS)
            cut = min(max(BOUNDARY_MS, start), end)
            # the part before midnight belongs to April (where the robot's previous message was),
            # the rest to May (where this message is)
            if cut > start:
                months["2027-04"].hours_ms += cut - start
            if end > cut:
                slot.hours_ms += end - cut
        last[robot] = (time, active, present)
    return [
        FleetRecord(
            period,
            "medical",
            OPERATOR,
            len(slot.deployed),
            len(slot.active),
            slot.hours_ms * 1000 / 3_600_000_000,
            slot.onsets,
            0,
            Place(first_message=min(slot.lines), last_message=max(slot.lines), message_count=len(slot.lines)),
            FleetSource.TELEMETRY,
        )
        for period, slot in sorted(months.items())
    ]


def _vda_line(serial: str, index: int, time_ms: int, message: Message, offset_hours: int) -> str:
    _robot, _gap, active, errors, estop = message
    zone = dt.timezone(dt.timedelta(hours=offset_hours))
    moment = dt.datetime.fromtimestamp(time_ms / 1000, tz=zone).isoformat(timespec="milliseconds")
    body = {
        "headerId": index,
        "timestamp": moment.replace("+00:00", "Z"),
        "version": "2.0.0",
        "manufacturer": MANUFACTURER,
        "serialNumber": serial,
        "operatingMode": "AUTOMATIC" if active else "SEMIAUTOMATIC",
        "batteryState": {"batteryCharge": 81.5, "charging": False},
        "errors": [{"errorType": t, "errorLevel": "FATAL"} for t in sorted(errors)]
        + [{"errorType": "noise", "errorLevel": "WARNING"}],
        "safetyState": {"eStop": "AUTOACK" if estop else "NONE", "fieldViolation": False},
    }
    return json.dumps(body, ensure_ascii=False)


def _rmf_line(robot: str, time_ms: int, message: Message) -> str:
    _robot, _gap, active, issues, error = message
    status = "error" if error else ("working" if active else "idle")
    state = {
        "status": status,
        "unix_millis_time": time_ms,
        "battery": 0.815,
        "issues": [{"category": issue, "detail": {"髙": 1}} for issue in sorted(issues)],
    }
    return json.dumps({"name": "fleet①", "robots": {robot: state}}, ensure_ascii=False)


def _vda(
    robots: list[str], start: int, messages: list[Message], offset: int
) -> tuple[list[str], list[FleetRecord]]:
    times = _times(start, messages)
    lines = [
        _vda_line(robots[m[0]], i, t, m, offset) for i, (t, m) in enumerate(zip(times, messages, strict=True))
    ]
    conditions = [frozenset(f"fatal:{e}" for e in m[3]) | ({"estop"} if m[4] else set()) for m in messages]
    return lines, _oracle(times, messages, conditions)


def _rmf(robots: list[str], start: int, messages: list[Message]) -> tuple[list[str], list[FleetRecord]]:
    times = _times(start, messages)
    lines = [_rmf_line(robots[m[0]], t, m) for t, m in zip(times, messages, strict=True)]
    # Open-RMF: an `error` status is a fault, and working is the only active status.
    messages = [(r, g, a and not e, i, e) for r, g, a, i, e in messages]
    conditions = [
        frozenset(f"issue:{i}" for i in m[3]) | ({"status:error"} if m[4] else set()) for m in messages
    ]
    return lines, _oracle(times, messages, conditions)


_start = st.integers(0, 20 * 60_000).map(lambda back: BOUNDARY_MS - back)
FORMATS: dict[str, Parse] = {"vda": vda5050.parse, "rmf": open_rmf.parse}


def _build(
    fmt: str, robots: list[str], start: int, messages: list[Message], offset: int
) -> tuple[list[str], list[FleetRecord]]:
    return _vda(robots, start, messages, offset) if fmt == "vda" else _rmf(robots, start, messages)


@SETTINGS
@given(
    fmt=st.sampled_from(sorted(FORMATS)),
    robots=_robots,
    start=_start,
    messages=_messages,
    offset=st.sampled_from([0, 9, -5]),
    bom=st.booleans(),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_valid_streams_roll_up_to_exactly_the_oracles_months(
    tmp_path: Path,
    fmt: str,
    robots: list[str],
    start: int,
    messages: list[Message],
    offset: int,
    bom: bool,
    newline: str,
) -> None:
    lines, expected = _build(fmt, robots, start, messages, offset)
    path = tmp_path / "state.jsonl"
    raw = ("\ufeff" if bom else "") + newline.join(lines) + newline
    path.write_bytes(raw.encode("utf-8"))
    module = vda5050 if fmt == "vda" else open_rmf
    assert module.sniff(path.read_bytes(), path)
    ctx = _ctx(path.name)
    assert list(FORMATS[fmt](path, ctx)) == expected
    assert ctx.encoding == ("utf-8-sig" if bom else "utf-8")


def _refused(fmt: str, path: Path) -> list[Problem]:
    with pytest.raises(InputRefused) as caught:
        list(FORMATS[fmt](path, _ctx(path.name)))
    return caught.value.problems


MUTATIONS = {
    "nul": "E-NUL",
    "nan": "E-NOT-FINITE",
    "1e400": "E-NOT-FINITE",
    "duplicate": "E-DUPLICATE-KEY",
    "truncate": "E-JSON-SYNTAX",
    "missing": "E-TELEMETRY-FIELD",
    "earlier": "E-TIME-ORDER",
    "cp932": "E-ENCODING",
}


def _mutated(fmt: str, text: str, mutation: str) -> str:
    value = json.loads(text)
    state = value if fmt == "vda" else next(iter(value["robots"].values()))
    if mutation in {"nan", "1e400"}:
        marker = "81.5" if fmt == "vda" else "0.815"
        return text.replace(marker, "NaN" if mutation == "nan" else "1e400", 1)
    if mutation == "duplicate":
        key = '"errors": [' if fmt == "vda" else '"issues": ['
        assert key in text
        return text.replace(key, key + "], " + key, 1)
    if mutation == "truncate":
        return text[:-1]
    if mutation == "missing":
        del state["errors" if fmt == "vda" else "status"]
    elif mutation == "earlier":
        if fmt == "vda":
            state["timestamp"] = "2027-04-01T00:00:00+09:00"
        else:
            state["unix_millis_time"] = BOUNDARY_MS - 40 * 86_400_000
    return json.dumps(value, ensure_ascii=False)


@SETTINGS
@given(
    fmt=st.sampled_from(sorted(FORMATS)),
    robots=_robots,
    start=_start,
    messages=_messages,
    mutation=st.sampled_from(sorted(MUTATIONS)),
    data=st.data(),
)
def test_one_mutated_message_is_refused_at_exactly_its_line(
    tmp_path: Path,
    fmt: str,
    robots: list[str],
    start: int,
    messages: list[Message],
    mutation: str,
    data: st.DataObject,
) -> None:
    lines, _expected = _build(fmt, robots, start, messages, 9)
    if mutation == "earlier":
        # Only a robot's later message can go back in time.
        seen: set[int] = set()
        later = [i for i, m in enumerate(messages) if m[0] in seen or seen.add(m[0])]  # type: ignore[func-returns-value]
        if not later:
            return
        target = data.draw(st.sampled_from(later))
    else:
        target = data.draw(st.integers(0, len(lines) - 1))
    encoded = [line.encode("utf-8") for line in lines]
    if mutation == "nul":
        encoded[target] = encoded[target][:5] + b"\x00" + encoded[target][5:]
    elif mutation == "cp932":
        encoded[target] = lines[target].encode("cp932")
    else:
        encoded[target] = _mutated(fmt, lines[target], mutation).encode("utf-8")
    path = tmp_path / "state.jsonl"
    path.write_bytes(b"\n".join(encoded) + b"\n")
    if mutation == "cp932":
        # SPEC §4: one line in CP932 among UTF-8 lines is a mixed file, refused at that line;
        # unless the file is clean CP932 throughout (its other lines ASCII): then it is CP932
        try:
            encoded[target].decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return  # the line's bytes are UTF-8 too: the decision reads them so (tests/hostile)
        if choose_encoding(path) == "cp932":
            ctx = _ctx(path.name)
            assert list(FORMATS[fmt](path, ctx)) and ctx.encoding == "cp932"
            return
    problems = _refused(fmt, path)
    assert [(p.code, p.line) for p in problems] == [(MUTATIONS[mutation], target + 1)], problems


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("raw", [b"", b"\xef\xbb\xbf", b"\n \r\n"])
def test_empty_streams_have_no_data(tmp_path: Path, fmt: str, raw: bytes) -> None:
    path = tmp_path / "state.jsonl"
    path.write_bytes(raw)
    assert [(p.code, p.line) for p in _refused(fmt, path)] == [("E-NO-DATA", 1)]
