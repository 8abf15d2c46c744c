"""Shared reading of tabular evidence: CSV bytes and encodings, rows, the fixed header mapping, cells."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeVar

from reviewer.core.normalize import fold
from reviewer.importers.base import MAX_LINE_BYTES, ParseContext
from reviewer.importers.tabular_values import CellError, is_blank, text
from reviewer.importers.tabular_xlsx import ZIP_MAGIC, xlsx_header, xlsx_rows
from reviewer.importers.textenc import choose_encoding, refusal_code, strict_decode

_SCAN_CHUNK = 64 * 1024

# The csv module's per-field limit is process-wide and defaults to 128 KiB, below our 1 MiB per
# line; raising it is harmless to other readers and lets a long quoted field end as E-LINE-TOO-LONG.
csv.field_size_limit(MAX_LINE_BYTES)

T = TypeVar("T")


@dataclass(frozen=True)
class Row:
    """One physical row: its line (CSV: the line where the record began; XLSX: the Excel row)."""

    line: int
    cells: tuple[object, ...]


@dataclass(frozen=True)
class Columns:
    """A format's fixed columns: canonical name -> the other header spellings accepted."""

    names: Mapping[str, tuple[str, ...]]
    required: frozenset[str]

    def lookup(self) -> dict[str, str]:
        """Folded header spelling -> canonical column name."""
        out: dict[str, str] = {}
        for canonical, aliases in self.names.items():
            for spelling in (canonical, *aliases):
                out[fold(spelling)] = canonical
        return out


@dataclass(frozen=True)
class TableRow:
    """A data row mapped through the fixed header: canonical column -> raw cell, and positions."""

    line: int
    values: Mapping[str, object]
    positions: Mapping[str, int]


# --------------------------------------------------------------------------- bytes and encodings


def is_xlsx(path: Path) -> bool:
    """True when the file starts with the zip magic (XLSX is a zip archive)."""
    with path.open("rb") as stream:
        return stream.read(4) == ZIP_MAGIC


def _head_text(head: bytes) -> str | None:
    """Decode the sniffed head the way the parser would; bytes of no encoding become U+FFFD.

    Sniffing only looks at the header: a file whose bytes are wrong further on is still
    recognised, so that its parser refuses it at the line (not "fits no known format").
    """
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    final = len(head) < _SCAN_CHUNK
    for encoding in ("utf-8", "cp932"):
        try:
            return strict_decode(head, encoding, final)
        except UnicodeDecodeError:
            continue
    return head.decode("utf-8", errors="replace")


def _bad_byte(data: bytes, encoding: str) -> int:
    """The index of the first byte of `data` that does not decode (0 when all do)."""
    try:
        strict_decode(data, encoding)
    except UnicodeDecodeError as exc:
        return exc.start
    return 0


class _Lines:
    """Decoded physical lines of a CSV file, numbered from 1, with the per-line checks.

    A too-long line or an undecodable one stops the file (`failed`): after it, line boundaries
    and characters cannot be trusted. A NUL is reported and the line remembered, so the record
    holding it is dropped while reading goes on.
    """

    def __init__(self, stream: BinaryIO, encoding: str, ctx: ParseContext) -> None:
        self._stream = stream
        self._encoding = "utf-8" if encoding == "utf-8-sig" else encoding
        self._strip_bom = encoding == "utf-8-sig"
        self._ctx = ctx
        self.number = 0
        self.offset = 0  # byte offset of the current line's start
        self.failed = False
        self.last_nul = 0
        self.record: list[str] = []  # the lines of the record being read, as decoded

    def __iter__(self) -> Iterator[str]:
        problems = self._ctx.problems
        while True:
            raw = self._stream.readline(MAX_LINE_BYTES + 3)
            if not raw:
                return
            self.number += 1
            start = self.offset
            self.offset += len(raw)
            self._ctx.bytes_read += len(raw)
            if self.number == 1 and self._strip_bom:
                raw = raw.removeprefix(codecs.BOM_UTF8)
                start += len(codecs.BOM_UTF8)
            content = raw.removesuffix(b"\n").removesuffix(b"\r")
            if len(content) > MAX_LINE_BYTES:
                problems.add("E-LINE-TOO-LONG", self.number, limit=MAX_LINE_BYTES)
                self.failed = True
                return
            original = raw
            nul = raw.find(b"\x00")
            if nul >= 0:
                problems.add("E-NUL", self.number, nul + 1)
                self.last_nul = self.number
                raw = raw.replace(b"\x00", b"")
            try:
                text = strict_decode(raw, self._encoding)
            except UnicodeDecodeError:
                # placed in the line as read (NUL decodes in both encodings)
                at = _bad_byte(original, self._encoding)
                problems.add(
                    refusal_code(self._ctx.given_encoding),
                    self.number,
                    at + 1,
                    encoding=self._encoding,
                    offset=start + at,
                )
                self.failed = True
                return
            self.record.append(text)
            yield text


