"""The fast path for fleet-report CSV: C-speed reading, plain cells checked inline, the rest exact.

A national fleet report has millions of rows, and the import budget (PERFORMANCE.md) leaves a
few microseconds of Python per row. Most cells are plain ASCII digits and `YYYY-MM` periods;
those are checked here without regular expressions or Decimal. A row with anything else
(thousands separators, `2027年4月`, full-width digits, blanks, a bad value) goes to the exact
cell parsers of fleet_report, which accept or refuse it with its place. Structural trouble
(NUL, undecodable bytes, a line over 1 MiB, broken quoting) raises StructuralProblem so that
the caller re-reads the file with the exact line reader to name every problem.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from reviewer.core.models import FleetRecord, FleetSource, Place
from reviewer.importers.base import MAX_LINE_BYTES, ParseContext
from reviewer.importers.tabular import _CP932_STRAYS, Columns, Row, TableRow, _map_header, choose_encoding

# A line longer than this many characters may exceed MAX_LINE_BYTES; it is measured in bytes.
_CHARS_TO_MEASURE = MAX_LINE_BYTES // 4
_OPTIONAL_COUNTS = ("interventions", "incidents")


class StructuralProblem(Exception):
    """The fast reader met something only the exact line reader can place."""


def _plain_count(cell: str) -> int | None:
    return int(cell) if cell.isascii() and cell.isdigit() else None


def _plain_hours(cell: str) -> float | None:
    if cell.isascii() and cell.replace(".", "", 1).isdigit():
        return float(cell)
    return None


def _plain_period(cell: str) -> bool:
    return (
        len(cell) == 7
        and cell[4] == "-"
        and cell[:4].isdigit()
        and cell[:4].isascii()
        and "01" <= cell[5:] <= "12"
        and cell[5:].isdigit()
    )


class FastFleetCsv:
    """Reads a fleet-report CSV file as FleetRecords, handing unusual rows to `slow_record`."""

    def __init__(
        self,
        path: Path,
        ctx: ParseContext,
        columns: Columns,
        slow_record: Callable[[TableRow, ParseContext], FleetRecord | None],
    ) -> None:
        self.path = path
        self.ctx = ctx
        self.columns = columns
        self.slow_record = slow_record
        self.line = 0

    def _lines(self, raw: BinaryIO, text: io.TextIOWrapper, cp932: bool) -> Iterator[str]:
        ctx = self.ctx
        try:
            for line in text:
                self.line += 1
                if not self.line % 1024:
                    ctx.bytes_read = raw.tell()  # bytes handed to the decoder: fine for progress
                if "\x00" in line:
                    raise StructuralProblem()
                if len(line) > _CHARS_TO_MEASURE and len(line.encode(text.encoding)) > MAX_LINE_BYTES + 2:
                    raise StructuralProblem()
                if cp932 and _CP932_STRAYS.search(line):
                    raise StructuralProblem()
                yield line
        except UnicodeDecodeError as exc:
            raise StructuralProblem() from exc
        ctx.bytes_read = raw.tell()

    def records(self) -> Iterator[FleetRecord]:
        """Yield the file's records; problems go to ctx.problems. Raises StructuralProblem."""
        ctx = self.ctx
        encoding = choose_encoding(self.path)
        ctx.encoding = encoding
        with self.path.open("rb") as raw:
            text = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
            reader = csv.reader(self._lines(raw, text, encoding == "cp932"), strict=True)
            try:
                yield from self._rows(reader)
            except csv.Error as exc:
                raise StructuralProblem() from exc

    def _rows(self, reader: Iterator[list[str]]) -> Iterator[FleetRecord]:
        ctx = self.ctx
        positions: dict[str, int] | None = None
        start = 1
        data = 0
        resolve = ctx.resolve_industry
        industries: dict[str, str | None] = {}
        problems = ctx.problems
        width = 0
        for cells in reader:
            line, start = start, self.line + 1
            if not cells or not any(cells) or all(not c.strip() for c in cells):
                continue
            if positions is None:
                positions = _map_header(Row(line, tuple(cells)), self.columns, ctx)
                if positions is None:
                    return
                width = len(cells)
                p_period, p_industry = positions["period"], positions["industry"]
                p_operator = positions["operator"]
                p_deployed, p_active = positions["robots_deployed"], positions["robots_active"]
                p_hours = positions["operating_hours"]
                p_interventions = positions.get("interventions")
                p_incidents = positions.get("incidents")
                continue
            data += 1
            if len(cells) != width:
                problems.add("E-RAGGED", line, expected=width, found=len(cells))
                continue
            period = cells[p_period]
            industry = cells[p_industry]
            operator = cells[p_operator].strip()
            deployed = _plain_count(cells[p_deployed])
            active = _plain_count(cells[p_active])
            hours = _plain_hours(cells[p_hours])
            interventions = 0 if p_interventions is None else _plain_count(cells[p_interventions])
            incidents = 0 if p_incidents is None else _plain_count(cells[p_incidents])
            if industry in industries:
                known = industries[industry]
            else:
                known = industries[industry] = resolve(industry.strip()) if industry.strip() else None
            if (
                deployed is None
                or active is None
                or hours is None
                or interventions is None
                or incidents is None
                or known is None
                or not operator
                or active > deployed
                or not _plain_period(period)
            ):
                values = {name: cells[index] for name, index in positions.items()}
                row = TableRow(line, values, {name: index + 1 for name, index in positions.items()})
                record = self.slow_record(row, ctx)
                if record is not None:
                    yield record
                continue
            yield FleetRecord(
                period,
                industry,
                operator,
                deployed,
                active,
                hours,
                interventions,
                incidents,
                Place(line),
                FleetSource.REPORT,
            )
        if data == 0 and not problems:
            problems.add("E-NO-DATA", 1)
