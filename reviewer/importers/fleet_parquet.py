"""Parquet fleet reports (SPEC §14): the fleet-report columns as Parquet, as `reviewer-rollup` writes.

Detected by content (the magic `PAR1`). pyarrow is imported only here and only when such a file
is read, so the desktop and the command line start without it; without it a Parquet file is
refused naming the extra to install. With `OUT.manifest.json` beside `OUT.parquet`, the
manifest's SHA-256 of the output and its row count are checked, its summary (job, engine, every
input's SHA-256 and message count, the registry's SHA-256) is kept on the batch, and with one
input each row points at the first and last message it summarizes and their count.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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
    origins = _manifest(path, reader.metadata.num_rows, ctx)
    ctx.encoding = None
    yield from _batches(path, reader, positions, ctx, origins)


def _batches(
    path: Path,
    reader: Any,
    positions: dict[str, int],
    ctx: ParseContext,
    origins: Callable[[int], Place] | None,
) -> Iterator[FleetColumns]:
    row = 0
    industries: dict[str, str | None] = {}
    total = max(path.stat().st_size, 1)
    rows_total = max(reader.metadata.num_rows, 1)
    try:
        for batch in reader.iter_batches(batch_size=_BATCH_ROWS):
            chunk = None
            if origins is None and not ctx.problems.total:
                chunk = _plain(batch, positions, row + 1, ctx, industries)
            if chunk is None:
                chunk = _checked(batch, positions, row, ctx, industries, origins)
            row += batch.num_rows
            ctx.bytes_read = total * row // rows_total
            if chunk is not None and not ctx.problems.total:
                yield chunk
    except InputRefused:
        raise
    except Exception as exc:
        raise InputRefused.one(ctx.display_name, "E-PARQUET", row or None, reason=_first_line(exc)) from None
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
    )


def _checked(
    batch: Any,
    positions: dict[str, int],
    row: int,
    ctx: ParseContext,
    industries: dict[str, str | None],
    origins: Callable[[int], Place] | None,
) -> FleetColumns | None:
    """The batch checked row by row: its columns if every row is right, else None (its problems
    are on ctx.problems)."""
    data = {column: batch.column(index).to_pylist() for column, index in positions.items()}
    n = batch.num_rows
    zeros = [0] * n
    records = []
    for values in zip(*(data.get(column, zeros) for column in _NAMES), strict=True):
        row += 1
        record = _record(values, row, ctx, industries, origins)
        if record is not None:
            records.append(record)
    if len(records) != n:
        return None
    places = [record.place for record in records] if origins is not None else None
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
        first_message=None if places is None else [p.first_message for p in places],
        last_message=None if places is None else [p.last_message for p in places],
        message_count=None if places is None else [p.message_count for p in places],
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
    origins: Callable[[int], Place] | None,
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
        place=origins(row) if origins is not None else Place(line=row),
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _manifest(path: Path, rows: int, ctx: ParseContext) -> Callable[[int], Place] | None:
    """Check the manifest beside the file, if any, and keep its summary on the context.

    Returns how to find a row's place (its messages, when the manifest has one input).
    """
    beside = manifest_path(path)
    if not beside.is_file():
        return None
    name = beside.name
    try:
        manifest = json.loads(beside.read_text("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputRefused.one(name, "E-MANIFEST", reason=f"not JSON: {_first_line(exc)}") from None
    output = manifest.get("output") if isinstance(manifest, dict) else None
    if not isinstance(output, dict) or manifest.get("job") != "reviewer-rollup":
        raise InputRefused.one(name, "E-MANIFEST", reason="not a reviewer-rollup manifest")
    sha = _sha256(path)
    if output.get("sha256") != sha:
        raise InputRefused.one(
            name, "E-MANIFEST", reason=f"its output SHA-256 {output.get('sha256')} is not the file's {sha}"
        )
    per_row = manifest.get("rows")
    if output.get("rows") != rows or not isinstance(per_row, list) or len(per_row) != rows:
        raise InputRefused.one(
            name, "E-MANIFEST", reason=f"it describes {output.get('rows')} rows, the file has {rows}"
        )
    summary = {key: value for key, value in manifest.items() if key != "rows"}
    summary["manifest"] = {"name": name, "sha256": _sha256(beside)}
    ctx.rollup_manifest = json.dumps(summary, ensure_ascii=False, sort_keys=True)
    inputs = manifest.get("inputs")
    if not isinstance(inputs, list) or len(inputs) != 1:
        return None

    def place(row: int) -> Place:
        origin = per_row[row - 1]
        try:
            return Place(
                line=row,
                first_message=int(origin["first"]["line"]),
                last_message=int(origin["last"]["line"]),
                message_count=int(origin["messages"]),
            )
        except (KeyError, TypeError, ValueError):
            return Place(line=row)

    return place
