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
from typing import Any

from reviewer.core.models import FleetRecord, FleetSource, Place
from reviewer.importers.base import MAX_LINE_BYTES, ParseContext
from reviewer.importers.tabular import Columns, Row, TableRow, _map_header
from reviewer.importers.tabular_values import NAME_LIMIT
from reviewer.importers.textenc import CP932_STRAYS, choose_encoding

# Digit strings this short are always a 64-bit count, and an hours value this short (with its
# point) has at most 17 digits, all a float holds; longer ones take the exact path.
_SHORT_COUNT = 18
_SHORT_HOURS = 18

_OPTIONAL_COUNTS = ("interventions", "incidents")


class StructuralProblem(Exception):
    """The fast reader met something only the exact line reader can place."""


_MONTHS = frozenset(f"{m:02d}" for m in range(1, 13))


def _is_blank(cells: list[str]) -> bool:
    return not cells or (not cells[0].strip() and all(not c.strip() for c in cells))


_CHUNK = 64 * 1024


class _CheckedRaw(io.RawIOBase):
    """The file's bytes as read, checked a chunk at a time for a NUL and for a line over 1 MiB.

    Checking whole chunks in C keeps a per-line Python step out of the fast path.
    """

    def __init__(self, file: io.FileIO, ctx: ParseContext) -> None:
        self._file = file
        self._ctx = ctx
        self._run = 0  # bytes since the last line break

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n: int = self._file.readinto(buffer) or 0
        if not n:
            return 0
        data = memoryview(buffer)[:n].tobytes()
        if b"\x00" in data:
            raise StructuralProblem()
        last = data.rfind(b"\n")
        if last < 0:
            self._run += n
        else:
            if self._run + data.find(b"\n") > MAX_LINE_BYTES + 1:
                raise StructuralProblem()
            self._run = n - last - 1
        if self._run > MAX_LINE_BYTES + 1:
            raise StructuralProblem()
        self._ctx.bytes_read += n
        return n


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

    def _cp932_lines(self, text: io.TextIOWrapper) -> Iterator[str]:
        # cp932 quietly decodes a few bytes that are not CP932 (see textenc.CP932_STRAYS);
        # only the decoded text shows them, so CP932 files are checked line by line.
        for line in text:
            if CP932_STRAYS.search(line):
                raise StructuralProblem()
            yield line

    def records(self) -> Iterator[FleetRecord]:
        """Yield the file's records; problems go to ctx.problems. Raises StructuralProblem."""
        ctx = self.ctx
        encoding = choose_encoding(self.path, ctx.given_encoding, ctx.display_name)
        ctx.encoding = encoding
        with io.FileIO(self.path, "r") as file:
            checked = io.BufferedReader(_CheckedRaw(file, ctx), buffer_size=_CHUNK)
            text = io.TextIOWrapper(checked, encoding=encoding, errors="strict", newline="")
            lines: Iterator[str] = self._cp932_lines(text) if encoding == "cp932" else text
            reader = csv.reader(lines, strict=True)
            try:
                yield from self._rows(reader)
            except csv.Error as exc:
                raise StructuralProblem() from exc
            except UnicodeDecodeError as exc:
                raise StructuralProblem() from exc

    def _rows(self, reader: Any) -> Iterator[FleetRecord]:  # a csv reader: its line_num is used
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
            line, start = start, reader.line_num + 1
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
                and len(operator) <= NAME_LIMIT
                and len(deployed) <= _SHORT_COUNT
                and len(active) <= _SHORT_COUNT
                and len(interventions) <= _SHORT_COUNT
                and len(incidents) <= _SHORT_COUNT
                and len(hours) <= _SHORT_HOURS
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
