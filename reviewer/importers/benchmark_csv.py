"""The `benchmark-csv` format: self-reported benchmark results, one per row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from reviewer.core.models import BenchmarkResultRecord, Place
from reviewer.importers.base import ParseContext
from reviewer.importers.tabular import CellReader, Columns, TableRow, read_table, sniff_columns
from reviewer.importers.tabular_values import parse_bool, parse_count, parse_date, parse_real, parse_text

NAME = "benchmark-csv"

# The Japanese headers are our choice (SPEC §4 only says they are accepted).
COLUMNS = Columns(
    names={
        "model": ("モデル", "モデル名"),
        "benchmark": ("ベンチマーク",),
        "metric": ("指標",),
        "value": ("値",),
        "task": ("タスク",),
        "stderr": ("標準誤差",),
        "n": ("件数", "サンプル数"),
        "date": ("日付",),
        "higher_is_better": ("高いほど良い",),
    },
    required=frozenset({"model", "benchmark", "metric", "value"}),
)


def sniff(head: bytes, path: Path) -> bool:
    """True when the header row is a benchmark CSV's."""
    return sniff_columns(head, path, COLUMNS)


def parse(path: Path, ctx: ParseContext) -> Iterator[BenchmarkResultRecord]:
    """Yield one self-reported BenchmarkResultRecord per data row.

    `names` are the benchmark and the task (when given); `value` is kept in the file's scale.
    The effective date is the row's `date`, else ctx.effective_date; a row date that differs
    from ctx.effective_date is E-DATE-CONFLICT. Raises InputRefused at the end if anything was refused.
    """
    for row in read_table(path, ctx, COLUMNS):
        record = _record(row, ctx)
        if record is not None:
            yield record
    ctx.problems.raise_if_any()


def _stderr(value: object, column: str) -> float | None:
    # lm-eval writes "N/A" for a stderr it could not compute; it means "none", not a number.
    if isinstance(value, str) and value.strip().casefold() == "n/a":
        return None
    return parse_real(value, column)


def _record(row: TableRow, ctx: ParseContext) -> BenchmarkResultRecord | None:
    cells = CellReader(row, ctx)
    model = cells.required("model", parse_text)
    benchmark = cells.required("benchmark", parse_text)
    metric = cells.required("metric", parse_text)
    value = cells.required("value", parse_real)
    task = cells.optional("task", parse_text, "")
    stderr = cells.optional("stderr", _stderr, None)
    n = cells.optional("n", parse_count, None)
    higher = cells.optional("higher_is_better", parse_bool, None)
    date: dt.date | None = cells.optional("date", parse_date, None)
    if date is not None and ctx.effective_date is not None and date != ctx.effective_date:
        cells.fail(
            "E-DATE-CONFLICT", "date", file_date=date.isoformat(), flag_date=ctx.effective_date.isoformat()
        )
    if not cells.ok or model is None or benchmark is None or metric is None or value is None:
        return None
    declared = ctx.resolve_model(model)  # SPEC §3: an id or alias becomes the declared id
    return BenchmarkResultRecord(
        model=declared or model,
        named_as=model if declared is not None and declared != model else None,
        names=tuple(name for name in (benchmark, task) if name),
        metric=metric,
        value=value,
        place=Place(line=row.line),
        task=task or None,
        stderr=stderr,
        n=n,
        higher_is_better=higher,
        effective_date=date or ctx.effective_date,
        self_reported=True,
    )
