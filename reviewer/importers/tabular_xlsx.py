"""XLSX evidence: the zip directory checked before reading, then the first sheet's rows with Excel numbers."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import ExitStack
from itertools import zip_longest
from pathlib import Path
from typing import Any

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


def _is_formula(value: object) -> bool:
    # Plain formulas read as "=…" with data_only=False; array and table formulas as objects.
    if isinstance(value, str):
        return value.startswith("=")
    return type(value).__name__ in {"ArrayFormula", "DataTableFormula"}


class _BrokenWorkbook(Exception):
    """openpyxl failed on the workbook's XML; carries a short reason."""


def _open_book(stack: ExitStack, path: Path, data_only: bool) -> Any:
    from openpyxl import load_workbook  # imported late: it is slow to import and CSV never needs it

    # A file object, because openpyxl refuses a path whose name does not end in .xlsx.
    stream = stack.enter_context(path.open("rb"))
    try:
        book = load_workbook(stream, read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, XML errors) for a broken file
        raise _BrokenWorkbook(f"{type(exc).__name__}: {exc}") from exc
    stack.callback(book.close)
    sheet = book.worksheets[0]
    # A stored dimension can be wrong; without it openpyxl reads every row that is there.
    sheet.reset_dimensions()
    return sheet


def _sheet_rows(sheet: Any) -> Iterator[tuple[object, ...]]:
    rows = sheet.iter_rows(values_only=True)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # a damaged sheet part fails only when reached
            raise _BrokenWorkbook(f"{type(exc).__name__}: {exc}") from exc
        yield tuple(row)


def xlsx_rows(path: Path, ctx: ParseContext) -> Iterator[tuple[int, tuple[object, ...]]]:
    """Yield (Excel row number, cells) of the first sheet; problems (size, ratio, formulas) go to ctx."""
    for code, params in xlsx_archive_problems(path):
        ctx.problems.add(code, None, None, **params)
    if ctx.problems:
        return
    try:
        with ExitStack() as stack:
            values_sheet = _open_book(stack, path, data_only=True)
            formula_sheet = _open_book(stack, path, data_only=False)
            pairs = zip(_sheet_rows(values_sheet), _sheet_rows(formula_sheet), strict=True)
            # openpyxl fills in missing rows, so counting from 1 gives Excel's row numbers.
            for number, (values, formulas) in enumerate(pairs, start=1):
                missing = False
                for column, (value, formula) in enumerate(zip_longest(values, formulas), start=1):
                    if value is None and _is_formula(formula):
                        ctx.problems.add("E-FORMULA", number, column, cell=_cell_name(number, column))
                        missing = True
                if not missing:
                    yield number, values
    except _BrokenWorkbook as exc:
        ctx.problems.add("E-XLSX-BROKEN", reason=str(exc))


def _cell_name(row: int, column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def xlsx_header(path: Path) -> tuple[object, ...] | None:
    """The first non-blank row of the first sheet, or None when the file is not a safe workbook."""
    if xlsx_archive_problems(path):
        return None
    try:
        with ExitStack() as stack:
            for cells in _sheet_rows(_open_book(stack, path, data_only=True)):
                if not all(is_blank(cell) for cell in cells):
                    return cells
    except _BrokenWorkbook:  # not a workbook: the sniff simply says no
        return None
    return None