def _well_quoted(record: str) -> bool:
    """Whether every field of one CSV record is unquoted without a quote in it, or quoted whole
    (`"…"`, with `""` for a quote inside) and followed by a comma or the end of the record."""
    i, n = 0, len(record)
    while True:
        if i < n and record[i] == '"':
            i += 1
            while True:
                close = record.find('"', i)
                if close < 0:
                    return False
                if record.startswith('""', close):
                    i = close + 2
                    continue
                i = close + 1
                break
            rest = record[i:].rstrip("\r\n")
            if rest and not rest.startswith(","):
                return False
        else:
            end = record.find(",", i)
            field = record[i:] if end < 0 else record[i:end]
            if '"' in field:
                return False
            i = n if end < 0 else end
        if i >= n or record[i] in "\r\n":
            return True
        i += 1  # past the comma


def _csv_rows(path: Path, ctx: ParseContext) -> Iterator[Row]:
    encoding = choose_encoding(path, ctx.given_encoding, ctx.display_name)
    ctx.encoding = encoding
    with path.open("rb") as stream:
        lines = _Lines(stream, encoding, ctx)
        reader = csv.reader(lines, strict=True)
        end = 0
        while True:
            start = end + 1
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if not lines.failed:
                    reason = str(exc)
                    if "field larger" in reason:
                        ctx.problems.add("E-LINE-TOO-LONG", start, limit=MAX_LINE_BYTES)
                    elif "expected after" in reason or "end of data" in reason:
                        ctx.problems.add("E-QUOTE", start)
                    else:
                        ctx.problems.add("E-CSV", start, reason=reason)
                return
            end = reader.line_num
            record, lines.record = "".join(lines.record), []
            if not _well_quoted(record):
                # RFC 4180: a quote inside an unquoted field (Python's csv lets it through, so a
                # quote opened at a row's start could swallow later rows into one field unseen)
                ctx.problems.add("E-QUOTE", start)
                return
            if lines.last_nul < start:
                yield Row(start, tuple(fields))


# --------------------------------------------------------------------------- tables


def _trimmed(cells: tuple[object, ...]) -> tuple[object, ...]:
    end = len(cells)
    while end and cells[end - 1] is None:
        end -= 1
    return cells[:end]


def _map_header(row: Row, columns: Columns, ctx: ParseContext) -> dict[str, int] | None:
    lookup = columns.lookup()
    positions: dict[str, int] = {}
    ok = True
    for index, cell in enumerate(row.cells):
        name = text(cell).strip()
        canonical = lookup.get(fold(name))
        if canonical is None:
            ctx.problems.add("E-UNKNOWN-COLUMN", row.line, index + 1, name=name)
            ok = False
        elif canonical in positions:
            ctx.problems.add("E-DUPLICATE-COLUMN", row.line, index + 1, name=name)
            ok = False
        else:
            positions[canonical] = index
    for name in sorted(columns.required - positions.keys()):
        ctx.problems.add("E-MISSING-COLUMN", row.line, name=name)
        ok = False
    return positions if ok else None


