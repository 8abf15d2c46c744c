"""`--sheet NAME` (SPEC §4 "XLSX"): a workbook with more than one visible worksheet needs it;
hidden and very hidden sheets are never read, even when named. Our own assessment sheet (a
data sheet and a visible guide) still imports without it: it carries its marker.

Workbooks are written by openpyxl as Excel writes them (several sheets, states in workbook.xml),
imported through the command line on a real database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from reviewer.importers.tabular_xlsx import OWN_SHEET_MARKER
from reviewer.services import import_preview
from reviewer.services.evidence import ImportOptions
from reviewer.store.db import open_database
from tests.hostile.test_bytes_in import DATA, HEADER, cli, evidence_count, refused

COLUMNS = HEADER.strip().split(",")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    code, text = cli("--db", str(path), "init", "--plan", str(DATA / "plans" / "valid.yaml"))
    assert code == 0, text
    return path


def _book(path: Path, *sheets: tuple[str, str, list[list[object]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, state, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    book.save(path)
    return path


def _deployed(db: Path) -> list[int]:
    with sqlite3.connect(db) as conn:
        return [
            r[0] for r in conn.execute("SELECT robots_deployed FROM fleet_observation ORDER BY evidence_id")
        ]


DATA_ROWS: list[list[object]] = [COLUMNS, ["2027-04", "medical", "Acme", 10, 8, 1]]
OTHER_ROWS: list[list[object]] = [COLUMNS, ["2027-04", "medical", "Acme", 77, 8, 1]]


def test_two_visible_sheets_need_sheet_and_the_refusal_lists_them(db: Path, tmp_path: Path) -> None:
    path = _book(tmp_path / "f.xlsx", ("実績", "visible", DATA_ROWS), ("old", "visible", OTHER_ROWS))
    text = refused(db, path)
    assert "f.xlsx: E-XLSX-SHEETS" in text, text
    assert "「実績」" not in text and '"実績", "old"' in text  # en quotes, in workbook order
    code, text = cli("--db", str(db), "import", str(path), "--sheet", "old")
    assert code == 0, text
    assert _deployed(db) == [77]


def test_the_named_sheet_is_read_with_a_hidden_one_before_it(db: Path, tmp_path: Path) -> None:
    path = _book(
        tmp_path / "f.xlsx",
        ("secret", "veryHidden", [COLUMNS, ["2027-04", "medical", "Acme", 9999, 9999, 1]]),
        ("a", "visible", DATA_ROWS),
        ("notes", "visible", [["read me"]]),
    )
    code, text = cli("--db", str(db), "import", str(path), "--sheet", "a")
    assert code == 0, text
    assert _deployed(db) == [10]


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_sheet_is_never_read_even_when_named(db: Path, tmp_path: Path, state: str) -> None:
    path = _book(tmp_path / "f.xlsx", ("a", "visible", DATA_ROWS), ("secret", state, OTHER_ROWS))
    text = refused(db, path, "--sheet", "secret")
    assert "f.xlsx: E-XLSX-SHEET-HIDDEN" in text and "secret" in text, text
    # the same refusal when the format is named (no detection)
    text = refused(db, path, "--sheet", "secret", "--format", "fleet-report")
    assert "f.xlsx: E-XLSX-SHEET-HIDDEN" in text, text


def test_a_sheet_the_workbook_does_not_have_is_refused_naming_the_visible_ones(
    db: Path, tmp_path: Path
) -> None:
    path = _book(tmp_path / "f.xlsx", ("a", "visible", DATA_ROWS), ("b", "hidden", OTHER_ROWS))
    text = refused(db, path, "--sheet", "nope")
    assert "f.xlsx: E-XLSX-SHEET-UNKNOWN" in text and '"a"' in text and '"b"' not in text, text


def test_one_visible_sheet_needs_no_flag(db: Path, tmp_path: Path) -> None:
    path = _book(tmp_path / "f.xlsx", ("a", "visible", DATA_ROWS), ("b", "veryHidden", OTHER_ROWS))
    code, text = cli("--db", str(db), "import", str(path))
    assert code == 0, text
    assert _deployed(db) == [10]


def test_sheet_for_a_csv_file_is_refused(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(HEADER + "2027-04,medical,A,10,8,1\n", encoding="utf-8")
    assert "f.csv: E-SHEET-NOT-XLSX" in refused(db, path, "--sheet", "a")


def test_our_own_sheet_imports_without_sheet_but_a_copy_of_its_shape_without_the_marker_does_not(
    db: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "R01.xlsx"
    code, text = cli("--db", str(db), "sheet", "--reviewer", "R01", "--fy", "2027", "-o", str(sheet))
    assert code == 0, text
    book = load_workbook(sheet)
    assert [s.sheet_state for s in book.worksheets] == ["visible", "visible"]  # data and guide
    code, text = cli("--db", str(db), "import", str(sheet))
    assert code == 0, text
    # A workbook of the same two sheets without our marker is a foreign workbook
    foreign = tmp_path / "copy.xlsx"
    book.properties.keywords = None
    for index, ws in enumerate(book.worksheets):
        ws.title = f"s{index}"
    book.save(foreign)
    assert "copy.xlsx: E-XLSX-SHEETS" in cli("--db", str(db), "import", str(foreign))[1]


def test_the_preview_reads_the_named_sheet_and_lists_the_choice(db: Path, tmp_path: Path) -> None:
    path = _book(tmp_path / "f.xlsx", ("a", "visible", DATA_ROWS), ("b", "visible", OTHER_ROWS))
    database = open_database(db)
    try:
        unnamed = import_preview.preview_file(database, path, ImportOptions())
        named = import_preview.preview_file(database, path, ImportOptions(sheet="b"))
    finally:
        database.close()
    assert [p.code for p in unnamed.problems] == ["E-XLSX-SHEETS"]
    assert unnamed.sheets == ("a", "b")
    assert [r.robots_deployed for r in named.records] == [77]  # type: ignore[attr-defined]
    assert evidence_count(db) == 0


def test_our_marker_on_a_foreign_workbook_does_not_excuse_its_second_sheet(db: Path, tmp_path: Path) -> None:
    """The marker is a document property anyone can copy (a fleet workbook started from one of
    our sheets keeps it): with two visible sheets of fleet rows, reading the first and ignoring the
    second silently is what --sheet exists to prevent (adversarial review)."""
    path = _book(tmp_path / "f.xlsx", ("a", "visible", DATA_ROWS), ("b", "visible", OTHER_ROWS))
    book = load_workbook(path)
    book.properties.keywords = OWN_SHEET_MARKER
    book.save(path)
    text = refused(db, path)
    assert "f.xlsx: E-XLSX-SHEETS" in text, text
    assert _deployed(db) == []
