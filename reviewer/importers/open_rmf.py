"""The `open-rmf-fleet-state` format: Open-RMF `fleet_state` messages, rolled up by month.

Accepted shapes (rmf_api_msgs `fleet_state.json`, `fleet_state_update.json`): a fleet state
`{"name": fleet, "robots": {name: robot_state}}`, or one wrapped as
`{"type": "fleet_state_update", "data": fleet_state}`; as one JSON document, a JSON array of
them, or JSON Lines (one per line, streamed). A robot is fleet name + robot name (its key in
`robots`); each robot state (`status`, `unix_millis_time`, optional `battery`, `issues`) is one
message of that robot, at the line where its fleet state starts. A robot is active in a message
whose status is `working`; its fault conditions are the `error` status and each issue (by its
whole content), and each condition absent from its previous message is one intervention.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from reviewer.core.errors import InputRefused
from reviewer.importers.base import HEAD_BYTES, MAX_LINE_BYTES, ParseContext, Record
from reviewer.importers.jsonstrict import loads, read_text
from reviewer.importers.telemetry import (
    Rollup,
    Sample,
    add_refusal,
    read_lines,
    robot_assigner,
    valid_instant_us,
)

NAME = "open-rmf-fleet-state"

STATUSES = ("uninitialized", "offline", "shutdown", "idle", "charging", "working", "error")
_BOM = b"\xef\xbb\xbf"
# For a document cut off by the sniff window: a `robots` mapping whose first entry is an object.
_ROBOTS_HINT = re.compile(r'"robots"\s*:\s*\{\s*"(?:[^"\\]|\\.)*"\s*:\s*\{')
# Strings (skipped whole, so brackets inside them do not count), brackets, and other tokens.
_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]|[^\s,:\[\]{}"]+')


def _fleet_state(value: object) -> dict[str, object] | None:
    """The fleet state inside `value` if it looks like one (for sniffing), else None."""
    if isinstance(value, dict) and value.get("type") == "fleet_state_update":
        value = value.get("data")
    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        return None
    robots = value.get("robots")
    if not isinstance(robots, dict) or not robots:
        return None
    if all(isinstance(state, dict) and "status" in state for state in robots.values()):
        return value
    return None


def sniff(head: bytes, path: Path) -> bool:
    """True for a fleet state, an array of them, or JSON Lines of them (a task_state is not)."""
    if head.startswith(_BOM):
        head = head[len(_BOM) :]
    text = head.decode("utf-8", errors="replace")
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    candidates = [first] if first.startswith("{") and first.endswith("}") else []
    candidates.append(text)
    for candidate in candidates:
        try:
            value = loads(candidate, path.name)
        except InputRefused:
            continue
        if isinstance(value, list):
            return bool(value) and _fleet_state(value[0]) is not None
        return _fleet_state(value) is not None
    # A document longer than the window cannot be parsed here: look for its telltale keys.
    return len(head) >= HEAD_BYTES and _ROBOTS_HINT.search(text) is not None and '"status"' in text


def parse(path: Path, ctx: ParseContext) -> Iterator[Record]:
    """Yield one FleetRecord (source telemetry) per Japan-time month x industry x operator.

    JSON Lines stream with memory bounded by robots x months; a single document or array is
    read whole (at most 50 MiB). Raises InputRefused after reading everything if anything was wrong.
    """
    rollup = Rollup(ctx.problems, robot_assigner(ctx))
    if is_json_lines(path):
        for line, text in read_lines(path, ctx):
            try:
                message = loads(text, ctx.display_name, first_line=line)
            except InputRefused as refused:
                add_refusal(ctx, refused)
                continue
            for sample in _samples(message, line, ctx):
                rollup.add(sample)
    else:
        for line, message in document_messages(path, ctx):
            for sample in _samples(message, line, ctx):
                rollup.add(sample)
    ctx.problems.raise_if_any()
    yield from rollup.records()


def is_json_lines(path: Path) -> bool:
    """JSON Lines when the first non-blank line is a whole object on its own line."""
    with path.open("rb") as stream:
        for raw in iter(lambda: stream.readline(MAX_LINE_BYTES + 2), b""):
            line = raw.removeprefix(_BOM).strip()
            if line:
                return line.startswith(b"{") and line.endswith(b"}")
    return True  # empty: the line reader reports E-NO-DATA


def document_messages(path: Path, ctx: ParseContext) -> Iterator[tuple[int, object]]:
    """(line, message) for a whole-document file: one object, or each element of an array, at
    the line of its opening brace. Problems go to `ctx.problems` (nothing is yielded then)."""
    try:
        text, ctx.encoding = read_text(path, ctx.display_name, given=ctx.given_encoding)
        ctx.bytes_read = path.stat().st_size
        value = loads(text, ctx.display_name)
    except InputRefused as refused:
        add_refusal(ctx, refused)
        return
    if not isinstance(value, list):
        yield _line_of(text, len(text) - len(text.lstrip())), value
        return
    yield from zip(_element_lines(text), value, strict=True)


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _element_lines(text: str) -> Iterator[int]:
    """The line each element of the top-level array starts on (the text is valid JSON)."""
    depth = 0
    line = 1
    counted_to = 0
    for match in _STRUCTURE.finditer(text):
        token = match.group()
        if depth == 1 and token != "]":
            line += text.count("\n", counted_to, match.start())
            counted_to = match.start()
            yield line
        if token in ("[", "{"):
            depth += 1
        elif token in ("]", "}"):
            depth -= 1


def _show(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)[:80]


def _bad(ctx: ParseContext, line: int, field: str, value: object, expected: str) -> None:
    ctx.problems.add("E-TELEMETRY-VALUE", line, field=field, value=_show(value), expected=expected)


def _samples(message: object, line: int, ctx: ParseContext) -> Iterator[Sample]:
    """The samples of one fleet state, one per robot, after reporting anything wrong in it."""
    prefix = ""
    if isinstance(message, dict) and "type" in message:
        if message["type"] != "fleet_state_update":
            ctx.problems.add("E-RMF-NOT-FLEET-STATE", line, value=_show(message["type"]))
            return
        if "data" not in message:
            ctx.problems.add("E-TELEMETRY-FIELD", line, field="data")
            return
        message = message["data"]
        prefix = "data."
    if not isinstance(message, dict):
        _bad(ctx, line, prefix or "(message)", message, "a fleet_state object")
        return
    missing = [key for key in ("name", "robots") if key not in message]
    for key in missing:
        ctx.problems.add("E-TELEMETRY-FIELD", line, field=prefix + key)
    if missing:
        return
    fleet, robots = message["name"], message["robots"]
    if not isinstance(fleet, str) or not fleet.strip():
        _bad(ctx, line, prefix + "name", fleet, "a non-empty string")
        return
    if not isinstance(robots, dict):
        _bad(ctx, line, prefix + "robots", robots, "an object of robot states")
        return
    for name, state in robots.items():
        sample = _robot_sample(fleet.strip(), name, state, f"{prefix}robots.{name}", line, ctx)
        if sample is not None:
            yield sample


def _robot_sample(
    fleet: str, name: str, state: object, where: str, line: int, ctx: ParseContext
) -> Sample | None:
    if not name.strip():
        _bad(ctx, line, where, name, "a non-empty robot name")
        return None
    if not isinstance(state, dict):
        _bad(ctx, line, where, state, "a robot_state object")
        return None
    missing = [key for key in ("status", "unix_millis_time") if key not in state]
    for key in missing:
        ctx.problems.add("E-TELEMETRY-FIELD", line, field=f"{where}.{key}")
    if missing:
        return None
    ok = True
    status, millis = state["status"], state["unix_millis_time"]
    if status not in STATUSES:
        _bad(ctx, line, f"{where}.status", status, "one of " + ", ".join(STATUSES))
        ok = False
    # bool is an int in Python, but `true` is not a time.
    if not isinstance(millis, int) or isinstance(millis, bool) or not valid_instant_us(millis * 1000):
        _bad(ctx, line, f"{where}.unix_millis_time", millis, "an integer of milliseconds since 1970")
        ok = False
    battery = state.get("battery")
    if battery is not None and (
        not isinstance(battery, int | float) or isinstance(battery, bool) or not 0 <= battery <= 1
    ):
        _bad(ctx, line, f"{where}.battery", battery, "a number from 0.0 to 1.0")
        ok = False
    conditions = _issue_conditions(state.get("issues", []), f"{where}.issues", line, ctx)
    if not ok or conditions is None:
        return None
    if status == "error":
        conditions.add("status:error")
    assert isinstance(millis, int)
    return Sample(
        robot=(fleet, name.strip()),
        line=line,
        time_us=millis * 1000,
        active=status == "working",
        conditions=frozenset(conditions),
    )


def _issue_conditions(issues: object, where: str, line: int, ctx: ParseContext) -> set[str] | None:
    if not isinstance(issues, list):
        _bad(ctx, line, where, issues, "an array of issues")
        return None
    conditions: set[str] = set()
    for index, issue in enumerate(issues):
        if not isinstance(issue, dict):
            _bad(ctx, line, f"{where}[{index}]", issue, "an issue object (category, detail)")
            return None
        # An issue is the same issue while its whole content is unchanged.
        conditions.add("issue:" + json.dumps(issue, sort_keys=True, ensure_ascii=False))
    return conditions