def read_table(path: Path, ctx: ParseContext, columns: Columns) -> Iterator[TableRow]:
    """Yield the data rows of a CSV or XLSX file, mapped through the fixed column set.

    The first non-blank row is the header; fully blank rows are skipped. Problems go to
    ctx.problems: header problems (E-UNKNOWN-COLUMN, E-MISSING-COLUMN, E-DUPLICATE-COLUMN) end
    the read, a row of the wrong width is E-RAGGED, and a file with no data rows is E-NO-DATA.
    """
    xlsx = is_xlsx(path)
    rows = (Row(n, c) for n, c in xlsx_rows(path, ctx)) if xlsx else _csv_rows(path, ctx)
    positions: dict[str, int] | None = None
    width = 0
    data = 0
    for row in rows:
        cells = _trimmed(row.cells) if xlsx else row.cells
        if all(is_blank(cell) for cell in cells):
            continue
        if positions is None:
            positions = _map_header(Row(row.line, cells), columns, ctx)
            if positions is None:
                return
            width = len(cells)
            continue
        data += 1
        if xlsx and len(cells) < width:
            cells = cells + (None,) * (width - len(cells))  # XLSX leaves empty trailing cells out
        if len(cells) != width:
            ctx.problems.add("E-RAGGED", row.line, expected=width, found=len(cells))
            continue
        values = {name: cells[index] for name, index in positions.items()}
        yield TableRow(row.line, values, {name: index + 1 for name, index in positions.items()})
    if data == 0 and not ctx.problems:
        ctx.problems.add("E-NO-DATA", 1)


def sniff_columns(head: bytes, path: Path, columns: Columns) -> bool:
    """True when the header row (CSV text or the first XLSX sheet) is mostly this format's columns.

    At least three of the format's columns and at least half the header cells must be known,
    so a file missing one column is still recognised and then refused naming that column.
    """
    header: Iterable[object] | None
    if head.startswith(ZIP_MAGIC):
        header = xlsx_header(path)
    else:
        decoded = _head_text(head)
        if decoded is None:
            return False
        first = decoded.split("\n", 1)[0]
        if "\x00" in first:  # a NUL further down is refused by the parser at its line
            return False
        try:
            header = next(csv.reader([first]), None)
        except csv.Error:
            return False
    if not header:
        return False
    names = [fold(text(cell)) for cell in header]
    while names and not names[-1]:
        names.pop()
    lookup = columns.lookup()
    known = {lookup[name] for name in names if name in lookup}
    return len(known) >= min(3, len(columns.required)) and 2 * len(known) >= len(names)


class CellReader:
    """Reads one row's cells through value parsers, reporting each refused cell at its column."""

    def __init__(self, row: TableRow, ctx: ParseContext) -> None:
        self.row = row
        self.ctx = ctx
        self.ok = True

    def fail(self, code: str, column: str, **params: object) -> None:
        """Report a problem at `column` of this row."""
        self.ok = False
        self.ctx.problems.add(code, self.row.line, self.row.positions.get(column), field=column, **params)

    def required(self, column: str, parse: Callable[[object, str], T]) -> T | None:
        """The parsed cell, or None after reporting E-REQUIRED (blank) or the parser's refusal."""
        value = self.row.values.get(column)
        if is_blank(value):
            self.fail("E-REQUIRED", column)
            return None
        return self._parse(column, value, parse)

    def optional(self, column: str, parse: Callable[[object, str], T], default: T) -> T | None:
        """The parsed cell, `default` when blank or absent, or None after reporting a refusal."""
        value = self.row.values.get(column)
        if is_blank(value):
            return default
        return self._parse(column, value, parse)

    def _parse(self, column: str, value: object, parse: Callable[[object, str], T]) -> T | None:
        try:
            return parse(value, column)
        except CellError as exc:
            self.fail(exc.code, column, **exc.params)
            return None
