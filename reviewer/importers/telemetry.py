"""Telemetry rollups shared by the robot-state formats: per-robot state, Japan-time months, lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from reviewer.core.errors import InputRefused, ProblemCollector
from reviewer.core.models import FleetRecord, FleetSource, Place
from reviewer.core.normalize import fold
from reviewer.importers.base import MAX_LINE_BYTES, ParseContext
from reviewer.importers.registry_csv import load_registry
from reviewer.importers.textenc import choose_encoding, refusal_code, strict_decode

JST = ZoneInfo("Asia/Tokyo")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_US = dt.timedelta(microseconds=1)
INTERVAL_CAP_US = 60 * 1_000_000  # SPEC §4: an interval between two messages counts for at most 60 s
_US_PER_HOUR = 3_600 * 1_000_000
_BOM = b"\xef\xbb\xbf"

RobotKey = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Sample:
    """One robot's state in one message, reduced to what the rollup needs.

    `conditions` are the fault conditions present in this message (a FATAL error type, an
    e-stop, an issue); each one that was absent from the robot's previous message is an onset.
    """

    robot: RobotKey
    line: int
    time_us: int  # microseconds since the Unix epoch
    active: bool
    conditions: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Group:
    """Who runs a robot and in which industry: the rollup sums robots of one group.

    Operators are compared folded (NFKC, case, spaces), as the database keys them.
    """

    operator: str
    industry: str
    key: tuple[str, str] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", (self.industry, fold(self.operator)))


def instant_us(moment: dt.datetime) -> int:
    """Microseconds since the Unix epoch of an aware datetime (exact, no float rounding)."""
    return (moment - _EPOCH) // _US


# Robot telemetry is never from before 1970 or after 2999; the bounds also keep month arithmetic
# far from datetime's year 9999 limit.
_LATEST_US = (dt.datetime(3000, 1, 1, tzinfo=dt.UTC) - _EPOCH) // _US


def valid_instant_us(time_us: int) -> bool:
    """True for an instant between 1970 and 2999, the range telemetry can come from."""
    return 0 <= time_us < _LATEST_US


def describe_us(time_us: int) -> str:
    """The instant as an ISO 8601 Japan time, for messages."""
    return (_EPOCH + dt.timedelta(microseconds=time_us)).astimezone(JST).isoformat()


@dataclass(frozen=True, slots=True)
class _Month:
    period: str  # YYYY-MM in Japan time
    start_us: int
    end_us: int  # start of the next month


def month_of(time_us: int) -> _Month:
    """The Japan-time month holding an instant, with its bounds in epoch microseconds."""
    local = (_EPOCH + dt.timedelta(microseconds=time_us)).astimezone(JST)
    start = dt.datetime(local.year, local.month, 1, tzinfo=JST)
    nxt = dt.datetime(local.year + local.month // 12, local.month % 12 + 1, 1, tzinfo=JST)
    return _Month(f"{local.year:04d}-{local.month:02d}", instant_us(start), instant_us(nxt))


class _RobotState:
    """What is remembered of one robot between its messages (never the messages themselves)."""

    __slots__ = ("active", "active_counted", "conditions", "group", "line", "month", "time_us", "totals")

    def __init__(self, group: Group | None) -> None:
        self.group = group
        self.time_us: int | None = None
        self.line = 0
        self.active = False
        self.conditions: frozenset[str] = frozenset()
        self.month: _Month | None = None
        self.totals: _Totals | None = None  # the accumulator of `month`
        self.active_counted = False


class _Totals:
    """One month x industry x operator accumulator."""

    __slots__ = (
        "active",
        "count",
        "counted_line",
        "deployed",
        "first",
        "hours_us",
        "interventions",
        "last",
        "operator",
    )

    def __init__(self, operator: str) -> None:
        self.operator = operator
        self.deployed = 0
        self.active = 0
        self.hours_us = 0
        self.interventions = 0
        self.first: int | None = None
        self.last: int | None = None
        self.count = 0
        self.counted_line = 0  # the message last counted: an Open-RMF message holds many robots

    def touch(self, line: int, *, counted: bool) -> None:
        self.first = line if self.first is None else min(self.first, line)
        self.last = line if self.last is None else max(self.last, line)
        # A message counts once however many robot entries it holds (SPEC §4): the samples of
        # one message come together and share its line.
        if counted and line != self.counted_line:
            self.count += 1
            self.counted_line = line


class Rollup:
    """Accumulates samples into monthly observations; memory is bounded by robots x months.

    `assign(robot, line)` gives a robot's group the first time it is seen, or None when it
    cannot (the caller has reported why); such a robot's later samples are ignored.
    """

    def __init__(self, problems: ProblemCollector, assign: Callable[[RobotKey, int], Group | None]) -> None:
        self._problems = problems
        self._assign = assign
        self._robots: dict[RobotKey, _RobotState] = {}
        self._totals: dict[tuple[str, str, str], _Totals] = {}

    def add(self, sample: Sample) -> None:
        """Take one sample; a sample older than its robot's previous one is E-TIME-ORDER."""
        state = self._robots.get(sample.robot)
        if state is None:
            state = _RobotState(self._assign(sample.robot, sample.line))
            self._robots[sample.robot] = state
        group = state.group
        if group is None:
            return
        if state.time_us is not None:
            if sample.time_us < state.time_us:
                self._problems.add(
                    "E-TIME-ORDER",
                    sample.line,
                    robot=" / ".join(sample.robot),
                    time=describe_us(sample.time_us),
                    previous=describe_us(state.time_us),
                    previous_line=state.line,
                )
                return
            if state.active:
                self._add_interval(state, group, state.time_us, sample.time_us, sample.line)
        month, totals = state.month, state.totals
        if month is None or totals is None or not month.start_us <= sample.time_us < month.end_us:
            month = month_of(sample.time_us)
            totals = self._bucket(month.period, group)
            totals.deployed += 1
            state.month, state.totals, state.active_counted = month, totals, False
        if sample.active and not state.active_counted:
            totals.active += 1
            state.active_counted = True
        totals.interventions += len(sample.conditions - state.conditions)
        totals.touch(sample.line, counted=True)
        state.time_us = sample.time_us
        state.line = sample.line
        state.active = sample.active
        state.conditions = sample.conditions

    def _add_interval(self, state: _RobotState, group: Group, start: int, end: int, line: int) -> None:
        # The interval belongs to the state it starts in; capped, then cut at each Japan-time
        # month boundary so the part before midnight of the 1st stays in the earlier month.
        end = min(end, start + INTERVAL_CAP_US)
        month = state.month if state.month is not None else month_of(start)
        while start < end:
            if not month.start_us <= start < month.end_us:
                month = month_of(start)
            piece_end = min(end, month.end_us)
            totals = self._bucket(month.period, group)
            totals.hours_us += piece_end - start
            if piece_end > start and month is not state.month:
                # A month reached only by a spilled interval still points at the message closing it.
                totals.touch(line, counted=False)
            start = piece_end

    def _bucket(self, period: str, group: Group) -> _Totals:
        industry, operator_key = group.key
        key = (period, industry, operator_key)
        totals = self._totals.get(key)
        if totals is None:
            totals = _Totals(group.operator)
            self._totals[key] = totals
        return totals

    def records(self) -> Iterator[FleetRecord]:
        """The observations, ordered by period, industry and operator."""
        for (period, industry, _key), totals in sorted(self._totals.items()):
            yield FleetRecord(
                period=period,
                industry=industry,
                operator=totals.operator,
                robots_deployed=totals.deployed,
                robots_active=totals.active,
                operating_hours=totals.hours_us / _US_PER_HOUR,
                interventions=totals.interventions,
                incidents=0,
                place=Place(first_message=totals.first, last_message=totals.last, message_count=totals.count),
                source=FleetSource.TELEMETRY,
            )


