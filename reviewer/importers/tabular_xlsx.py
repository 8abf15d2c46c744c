"""XLSX evidence: the zip directory checked before reading, then the data sheet's rows with Excel numbers."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
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


# The mark our own assessment sheet carries in its document properties (Excel's "Tags", kept
# when Excel saves it again): its data sheet is the first visible one, beside a visible guide.
OWN_SHEET_MARKER = "stage-gate-reviewer assessment-sheet"
# Its data sheet's header row, in the two languages it is written in. The marker alone is a
# property anyone can copy (a workbook started from one of our sheets keeps it), so a workbook
# is ours only when its first sheet reads as an assessment sheet too.
OWN_SHEET_HEADERS: dict[str, tuple[str, ...]] = {
    "ja": ("評価者", "年度", "対象", "評点", "肯定的意見", "問題点・改善点", "今後への提言"),
    "en": ("reviewer", "fy", "target", "rating", "positive", "issues", "recommendations"),
}

Refusal = tuple[str, dict[str, object]]


def _quoted(titles: list[str]) -> str:
    return ", ".join(f'"{title}"' for title in titles)


def _is_own_sheet(book: Any, visible: list[Any]) -> bool:
    """Our own exported sheet: the marker in its properties, its data and guide sheets visible,
    and the data sheet's first row our header."""
    keywords = getattr(book.properties, "keywords", None) or ""
    if OWN_SHEET_MARKER not in keywords.split(";") or len(visible) != 2:
        return False
    for _number, cells in _sheet_rows(book, visible[0], None):
        if all(is_blank(cell) for cell in cells):
            continue
        width = len(OWN_SHEET_HEADERS["en"])
        header = tuple(str(c).strip() if isinstance(c, str) else c for c in cells[:width])
        return header in OWN_SHEET_HEADERS.values() and all(is_blank(c) for c in cells[width:])
    return False


def _data_sheet(book: Any, name: str | None) -> tuple[Any | None, Refusal | None]:
    """SPEC §4: the worksheet to read, or the refusal (code, params) of the whole workbook.

    Hidden and very hidden sheets are never read, even when named (E-XLSX-SHEET-HIDDEN). A
    named sheet the workbook lacks is E-XLSX-SHEET-UNKNOWN. Unnamed: the one visible worksheet;
    our own assessment sheet's first; with several visible ones E-XLSX-SHEETS listing them;
    with none E-XLSX-NO-SHEET.
    """
    visible = [sheet for sheet in book.worksheets if sheet.sheet_state == "visible"]
    titles = [sheet.title for sheet in visible]
    if name is not None:
        # Excel's sheet names are unique regardless of case, and it finds them that way too
        for sheet in book.worksheets:
            if sheet.title.casefold() == name.casefold():
                if sheet.sheet_state != "visible":
                    return None, ("E-XLSX-SHEET-HIDDEN", {"sheet": sheet.title, "state": sheet.sheet_state})
                return sheet, None
        return None, ("E-XLSX-SHEET-UNKNOWN", {"sheet": name, "sheets": _quoted(titles) or "-"})
    if not visible:
        return None, ("E-XLSX-NO-SHEET", {})
    if len(visible) == 1 or _is_own_sheet(book, visible):
        return visible[0], None
    return None, ("E-XLSX-SHEETS", {"sheets": _quoted(titles)})


def visible_sheets(path: Path) -> tuple[str, ...]:
    """The titles of a workbook's visible worksheets, in order (empty when it cannot be read)."""
    if xlsx_archive_problems(path):
        return ()
    try:
        with ExitStack() as stack:
            book = _open_book(stack, path)
            return tuple(sheet.title for sheet in book.worksheets if sheet.sheet_state == "visible")
    except _BrokenWorkbook:
        return ()


def sheet_refusal(path: Path, name: str | None) -> Refusal | None:
    """Why the workbook at `path` has no sheet to read for `--sheet name` (None: it has one,
    or the workbook is broken, which its reader reports)."""
    if xlsx_archive_problems(path):
        return None
    try:
        with ExitStack() as stack:
            return _data_sheet(_open_book(stack, path), name)[1]
    except _BrokenWorkbook:
        return None


# The sheet sniffers look at (`--sheet`): set by detection around its sniffing only.
_SNIFFED_SHEET: ContextVar[str | None] = ContextVar("sniffed_sheet", default=None)


@contextmanager
def sniffing_sheet(name: str | None) -> Iterator[None]:
    """Within the block, `xlsx_header` reads the sheet `name` (None: the sheet read unnamed)."""
    token = _SNIFFED_SHEET.set(name)
    try:
        yield
    finally:
        _SNIFFED_SHEET.reset(token)


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
            sheet, refusal = _data_sheet(book, ctx.sheet)
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
            sheet, _refusal = _data_sheet(book, _SNIFFED_SHEET.get())
            if sheet is None:
                return None
            for _number, cells in _sheet_rows(book, sheet, None):
                if not all(is_blank(cell) for cell in cells):
                    return cells
    except _BrokenWorkbook:  # not a workbook: the sniff simply says no
        return None
    return None
