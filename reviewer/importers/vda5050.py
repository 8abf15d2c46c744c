"""The `vda5050-state` format: JSON Lines of VDA 5050 2.x / 3.x `state` messages, rolled up by month.

A robot is `manufacturer` + `serialNumber`. It is active in a message whose `operatingMode` is
`AUTOMATIC`. Its fault conditions are each FATAL error (by `errorType`) and an emergency stop
other than `NONE` (2.x `safetyState.eStop`, 3.x `safetyState.activeEmergencyStop`); each
condition that was absent from the robot's previous message is one intervention, and a robot's
first message counts what it shows. 3.x renamed `batteryState` to `powerSupply` and
`agvPosition` to `mobileRobotPosition`; the rollup reads neither, so both spellings pass.

Besides JSON Lines, a file may hold one pretty-printed state message or a JSON array of them
(the shape of every published example); a message's place is then the line of its opening brace.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path

from reviewer.core.errors import InputRefused
from reviewer.importers.base import ParseContext, Record
from reviewer.importers.jsonstrict import head_text, loads
from reviewer.importers.open_rmf import document_messages, is_json_lines
from reviewer.importers.telemetry import (
    Rollup,
    Sample,
    add_refusal,
    instant_us,
    read_lines,
    robot_assigner,
    valid_instant_us,
)

NAME = "vda5050-state"

_SNIFF_KEYS = ("headerId", "timestamp", "version", "manufacturer", "serialNumber", "operatingMode")
_REQUIRED = (*_SNIFF_KEYS, "errors", "safetyState")
_VERSION = re.compile(r"(\d+)\.\d+(?:\.\d+)?(?:[-+][0-9A-Za-z.-]+)?")
_ESTOP_FIELD = {2: "eStop", 3: "activeEmergencyStop"}
_BOM = b"\xef\xbb\xbf"
# A pretty-printed message cut off by the sniffing window: the header fields with their values
# (a JSON schema of the message names the same keys, but with objects as their values).
_HEADER_VALUES = tuple(
    re.compile(pattern)
    for pattern in (
        r'"headerId"\s*:\s*\d',
        r'"timestamp"\s*:\s*"',
        r'"manufacturer"\s*:\s*"',
        r'"serialNumber"\s*:\s*"',
        r'"operatingMode"\s*:\s*"',
    )
)


def sniff(head: bytes, path: Path) -> bool:
    """True when the first non-blank line is a JSON object with the state header fields, or the
    file is one pretty-printed state message or an array of them."""
    if head.startswith(_BOM):
        head = head[len(_BOM) :]
    text = head.decode("utf-8", errors="replace")
    first = next((line for line in text.split("\n") if line.strip()), None)
    if first is None:
        return False
    for candidate in (first, head_text(head)):
        try:
            message = loads(candidate, path.name)
        except InputRefused:
            continue
        if isinstance(message, list) and message:
            message = message[0]
        return _is_state(message)
    # A document longer than the window: its first message's header fields, with values.
    start = text.lstrip()[:1]
    window = text[:8192]
    return start in ("{", "[") and all(pattern.search(window) for pattern in _HEADER_VALUES)


def _is_state(message: object) -> bool:
    return isinstance(message, dict) and all(key in message for key in _SNIFF_KEYS)


def parse(path: Path, ctx: ParseContext) -> Iterator[Record]:
    """Yield one FleetRecord (source telemetry) per Japan-time month x industry x operator.

    Reads the file once, line by line, keeping only per-robot state and monthly totals.
    Raises InputRefused after reading everything if any line was wrong.
    """
    rollup = Rollup(ctx.problems, robot_assigner(ctx))
    for line, message in _messages(path, ctx):
        sample = _sample(message, line, ctx)
        if sample is not None:
            rollup.add(sample)
    ctx.problems.raise_if_any()
    yield from rollup.records()


def _messages(path: Path, ctx: ParseContext) -> Iterator[tuple[int, object]]:
    """(line, message): JSON Lines streamed line by line, else one document (an object or an
    array, at most 50 MiB) with each message at the line of its opening brace."""
    if not is_json_lines(path):
        yield from document_messages(path, ctx)
        return
    for line, text in read_lines(path, ctx):
        try:
            message = loads(text, ctx.display_name, first_line=line)
        except InputRefused as refused:
            add_refusal(ctx, refused)
            continue
        yield line, message


def _show(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)[:80]


def _bad(ctx: ParseContext, line: int, field: str, value: object, expected: str) -> None:
    ctx.problems.add("E-TELEMETRY-VALUE", line, field=field, value=_show(value), expected=expected)


def _sample(message: object, line: int, ctx: ParseContext) -> Sample | None:
    """The sample of one state message, or None after reporting what is wrong with it."""
    if not isinstance(message, dict):
        _bad(ctx, line, "(message)", message, "a JSON object")
        return None
    missing = [key for key in _REQUIRED if key not in message]
    for key in missing:
        ctx.problems.add("E-TELEMETRY-FIELD", line, field=key)
    if missing:
        return None
    version = message["version"]
    match = _VERSION.fullmatch(version) if isinstance(version, str) else None
    major = int(match.group(1)) if match else None
    if major not in _ESTOP_FIELD:
        ctx.problems.add("E-VDA-VERSION", line, value=_show(version))
        return None
    ok = True
    robot: list[str] = []
    for key in ("manufacturer", "serialNumber"):
        value = message[key]
        if not isinstance(value, str) or not value.strip():
            _bad(ctx, line, key, value, "a non-empty string")
            ok = False
        else:
            robot.append(value.strip())
    time_us = _timestamp(message["timestamp"], line, ctx)
    mode = message["operatingMode"]
    if not isinstance(mode, str):
        _bad(ctx, line, "operatingMode", mode, "a string")
        ok = False
    conditions = _fatal_errors(message["errors"], line, ctx)
    estop = _estop(message["safetyState"], _ESTOP_FIELD[major], line, ctx)
    if not ok or time_us is None or conditions is None or estop is None:
        return None
    if estop:
        conditions.add("estop")
    return Sample(
        robot=(robot[0], robot[1]),
        line=line,
        time_us=time_us,
        active=mode == "AUTOMATIC",
        conditions=frozenset(conditions),
    )


def _timestamp(value: object, line: int, ctx: ParseContext) -> int | None:
    expected = "an ISO 8601 time with Z or an offset"
    if not isinstance(value, str):
        _bad(ctx, line, "timestamp", value, expected)
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        # A time without an offset could be any zone: guessing would shift hours between months.
        _bad(ctx, line, "timestamp", value, expected)
        return None
    time_us = instant_us(moment)
    if not valid_instant_us(time_us):
        _bad(ctx, line, "timestamp", value, "a time between 1970 and 2999")
        return None
    return time_us


def _fatal_errors(errors: object, line: int, ctx: ParseContext) -> set[str] | None:
    if not isinstance(errors, list):
        _bad(ctx, line, "errors", errors, "an array")
        return None
    fatal: set[str] = set()
    ok = True
    for index, error in enumerate(errors):
        where = f"errors[{index}]"
        if not isinstance(error, dict):
            _bad(ctx, line, where, error, "an object")
            ok = False
            continue
        for key in ("errorType", "errorLevel"):
            if key not in error:
                ctx.problems.add("E-TELEMETRY-FIELD", line, field=f"{where}.{key}")
                ok = False
            elif not isinstance(error[key], str):
                _bad(ctx, line, f"{where}.{key}", error[key], "a string")
                ok = False
        if ok and error["errorLevel"] == "FATAL":
            fatal.add("fatal:" + error["errorType"])
    return fatal if ok else None


def _estop(safety: object, field: str, line: int, ctx: ParseContext) -> bool | None:
    if not isinstance(safety, dict):
        _bad(ctx, line, "safetyState", safety, "an object")
        return None
    if field not in safety:
        ctx.problems.add("E-TELEMETRY-FIELD", line, field=f"safetyState.{field}")
        return None
    value = safety[field]
    if not isinstance(value, str):
        _bad(ctx, line, f"safetyState.{field}", value, "a string")
        return None
    return value != "NONE"
