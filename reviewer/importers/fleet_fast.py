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


_MONTHS = frozenset(f"{m:02d}" for m in range(1, 13))


def _is_blank(cells: list[str]) -> bool:
    return not cells or (not cells[0].strip() and all(not c.strip() for c in cells))


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
        report = FleetSource.REPORT
        new = tuple.__new__
        for cells in reader:
            line, start = start, self.line + 1
            if not cells or (not cells[0].strip() and _is_blank(cells)):
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
            # Plain cells are checked inline (str.isdecimal: every such character is one that
            # int() and float() read as a digit); anything else takes the exact path below.
            period = cells[p_period]
            industry = cells[p_industry]
            operator = cells[p_operator].strip()
            deployed = cells[p_deployed]
            active = cells[p_active]
            hours = cells[p_hours]
            interventions = "0" if p_interventions is None else cells[p_interventions]
            incidents = "0" if p_incidents is None else cells[p_incidents]
            if industry in industries:
                known = industries[industry]
            else:
                known = industries[industry] = resolve(industry.strip()) if industry.strip() else None
            if (
                known is not None
                and operator
                and deployed.isdecimal()
                and active.isdecimal()
                and interventions.isdecimal()
                and incidents.isdecimal()
                and hours.replace(".", "", 1).isdecimal()
                and len(period) == 7
                and period[4] == "-"
                and period.isascii()
                and period[:4].isdecimal()
                and period[5:] in _MONTHS
            ):
                count_deployed = int(deployed)
                count_active = int(active)
                if count_active <= count_deployed:
                    # tuple.__new__ skips the named tuples' Python-level __new__: half the cost
                    # of making the two objects, on a path that runs a million times.
                    yield new(
                        FleetRecord,
                        (
                            period,
                            industry,
                            operator,
                            count_deployed,
                            count_active,
                            float(hours),
                            int(interventions),
                            int(incidents),
                            new(Place, (line, None, None, None, None, None)),
                            report,
                        ),
                    )
                    continue
            values = {name: cells[index] for name, index in positions.items()}
            row = TableRow(line, values, {name: index + 1 for name, index in positions.items()})
            record = self.slow_record(row, ctx)
            if record is not None:
                yield record
        if data == 0 and not problems:
            problems.add("E-NO-DATA", 1)
