"""Parquet fleet reports (SPEC §14): the fleet-report columns as Parquet, as `reviewer-rollup` writes.

Detected by content (the magic `PAR1`). pyarrow is imported only here and only when such a file
is read, so the desktop and the command line start without it; without it a Parquet file is
refused naming the extra to install. With `OUT.manifest.json` beside `OUT.parquet`, the
manifest's SHA-256 of the output and its row count are checked, its summary (job, engine, every
input's SHA-256 and message count, the registry's SHA-256) is kept on the batch, and with one
input each row points at the first and last message it summarizes and their count. The manifest
is read as a stream (ijson, imported only here): its "rows" item by item, in step with the
Parquet rows, so a national run's millions of rows are never held whole.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterator
from itertools import chain, islice
from operator import itemgetter
from pathlib import Path
from typing import Any

from reviewer import messages
from reviewer.core.errors import InputRefused
from reviewer.core.models import FleetColumns, FleetRecord, Place
from reviewer.core.normalize import fold
from reviewer.importers.base import ParseContext
from reviewer.importers.numbers import INT64_MAX
from reviewer.importers.tabular import Columns
from reviewer.importers.tabular_values import CellError, parse_period

MAGIC = b"PAR1"
_PERIOD = re.compile(r"[0-9]{4}-(?:0[1-9]|1[0-2])")
_PERIOD_ANCHORED = "^[0-9]{4}-(?:0[1-9]|1[0-2])$"
_BATCH_ROWS = 65_536
# a batch's rows as the manifest places them: first and last message lines, message counts
Places = tuple[list[int | None], list[int | None], list[int]]


def is_parquet(head: bytes) -> bool:
    return head.startswith(MAGIC)


def manifest_path(path: Path) -> Path:
    """OUT.parquet's manifest: OUT.manifest.json beside it (as reviewer-rollup writes it)."""
    return path.with_name(path.stem + ".manifest.json")