def robot_assigner(ctx: ParseContext) -> Callable[[RobotKey, int], Group | None]:
    """How robots get their operator and industry: `--registry`, else `--operator` + `--industry`.

    Reports E-OPERATOR-AND-REGISTRY (both ways given), E-NO-OPERATOR (neither, at line 1),
    E-INDUSTRY (an `--industry` the plan lacks) and, while parsing, E-UNREGISTERED-ROBOT at a
    robot's first message. Raises InputRefused naming the registry file if that file is wrong.
    """
    operator = (ctx.operator or "").strip()
    industry_text = (ctx.industry or "").strip()
    registry_path = ctx.registry
    if registry_path is not None:
        if operator or industry_text:
            # Silently preferring one source over the other would change what the user meant.
            ctx.problems.add("E-OPERATOR-AND-REGISTRY", 1)
        registry = load_registry(registry_path, ctx.resolve_industry)

        def from_registry(robot: RobotKey, line: int) -> Group | None:
            entry = registry.get(robot)
            if entry is None:
                ctx.problems.add(
                    "E-UNREGISTERED-ROBOT", line, robot=" / ".join(robot), registry=registry_path.name
                )
                return None
            return Group(entry.operator, entry.industry)

        return from_registry
    if not operator or not industry_text:
        ctx.problems.add("E-NO-OPERATOR", 1)
        return lambda _robot, _line: None
    code = ctx.resolve_industry(industry_text)
    if code is None:
        ctx.problems.add("E-INDUSTRY", None, value=industry_text)
    group = Group(operator, code or industry_text)
    return lambda _robot, _line: group


