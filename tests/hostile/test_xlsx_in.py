"""XLSX read as meant or refused at its cell (SPEC §4 "XLSX"; R20): hidden sheets, shared-string
indexes, claimed row numbers. Workbooks are written with openpyxl, then their XML is edited to
the hostile shape, as a hand-made or tampered file would be."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from reviewer import importers
from reviewer.core.errors import InputRefused, Problem
from reviewer.importers import fleet_report
from reviewer.importers.base import ParseContext

HEADER = ["period", "industry", "operator", "robots_deployed", "robots_active", "operating_hours"]
INDUSTRIES = {"LOG": "LOG"}


def _ctx(name: str = "f.xlsx") -> ParseContext:
    return ParseContext(name, resolve_industry=lambda text: INDUSTRIES.get(text))


def _book(path: Path, *sheets: tuple[str, str, list[list[object]]]) -> Path:
    """A workbook of (title, state, rows) sheets, in order."""
    book = Workbook()
    book.remove(book.active)
    for title, state, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    book.save(path)
    return path


_SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _edit(path: Path, member: str, change: dict[str, str], shared: tuple[str, ...] = ()) -> Path:
    """Rewrite one member of the zip with textual replacements (each must apply); with `shared`,
    add a shared-string table holding those strings, as Excel writes text."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    text = parts[member].decode("utf-8")
    for old, new in change.items():
        assert old in text, (old, text[:400])
        text = text.replace(old, new)
    parts[member] = text.encode("utf-8")
    if shared:
        items = "".join(f"<si><t>{value}</t></si>" for value in shared)
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{_MAIN}" count="{len(shared)}">{items}</sst>'.encode()
        types = parts["[Content_Types].xml"].decode()
        override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST}"/>'
        parts["[Content_Types].xml"] = types.replace("</Types>", override + "</Types>").encode()
    out = path.with_name("edited-" + path.name)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out


def _refused(path: Path) -> list[Problem]:
    with pytest.raises(InputRefused) as caught:
        list(fleet_report.parse(path, _ctx(path.name)))
    return caught.value.problems


def test_a_very_hidden_first_sheet_is_not_the_one_read(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "f.xlsx",
        ("secret", "veryHidden", [HEADER, ["2027-04", "LOG", "Acme", 9999, 9999, 1]]),
        ("data", "visible", [HEADER, ["2027-04", "LOG", "Acme", 10, 8, 1]]),
    )
    assert importers.detect(path) == "fleet-report"
    [record] = list(fleet_report.parse(path, _ctx()))
    assert (record.robots_deployed, record.robots_active) == (10, 8)


def test_a_hidden_sheet_is_never_read_either(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "f.xlsx",
        ("data", "visible", [HEADER, ["2027-04", "LOG", "Acme", 10, 8, 1]]),
        ("old", "hidden", [HEADER, ["2027-05", "LOG", "Acme", 9999, 9999, 1]]),
    )
    assert [r.period for r in fleet_report.parse(path, _ctx())] == ["2027-04"]


def test_two_visible_sheets_need_one_named_and_a_hidden_one_first_is_still_skipped(
    tmp_path: Path,
) -> None:
    path = _book(
        tmp_path / "f.xlsx",
        ("secret", "hidden", [HEADER, ["2027-03", "LOG", "Acme", 9999, 9999, 1]]),
        ("a", "visible", [HEADER, ["2027-04", "LOG", "Acme", 10, 8, 1]]),
        ("guide", "visible", [["notes"], ["read me"]]),
    )
    [problem] = _refused(path)
    assert (problem.place(), problem.code, problem.params["sheets"]) == (
        "f.xlsx",
        "E-XLSX-SHEETS",
        '"a", "guide"',
    )
    ctx = _ctx()
    ctx.sheet = "A"  # Excel finds a sheet by its name regardless of case
    assert [r.period for r in fleet_report.parse(path, ctx)] == ["2027-04"]


def test_a_workbook_with_no_visible_sheet_is_refused(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "f.xlsx",
        ("a", "visible", [HEADER, ["2027-04", "LOG", "Acme", 10, 8, 1]]),
        ("b", "veryHidden", [HEADER, ["2027-05", "LOG", "Acme", 10, 8, 1]]),
    )
    path = _edit(path, "xl/workbook.xml", {'sheetId="1" state="visible"': 'sheetId="1" state="hidden"'})
    [problem] = _refused(path)
    assert problem.code == "E-XLSX-NO-SHEET"


@pytest.mark.parametrize("index", ["-1", "99"])
def test_a_shared_string_index_out_of_range_is_refused_at_its_cell(tmp_path: Path, index: str) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["2027-04", "LOG", "Acme", 10, 8, 1])
    path = tmp_path / "f.xlsx"
    book.save(path)
    # Excel writes text as shared strings: C2 ("Acme") points at an index that names nothing.
    # A Python list would read -1 as the last string, "Evil".
    inline = '<c r="C2" t="inlineStr"><is><t>Acme</t></is></c>'
    edited = _edit(
        path, "xl/worksheets/sheet1.xml", {inline: f'<c r="C2" t="s"><v>{index}</v></c>'}, ("Acme", "Evil")
    )
    [problem] = _refused(edited)
    assert (problem.place(), problem.code, problem.params["cell"]) == (
        "edited-f.xlsx:2:3",
        "E-XLSX-SHARED-STRING",
        "C2",
    )
    # control: index 0 in the same table is Acme
    good = _edit(path, "xl/worksheets/sheet1.xml", {inline: '<c r="C2" t="s"><v>0</v></c>'}, ("Acme", "Evil"))
    assert [r.operator for r in fleet_report.parse(good, _ctx())] == ["Acme"]


def test_a_row_numbered_99_999_999_is_refused_at_once(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["2027-04", "LOG", "Acme", 10, 8, 1])
    path = tmp_path / "f.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    change = {'<row r="2"': '<row r="99999999"'}
    change.update({f'r="{col}2"': f'r="{col}99999999"' for col in "ABCDEF"})
    if "<dimension" in xml:
        change[re.search(r'<dimension ref="[^"]*" ?/>', xml).group(0)] = '<dimension ref="A1:F99999999"/>'  # type: ignore[union-attr]
    path = _edit(path, "xl/worksheets/sheet1.xml", change)
    started = time.monotonic()
    problems = _refused(path)
    elapsed = time.monotonic() - started
    assert elapsed < 5, elapsed  # round 1 filled in every missing row: 131 s
    assert [(p.line, p.code, p.params["cell"]) for p in problems] == [(99999999, "E-XLSX-CELL", "A99999999")]


def test_a_row_far_down_within_excel_costs_one_row(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.cell(row=1_048_576, column=1, value="2027-04")
    for column, value in enumerate(["LOG", "Acme", 10, 8, 1], start=2):
        sheet.cell(row=1_048_576, column=column, value=value)
    path = tmp_path / "f.xlsx"
    book.save(path)
    started = time.monotonic()
    [record] = list(fleet_report.parse(path, _ctx()))
    assert time.monotonic() - started < 5
    assert record.place.line == 1_048_576


def test_a_real_formula_without_a_saved_result_is_still_refused(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "f.xlsx",
        ("data", "visible", [HEADER, ["2027-04", "LOG", "Acme", "=1+2", 8, 1]]),
    )
    [problem] = _refused(path)
    assert (problem.place(), problem.code) == ("f.xlsx:2:4", "E-FORMULA")
