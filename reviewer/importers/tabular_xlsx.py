"""XLSX evidence: the zip directory checked before reading, then the first sheet's rows with Excel numbers."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from reviewer.core import ooxml
from reviewer.importers.base import ParseContext
from reviewer.importers.tabular_values import is_blank

ZIP_MAGIC = b"PK\x03\x04"
XLSX_MAX_BYTES = 100 * 1024 * 1024
XLSX_MAX_UNCOMPRESSED = 1024 * 1024 * 1024
XLSX_MAX_RATIO = 100
# A member this small cannot be a bomb whatever its ratio; tiny XML parts compress very well.
XLSX_RATIO_FLOOR = 64 * 1024


def xlsx_archive_problems(path: Path) -> list[tuple[str, dict[str, object]]]:
    """Check an XLSX file's size and its zip directory before anything decompresses it.

    Returns (code, params) pairs: E-XLSX-SIZE (file over 100 MiB or members over 1 GiB in all),
    E-XLSX-RATIO (a member compressed more than 100:1), E-XLSX-BROKEN (not a readable zip).
    """
    size = path.stat().st_size
    if size > XLSX_MAX_BYTES:
        return [("E-XLSX-SIZE", {"size": size, "limit": XLSX_MAX_BYTES})]
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        return [("E-XLSX-BROKEN", {"reason": str(exc)})]
    out: list[tuple[str, dict[str, object]]] = []
    total = sum(info.file_size for info in infos)
    if total > XLSX_MAX_UNCOMPRESSED:
        out.append(("E-XLSX-SIZE", {"size": total, "limit": XLSX_MAX_UNCOMPRESSED}))
    for info in infos:
        if info.file_size > XLSX_RATIO_FLOOR and info.file_size > XLSX_MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            out.append(("E-XLSX-RATIO", {"member": info.filename, "ratio": ratio, "limit": XLSX_MAX_RATIO}))
    return out


EXCEL_MAX_ROW = 1_048_576
EXCEL_MAX_COLUMN = 16_384  # XFD


class _BrokenWorkbook(Exception):
    """openpyxl failed on the workbook's XML; carries a short reason."""


class _MissingString:
    """A shared-string index that names no string (-1, or past the end): refused at its cell."""

    def __init__(self, index: int, count: int) -> None:
        self.index = index
        self.count = count


class _NoCachedValue:
    """A formula cell with no saved result."""


_NO_CACHED_VALUE = _NoCachedValue()


class _SharedStrings:
    """The workbook's shared strings, looked up strictly: a list would read index -1 as the last."""

    def __init__(self, strings: Any) -> None:
        self._strings = strings

    def __getitem__(self, index: int) -> object:
        if not 0 <= index < len(self._strings):
            return _MissingString(index, len(self._strings))
        return self._strings[index]

    def __len__(self) -> int:
        return len(self._strings)


def _parser_class() -> Any:
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):  # type: ignore[misc]
        """openpyxl's sheet parser, marking a formula cell whose saved result is missing."""

        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cell["value"] = _NO_CACHED_VALUE
            return cell

    return Parser


def _open_book(stack: ExitStack, path: Path) -> Any:
    from openpyxl import load_workbook  # imported late: it is slow to import and CSV never needs it

    # A file object, because openpyxl refuses a path whose name does not end in .xlsx.
    stream = stack.enter_context(path.open("rb"))
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, XML errors) for a broken file
        raise _BrokenWorkbook(f"{type(exc).__name__}: {exc}") from exc
    stack.callback(book.close)
    return book


def _data_sheet(book: Any) -> tuple[Any | None, tuple[str, dict[str, object]] | None]:
    """SPEC §4: the first *visible* worksheet; hidden and very hidden ones are never read.

    Returns (sheet, None), or (None, (E-XLSX-NO-SHEET, {})) when no worksheet is visible.
    `--sheet NAME` for a workbook of several visible sheets is not offered yet: the first
    visible one is read (the assessment sheet we write has a visible guide sheet after it).
    """
    visible = [sheet for sheet in book.worksheets if sheet.sheet_state == "visible"]
    if not visible:
        return None, ("E-XLSX-NO-SHEET", {})
    return visible[0], None


