"""The `fleet-report` format: monthly fleet observations per industry and operator, CSV, XLSX or Parquet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from reviewer.core.errors import ProblemCollector
from reviewer.core.models import FleetColumns, FleetRecord, Place
from reviewer.importers import fleet_parquet
from reviewer.importers.base import ParseContext
from reviewer.importers.fleet_fast import FastFleetCsv, StructuralProblem
from reviewer.importers.tabular import CellReader, Columns, TableRow, is_xlsx, read_table, sniff_columns
from reviewer.importers.tabular_values import parse_count, parse_nonnegative, parse_period, parse_text

NAME = "fleet-report"

COLUMNS = Columns(
    names={
        "period": ("期間",),
        "industry": ("業種",),
        "operator": ("事業者",),
        "robots_deployed": ("導入台数",),
        "robots_active": ("稼働台数",),
        "operating_hours": ("稼働時間",),
        "interventions": ("介入回数",),
        "incidents": ("事故件数",),
    },
    required=frozenset(
        {"period", "industry", "operator", "robots_deployed", "robots_active", "operating_hours"}
    ),
)


def sniff(head: bytes, path: Path) -> bool:
    """True when the header row (CSV or the first XLSX sheet) is a fleet report's, or for Parquet
    (its columns are checked when it is read, where a missing pyarrow can be named)."""
    return fleet_parquet.is_parquet(head) or sniff_columns(head, path, COLUMNS)


def parse(path: Path, ctx: ParseContext) -> Iterator[FleetRecord | FleetColumns]:
    """Yield one FleetRecord per data row, streaming (Parquet: FleetColumns, a record batch each).

    `industry` keeps the file's text; it must resolve through ctx.resolve_industry (E-INDUSTRY).
    A (period, industry, operator) key repeated within the file is found by the database's
    unique index when the rows are written (E-DUPLICATE-ROW naming both lines, see
    store.evidence.FleetWriter): holding a million keys here would cost more memory than the rows.
    CSV goes through a fast reader (fleet_fast) that hands anything unusual back to the exact
    cell parsers. Raises InputRefused at the end when anything was refused.
    """
    with path.open("rb") as stream:
        if fleet_parquet.is_parquet(stream.read(len(fleet_parquet.MAGIC))):
            yield from fleet_parquet.parse(path, ctx, COLUMNS)
            return
    if is_xlsx(path):
        yield from _parse_table(path, ctx)
        return
    fast = FastFleetCsv(path, ctx, COLUMNS, _slow_record)
    try:
        yield from fast.records()
    except StructuralProblem:
        # A NUL, an undecodable byte, an over-long line or broken quoting: the file will be
        # refused. Read it again with the exact line reader, only to name every problem.
        ctx.problems = ProblemCollector(ctx.display_name)
        for _ignored in _parse_table(path, ctx):
            pass
        if not ctx.problems:  # the exact reader must agree that something is wrong
            raise
    ctx.problems.raise_if_any()


def _parse_table(path: Path, ctx: ParseContext) -> Iterator[FleetRecord]:
    for row in read_table(path, ctx, COLUMNS):
        record = _slow_record(row, ctx)
        if record is not None:
            yield record
    ctx.problems.raise_if_any()


def _slow_record(row: TableRow, ctx: ParseContext) -> FleetRecord | None:
    cells = CellReader(row, ctx)
    period = cells.required("period", parse_period)
    industry = cells.required("industry", parse_text)
    operator = cells.required("operator", parse_text)
    deployed = cells.required("robots_deployed", parse_count)
    active = cells.required("robots_active", parse_count)
    hours = cells.required("operating_hours", parse_nonnegative)
    interventions = cells.optional("interventions", parse_count, 0)
    incidents = cells.optional("incidents", parse_count, 0)
    code = None
    if industry is not None:
        code = ctx.resolve_industry(industry)
        if code is None:
            cells.fail("E-INDUSTRY", "industry", value=industry)
    if deployed is not None and active is not None and active > deployed:
        cells.fail("E-ACTIVE-GT-DEPLOYED", "robots_active", active=active, deployed=deployed)
    if (
        not cells.ok
        or period is None
        or industry is None
        or operator is None
        or deployed is None
        or active is None
        or hours is None
        or interventions is None
        or incidents is None
        or code is None
    ):
        return None
    return FleetRecord(
        period=period,
        industry=industry,
        operator=operator,
        robots_deployed=deployed,
        robots_active=active,
        operating_hours=hours,
        interventions=interventions,
        incidents=incidents,
        place=Place(line=row.line),
    )