def add_refusal(ctx: ParseContext, refused: InputRefused) -> None:
    """Copy the problems of a refusal raised by a helper (e.g. jsonstrict) into the parse's collector."""
    for problem in refused.problems:
        ctx.problems.add(problem.code, problem.line, problem.column, **problem.params)
    # Problems beyond the refusal's kept list still count towards the total.
    ctx.problems.total += refused.total - len(refused.problems)


def read_lines(path: Path, ctx: ParseContext) -> Iterator[tuple[int, str]]:
    """Stream the non-blank lines of a text file as (line number, text).

    The encoding is decided once for the whole file (SPEC §4), or is `--encoding`'s. Holds one
    line at a time, advances `ctx.bytes_read`, and reports E-LINE-TOO-LONG (over 1 MiB),
    E-NUL, E-ENCODING (E-ENCODING-GIVEN) at their lines and E-NO-DATA for a file with no content.
    """
    ctx.encoding = choose_encoding(path, ctx.given_encoding, ctx.display_name)
    codec = "utf-8" if ctx.encoding == "utf-8-sig" else ctx.encoding
    limit = MAX_LINE_BYTES + 2  # room for the content plus "\r\n"
    seen_content = False
    with path.open("rb") as stream:
        line_no = 0
        while True:
            raw = stream.readline(limit)
            if not raw:
                break
            line_no += 1
            line_start = ctx.bytes_read
            ctx.bytes_read += len(raw)
            complete = raw.endswith(b"\n")
            while not complete:
                more = stream.readline(limit)
                if not more:
                    break
                ctx.bytes_read += len(more)
                complete = more.endswith(b"\n")
            if line_no == 1 and ctx.encoding == "utf-8-sig":
                raw = raw[len(_BOM) :]
                line_start += len(_BOM)
            content = raw.rstrip(b"\n").rstrip(b"\r") if complete else raw
            if len(content) > MAX_LINE_BYTES:
                seen_content = True
                ctx.problems.add("E-LINE-TOO-LONG", line_no, limit=MAX_LINE_BYTES)
                continue
            nul = content.find(b"\x00")
            if nul >= 0:
                seen_content = True
                ctx.problems.add("E-NUL", line_no, nul + 1)
                continue
            try:
                text = strict_decode(content, codec)
            except UnicodeDecodeError as exc:
                seen_content = True
                ctx.problems.add(
                    refusal_code(ctx.given_encoding),
                    line_no,
                    exc.start + 1,
                    encoding=codec,
                    offset=line_start + exc.start,
                )
                continue
            if not text.strip():
                continue
            seen_content = True
            yield line_no, text
    if not seen_content:
        ctx.problems.add("E-NO-DATA", 1)