def _sheet_rows(book: Any, sheet: Any, ctx: ParseContext | None) -> Iterator[tuple[int, tuple[object, ...]]]:
    """(Excel row number, cells) of the rows present in the sheet's XML, in file order.

    Rows are never filled in between the numbers they claim, so a row numbered 99,999,999
    costs one row, and is refused at its place. With `ctx` None (sniffing) a refused cell
    only stops the reading.
    """
    parser = _parser_class()(
        book._archive.open(sheet._worksheet_path),
        _SharedStrings(sheet._shared_strings),
        data_only=True,
        epoch=book.epoch,
        date_formats=book._date_formats,
        timedelta_formats=book._timedelta_formats,
    )
    rows = parser.parse()
    try:
        while True:
            try:
                number, cells = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # a damaged sheet part fails only when reached
                raise _BrokenWorkbook(f"{type(exc).__name__}: {exc}") from exc
            values = _row_values(number, cells, ctx)
            if values is _REFUSED_ROW:
                if ctx is None:
                    return
                continue
            yield number, values
    finally:
        rows.close()
        parser.source.close()


_REFUSED_ROW: tuple[object, ...] = ("refused",)


def _row_values(number: int, cells: list[dict[str, Any]], ctx: ParseContext | None) -> tuple[object, ...]:
    problems: list[tuple[str, int | None, dict[str, object]]] = []
    if not 1 <= number <= EXCEL_MAX_ROW:
        first = cells[0]["column"] if cells else 1
        problems.append(("E-XLSX-CELL", first, {"cell": _cell_name(number, first)}))
    values: list[object] = []
    for cell in cells if not problems else ():
        column, value = cell["column"], cell["value"]
        where = _cell_name(number, column)
        if not 1 <= column <= EXCEL_MAX_COLUMN:
            problems.append(("E-XLSX-CELL", None, {"cell": where}))
            continue
        if isinstance(value, _MissingString):
            problems.append(
                ("E-XLSX-SHARED-STRING", column, {"cell": where, "index": value.index, "count": value.count})
            )
            continue
        if value is _NO_CACHED_VALUE:
            problems.append(("E-FORMULA", column, {"cell": where}))
            continue
        if column > len(values):
            values.extend([None] * (column - len(values)))
        values[column - 1] = ooxml.unescape(value) if isinstance(value, str) else value
    if problems:
        if ctx is not None:
            for code, column, params in problems:
                ctx.problems.add(code, number, column, **params)
        return _REFUSED_ROW
    return tuple(values)


def xlsx_rows(path: Path, ctx: ParseContext) -> Iterator[tuple[int, tuple[object, ...]]]:
    """Yield (Excel row number, cells) of the one visible sheet; problems go to ctx.

    Refused at their place: a formula with no saved result (E-FORMULA), a shared-string index
    out of range (E-XLSX-SHARED-STRING), a row beyond 1,048,576 or a column beyond XFD
    (E-XLSX-CELL); for the file: size, ratio, no visible sheet, broken XML.
    """
    for code, params in xlsx_archive_problems(path):
        ctx.problems.add(code, None, None, **params)
    if ctx.problems:
        return
    try:
        with ExitStack() as stack:
            book = _open_book(stack, path)
            sheet, refusal = _data_sheet(book)
            if sheet is None:
                assert refusal is not None
                ctx.problems.add(refusal[0], None, None, **refusal[1])
                return
            yield from _sheet_rows(book, sheet, ctx)
    except _BrokenWorkbook as exc:
        ctx.problems.add("E-XLSX-BROKEN", reason=str(exc))


def _cell_name(row: int, column: int) -> str:
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def xlsx_header(path: Path) -> tuple[object, ...] | None:
    """The first non-blank row of the visible sheet, or None when the file is not a safe workbook."""
    if xlsx_archive_problems(path):
        return None
    try:
        with ExitStack() as stack:
            book = _open_book(stack, path)
            sheet, _refusal = _data_sheet(book)
            if sheet is None:
                return None
            for _number, cells in _sheet_rows(book, sheet, None):
                if not all(is_blank(cell) for cell in cells):
                    return cells
    except _BrokenWorkbook:  # not a workbook: the sniff simply says no
        return None
    return None