def parse(path: Path, ctx: ParseContext, columns: Columns) -> Iterator[FleetColumns]:
    """Yield the rows as FleetColumns, a record batch at a time (memory flat in the file's size).

    A batch whose columns have the plain types and whose every cell passes the checks computed
    over whole columns (pyarrow) is handed on as it stands; any other batch is checked row by
    row, the exact checks naming each problem at its row. (Reading ahead in a thread was tried
    and was slower: the writer's `executemany` takes Python's lock back after every row and
    waited for the reader's turn each time.) Raises InputRefused: E-PARQUET-NEEDS-PYARROW,
    E-PARQUET (unreadable), column problems, cell problems at their row, E-MANIFEST (a manifest
    that does not describe this file).
    """
    name = ctx.display_name
    try:
        from pyarrow import parquet
    except ImportError:
        raise InputRefused.one(name, "E-PARQUET-NEEDS-PYARROW", extra="rollup") from None
    try:
        reader = parquet.ParquetFile(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid / OSError subclasses for a bad file
        raise InputRefused.one(name, "E-PARQUET", reason=_first_line(exc)) from None
    positions = _columns(reader.schema_arrow.names, columns, ctx)
    ctx.problems.raise_if_any()
    manifest = _manifest(path, reader.metadata.num_rows)
    ctx.encoding = None
    yield from _batches(path, reader, positions, ctx, manifest)


def _batches(
    path: Path,
    reader: Any,
    positions: dict[str, int],
    ctx: ParseContext,
    manifest: _Manifest | None,
) -> Iterator[FleetColumns]:
    row = 0
    industries: dict[str, str | None] = {}
    total = max(path.stat().st_size, 1)
    rows_total = max(reader.metadata.num_rows, 1)
    try:
        for batch in reader.iter_batches(batch_size=_BATCH_ROWS):
            # the manifest's items for these rows, read in step with them
            places = manifest.take(batch.num_rows) if manifest is not None else None
            chunk = None
            if not ctx.problems.total:
                chunk = _plain(batch, positions, row + 1, ctx, industries, places)
            if chunk is None:
                chunk = _checked(batch, positions, row, ctx, industries, places)
            row += batch.num_rows
            ctx.bytes_read = total * row // rows_total
            if chunk is not None and not ctx.problems.total:
                yield chunk
        if manifest is not None:
            ctx.rollup_manifest = manifest.finish()
    except InputRefused:
        raise
    except Exception as exc:
        raise InputRefused.one(ctx.display_name, "E-PARQUET", row or None, reason=_first_line(exc)) from None
    finally:
        if manifest is not None:
            manifest.close()
    ctx.problems.raise_if_any()


_NAMES = (
    "period",
    "industry",
    "operator",
    "robots_deployed",
    "robots_active",
    "operating_hours",
    "interventions",
    "incidents",
)
_COUNTS = ("robots_deployed", "robots_active", "interventions", "incidents")


def _plain(
    batch: Any,
    positions: dict[str, int],
    first_line: int,
    ctx: ParseContext,
    industries: dict[str, str | None],
    places: Places | None,
) -> FleetColumns | None:
    """The batch as columns when every cell is plainly right, checked a column at a time; else
    None (the batch is then checked row by row, which names each problem or accepts the rest)."""
    import pyarrow as pa
    from pyarrow import compute as pc

    data = {column: batch.column(index) for column, index in positions.items()}
    for column, values in data.items():
        if values.null_count:
            return None
        kind = values.type
        if column in ("period", "industry", "operator"):
            if not pa.types.is_string(kind) and not pa.types.is_large_string(kind):
                return None
        elif column in _COUNTS:
            if not pa.types.is_integer(kind):
                return None
            if len(values) and not 0 <= pc.min(values).as_py() <= pc.max(values).as_py() <= INT64_MAX:
                return None
        elif column == "operating_hours" and not (pa.types.is_integer(kind) or pa.types.is_floating(kind)):
            return None
    if not pc.all(pc.match_substring_regex(data["period"], _PERIOD_ANCHORED)).as_py():
        return None
    hours = data["operating_hours"]
    if pa.types.is_floating(hours.type) and not pc.all(pc.is_finite(hours)).as_py():
        return None
    if len(hours) and pc.min(hours).as_py() < 0:
        return None
    if not pc.all(pc.less_equal(data["robots_active"], data["robots_deployed"])).as_py():
        return None
    for industry in pc.unique(data["industry"]).to_pylist():
        if not industry.strip():
            return None
        if industry not in industries:
            industries[industry] = ctx.resolve_industry(industry.strip())
        if industries[industry] is None:
            return None
    operators = pc.unique(data["operator"]).to_pylist()
    if not all(operator.strip() for operator in operators):
        return None
    operator = data["operator"].to_pylist()
    if any(text != text.strip() for text in operators):
        trimmed = {text: text.strip() for text in operators}
        operator = [trimmed[text] for text in operator]
    n = batch.num_rows
    zeros = [0] * n
    return FleetColumns(
        first_line=first_line,
        period=data["period"].to_pylist(),
        industry=data["industry"].to_pylist(),
        operator=operator,
        robots_deployed=data["robots_deployed"].to_pylist(),
        robots_active=data["robots_active"].to_pylist(),
        operating_hours=pc.cast(hours, pa.float64(), safe=False).to_pylist(),
        interventions=data["interventions"].to_pylist() if "interventions" in data else zeros,
        incidents=data["incidents"].to_pylist() if "incidents" in data else zeros,
        first_message=None if places is None else places[0],
        last_message=None if places is None else places[1],
        message_count=None if places is None else list(places[2]),
    )


def _checked(
    batch: Any,
    positions: dict[str, int],
    row: int,
    ctx: ParseContext,
    industries: dict[str, str | None],
    places: Places | None,
) -> FleetColumns | None:
    """The batch checked row by row: its columns if every row is right, else None (its problems
    are on ctx.problems)."""
    data = {column: batch.column(index).to_pylist() for column, index in positions.items()}
    n = batch.num_rows
    zeros = [0] * n
    records = []
    for index, values in enumerate(zip(*(data.get(column, zeros) for column in _NAMES), strict=True)):
        row += 1
        place = Place(line=row)
        if places is not None:
            place = Place(
                line=row,
                first_message=places[0][index],
                last_message=places[1][index],
                message_count=places[2][index],
            )
        record = _record(values, row, ctx, industries, place)
        if record is not None:
            records.append(record)
    if len(records) != n:
        return None
    kept = [record.place for record in records] if places is not None else None
    return FleetColumns(
        first_line=row - n + 1,
        period=[r.period for r in records],
        industry=[r.industry for r in records],
        operator=[r.operator for r in records],
        robots_deployed=[r.robots_deployed for r in records],
        robots_active=[r.robots_active for r in records],
        operating_hours=[r.operating_hours for r in records],
        interventions=[r.interventions for r in records],
        incidents=[r.incidents for r in records],
        first_message=None if kept is None else [p.first_message for p in kept],
        last_message=None if kept is None else [p.last_message for p in kept],
        message_count=None if kept is None else [p.message_count for p in kept],
    )


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


def _columns(names: list[str], columns: Columns, ctx: ParseContext) -> dict[str, int]:
    known = {fold(alias): column for column, aliases in columns.names.items() for alias in (column, *aliases)}
    positions: dict[str, int] = {}
    for index, raw in enumerate(names):
        column = known.get(fold(raw))
        if column is None:
            ctx.problems.add("E-UNKNOWN-COLUMN", None, index + 1, name=raw)
        elif column in positions:
            ctx.problems.add("E-DUPLICATE-COLUMN", None, index + 1, name=raw)
        else:
            positions[column] = index
    for column in sorted(columns.required - positions.keys()):
        ctx.problems.add("E-MISSING-COLUMN", None, name=column)
    return positions


def _count(value: object, field: str, row: int, ctx: ParseContext) -> int | None:
    if isinstance(value, bool) or value is None:
        ctx.problems.add("E-REQUIRED" if value is None else "E-NUMBER", row, field=field, value=value)
        return None
    if isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            ctx.problems.add("E-NUMBER", row, field=field, value=value)
            return None
        value = int(value)
    if not isinstance(value, int):
        ctx.problems.add("E-NUMBER", row, field=field, value=value)
        return None
    if value < 0:
        ctx.problems.add("E-NEGATIVE", row, field=field, value=value)
        return None
    if value > INT64_MAX:  # an unsigned 64-bit column can hold what SQLite cannot store
        ctx.problems.add("E-NUMBER-RANGE", row, field=field, value=value)
        return None
    return value


def _record(
    values: tuple[Any, ...],
    row: int,
    ctx: ParseContext,
    industries: dict[str, str | None],
    place: Place,
) -> FleetRecord | None:
    period, industry, operator, deployed, active, hours, interventions, incidents = values
    before = ctx.problems.total
    if not (isinstance(period, str) and _PERIOD.fullmatch(period)):
        try:
            period = parse_period(period, "period") if period is not None else None
        except CellError as refused:
            ctx.problems.add(refused.code, row, field="period", **{"value": period, **refused.params})
            period = None
        if period is None and ctx.problems.total == before:
            ctx.problems.add("E-REQUIRED", row, field="period")
    code = None
    if not isinstance(industry, str) or not industry.strip():
        ctx.problems.add("E-REQUIRED", row, field="industry")
    else:
        if industry not in industries:
            industries[industry] = ctx.resolve_industry(industry.strip())
        code = industries[industry]
        if code is None:
            ctx.problems.add("E-INDUSTRY", row, value=industry)
    if not isinstance(operator, str) or not operator.strip():
        ctx.problems.add("E-REQUIRED", row, field="operator")
    counts = [
        _count(value, field, row, ctx)
        for value, field in (
            (deployed, "robots_deployed"),
            (active, "robots_active"),
            (interventions, "interventions"),
            (incidents, "incidents"),
        )
    ]
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not math.isfinite(hours):
        ctx.problems.add(
            "E-REQUIRED" if hours is None else "E-NUMBER", row, field="operating_hours", value=hours
        )
    elif hours < 0:
        ctx.problems.add("E-NEGATIVE", row, field="operating_hours", value=hours)
    if counts[0] is not None and counts[1] is not None and counts[1] > counts[0]:
        ctx.problems.add("E-ACTIVE-GT-DEPLOYED", row, active=counts[1], deployed=counts[0])
    if ctx.problems.total != before:
        return None
    return FleetRecord(
        period=period,
        industry=industry,
        operator=operator.strip(),
        robots_deployed=counts[0],  # type: ignore[arg-type]
        robots_active=counts[1],  # type: ignore[arg-type]
        operating_hours=float(hours),
        interventions=counts[2],  # type: ignore[arg-type]
        incidents=counts[3],  # type: ignore[arg-type]
        place=place,
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _manifest(path: Path, rows: int) -> _Manifest | None:
    """The manifest beside the file, if any, with its header read and checked against the file;
    its rows are read later, in step with the file's (`_Manifest.take`)."""
    beside = manifest_path(path)
    if not beside.is_file():
        return None
    manifest = _Manifest(beside, rows)
    try:
        manifest.check(_sha256(path))
    except BaseException:
        manifest.close()
        raise
    return manifest


_BEFORE_ROWS = ("job", "output", "inputs")  # what the import needs before its first row
# The events of a "rows" item as reviewer-rollup writes it, {"first":{"input":I,"line":L},
# "last":{"input":I,"line":L},"messages":N}. Items of this shape are checked thousands at a time
# (`_Manifest._take_shaped`), which costs a fraction of building each item; from the first item
# of any other shape on, items are read as JSON values and checked one by one.
_ITEM: tuple[tuple[str, object], ...] = (
    ("start_map", None), ("map_key", "first"), ("start_map", None), ("map_key", "input"), ("number", 0),
    ("map_key", "line"), ("number", 0), ("end_map", None), ("map_key", "last"), ("start_map", None),
    ("map_key", "input"), ("number", 0), ("map_key", "line"), ("number", 0), ("end_map", None),
    ("map_key", "messages"), ("number", 0), ("end_map", None),
)  # fmt: skip
_NUMBERS = (4, 6, 11, 13, 16)
_CONSTANT = tuple(k for k in range(len(_ITEM)) if k not in _NUMBERS)
_VALUE = itemgetter(1)
_SHAPED_ITEMS = 4_096  # items checked at once: their 73,728 events are a few MiB


class _Manifest:
    """OUT.manifest.json read as a stream of JSON events (ijson), never whole.

    A national run's manifest has millions of "rows" items (SPEC §14): they are read a record
    batch at a time, in step with the Parquet rows they describe. Everything else (the header) is
    read first, up to "rows"; "job", "output" and "inputs" must come before it, as reviewer-rollup
    writes them ("rows" last); any other key may follow it (a tool that sorts keys puts
    "rules_sha256" and "version" there) and is read after the last row. A key given twice, an item
    that is not a row's place, more or fewer items than the file has rows, and a manifest cut
    short are refused (E-MANIFEST, naming the manifest and the row); the import then writes
    nothing (one transaction, services/evidence.py).
    """

    def __init__(self, path: Path, rows: int) -> None:
        import ijson

        self.name = path.name
        self.rows = rows
        self.header: dict[str, Any] = {}
        self.digest = hashlib.sha256()
        self.one_input = False
        self._row = 0  # the last row taken
        self._fast = True  # items have had reviewer-rollup's exact shape so far
        self._in_rows = False
        self._has_rows = False
        self._stream = path.open("rb")
        # RecursionError: a value nested deeper than Python's stack (built by recursion)
        self._errors = (ijson.JSONError, OSError, RecursionError)
        self._events = ijson.basic_parse(_Hashed(self._stream, self.digest), buf_size=1 << 16, use_float=True)

    def close(self) -> None:
        self._stream.close()

    def _refuse(self, reason: str, /, **params: object) -> InputRefused:
        """E-MANIFEST with the reason `reason-manifest-…` or `reason-…` (messages.Phrase, ja/en)."""
        return InputRefused.one(self.name, "E-MANIFEST", reason=messages.phrase(reason, **params))

    def _cut_short(self) -> InputRefused:
        if self._in_rows:
            return self._refuse("reason-manifest-cut-short-row", row=self._row + 1)
        return self._refuse("reason-manifest-cut-short")

    def _parse_error(self, exc: Exception, started: bool) -> InputRefused:
        if isinstance(exc, RecursionError):
            return self._refuse("reason-nested-too-deeply")
        text = _first_line(exc)
        if started and "premature EOF" in text:
            return self._cut_short()
        return self._refuse("reason-manifest-not-json", detail=text)

    def _value(self, event: str, value: Any) -> Any:
        """The JSON value that starts with this event, read whole (a header value or one item)."""
        events = self._events
        if event == "start_map":
            built: dict[str, Any] = {}
            for event, value in events:
                if event == "end_map":
                    return built
                key = value
                built[key] = self._value(*next(events))
        elif event == "start_array":
            items: list[Any] = []
            for event, value in events:
                if event == "end_array":
                    return items
                items.append(self._value(event, value))
        return value

    def _keys(self) -> None:
        """Read top-level keys and their values into the header up to "rows" or the end."""
        for event, value in self._events:
            if event == "end_map":
                return
            key = value
            if key in self.header or (key == "rows" and self._has_rows):
                raise self._refuse("reason-manifest-key-twice", key=key)
            if key == "rows":
                self._has_rows = True
                event, value = next(self._events)
                if event == "start_array":
                    self._in_rows = True
                    return
                self._value(event, value)  # not an array: check() refuses it
                continue
            if self._has_rows and key in _BEFORE_ROWS:
                raise self._refuse("reason-manifest-key-after-rows", key=key)
            self.header[key] = self._value(*next(self._events))

    def check(self, sha: str) -> None:
        """Read the header and check it against the file (its SHA-256 and row count)."""
        started = False
        try:
            event, _ = next(self._events)
            started = True
            if event != "start_map":
                raise self._refuse("reason-manifest-not-ours")
            self._keys()
        except StopIteration:
            raise self._refuse("reason-manifest-empty") from None
        except self._errors as exc:
            raise self._parse_error(exc, started) from None
        header = self.header
        output = header.get("output")
        if not isinstance(output, dict) or header.get("job") != "reviewer-rollup":
            if self._in_rows and not all(key in header for key in ("job", "output")):
                raise self._refuse("reason-manifest-rows-last")
            raise self._refuse("reason-manifest-not-ours")
        if output.get("sha256") != sha:
            raise self._refuse("reason-manifest-sha", stated=output.get("sha256"), sha=sha)
        if output.get("rows") != self.rows or not self._in_rows:
            raise self._refuse("reason-manifest-row-count", stated=output.get("rows"), rows=self.rows)
        inputs = header.get("inputs")
        self.one_input = isinstance(inputs, list) and len(inputs) == 1

    def take(self, n: int) -> tuple[list[int | None], list[int | None], list[int]] | None:
        """The next n rows' first and last message lines and message counts, checked; None when
        the manifest has several inputs (a line alone does not say which input it is in)."""
        firsts: list[int | None] = []
        lasts: list[int | None] = []
        counts: list[int] = []
        try:
            left = n
            while self._fast and left:
                step = min(left, _SHAPED_ITEMS)
                if not self._take_shaped(step, firsts, lasts, counts):
                    break
                left -= step
            events = self._events
            for _ in range(left):
                row = self._row + 1
                event, value = next(events)
                if event == "end_array":
                    self._in_rows = False
                    raise self._refuse("reason-manifest-fewer-items", items=self._row, rows=self.rows)
                item = self._value(event, value)
                if not isinstance(item, dict):
                    raise self._refuse("reason-manifest-item-not-object", row=row)
                count = item.get("messages")
                if type(count) is not int or count < 0:
                    raise self._refuse("reason-manifest-not-count", row=row, value=repr(count))
                first = _line(item.get("first"))
                last = _line(item.get("last"))
                for key, line in (("first", first), ("last", last)):
                    if line == -1:
                        place = item.get(key)
                        raise self._refuse("reason-manifest-not-place", row=row, key=key, value=repr(place))
                firsts.append(first)
                lasts.append(last)
                counts.append(count)
                self._row = row
        except StopIteration:
            raise self._refuse("reason-manifest-cut-short-row", row=self._row + 1) from None
        except self._errors as exc:
            raise self._parse_error(exc, True) from None
        return (firsts, lasts, counts) if self.one_input else None

    def _take_shaped(
        self, n: int, firsts: list[int | None], lasts: list[int | None], counts: list[int]
    ) -> bool:
        """Take n items if each has reviewer-rollup's exact shape and right numbers, checked over
        all n at once (list slices compared in C); else leave them to be read the general way
        (which names the row and what is wrong) and return False."""
        step = len(_ITEM)
        events: list[tuple[str, Any]] = []
        try:
            events.extend(islice(self._events, step * n))  # kept up to a parse error
        except self._errors:
            self._row += len(events) // step  # for the refusal: the row the text breaks off in
            raise
        if len(events) == step * n and all(events[k::step] == [_ITEM[k]] * n for k in _CONSTANT):
            columns = [list(map(_VALUE, events[k::step])) for k in _NUMBERS]
            if all(set(map(type, column)) == {int} for column in columns):
                in_first, first, in_last, last, count = columns
                if (
                    min(in_first) >= 0
                    and min(first) >= 1
                    and min(in_last) >= 0
                    and min(last) >= 1
                    and min(count) >= 0
                ):
                    firsts.extend(first)
                    lasts.extend(last)
                    counts.extend(count)
                    self._row += n
                    return True
        self._events = chain(events, self._events)
        self._fast = False
        return False

    def finish(self) -> str:
        """After the file's last row: the end of "rows", the keys after it, the end of the text;
        the summary kept on the batch (every key but "rows", and the manifest's own SHA-256)."""
        try:
            event, _ = next(self._events)
            if event != "end_array":
                raise self._refuse("reason-manifest-more-items", rows=self.rows)
            self._in_rows = False
            self._keys()
            for _ in self._events:  # only the end of the text may follow (else a parse error)
                pass
        except StopIteration:
            raise self._refuse("reason-manifest-cut-short") from None
        except self._errors as exc:
            raise self._parse_error(exc, True) from None
        summary = dict(self.header)
        summary["manifest"] = {"name": self.name, "sha256": self.digest.hexdigest()}
        return json.dumps(summary, ensure_ascii=False, sort_keys=True)


def _line(place: object) -> int | None:
    """A message's line from a row's "first" or "last" ({"input": i, "line": n}); None for null,
    -1 for anything else."""
    if place is None:
        return None
    if isinstance(place, dict):
        file_no, line = place.get("input"), place.get("line")
        if type(file_no) is int and type(line) is int and file_no >= 0 and line >= 1:
            return line
    return -1


class _Hashed:
    """A binary file read through, its bytes hashed on the way (the manifest's own SHA-256)."""

    def __init__(self, stream: Any, digest: Any) -> None:
        self._stream = stream
        self._digest = digest

    def read(self, size: int = -1) -> bytes:
        data: bytes = self._stream.read(size)
        self._digest.update(data)
        return data
