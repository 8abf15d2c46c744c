"""Spreadsheets out (SPEC §10, R20): every text of the sheet we write is a string cell, and the
sheet importer reads it back unchanged, whatever the text tries to be."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from reviewer.core.limits import MAX_CHARS, TextKind
from reviewer.importers import assessment_sheet
from reviewer.importers.base import ParseContext
from reviewer.services import assessments, evidence, programs, sheets
from reviewer.store.db import open_database

PLAN = Path(__file__).resolve().parents[1] / "data" / "assessments" / "plan.yaml"

HOSTILE = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://127.0.0.1:9/x","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "#N/A",
    "=",
    "_x000D_ literal",
    "line one\r\nline two\rthree",
    "  kept as written  ",
    "控え\x01目\x1f",
]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    path = tmp_path / "program.db"
    programs.init_database(path, PLAN)
    opened = open_database(path)
    yield opened
    opened.close()


def _save(db: sqlite_utils.Database, positive: str, issues: str, recommendations: str) -> None:
    assessments.save_target(
        db,
        assessments.TargetValues("R01", 2027, "overall", None, positive, issues, recommendations),
    )


def _read_back(path: Path) -> dict[str, tuple[str, str, str]]:
    rows = assessment_sheet.parse(path, ParseContext(path.name))
    return {row.target: (row.positive, row.issues, row.recommendations) for row in rows}


def test_formula_like_comments_are_string_cells_and_come_back_unchanged(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    out = tmp_path / "R01.xlsx"
    for index in range(0, len(HOSTILE), 3):
        texts = ([*HOSTILE, "", ""])[index : index + 3]
        _save(db, *texts)
        sheets.write_sheet(db, "R01", 2027, out, "en")
        with zipfile.ZipFile(out) as archive:
            xml = archive.read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in xml and "<f " not in xml  # no formula anywhere in the data sheet
        cells = {c.coordinate: c for row in load_workbook(out).worksheets[0].iter_rows() for c in row}
        overall = next(c for c in cells.values() if c.value == "overall")
        for column in "EFG":
            cell = cells[f"{column}{overall.row}"]
            assert cell.value is None or cell.data_type == "s", (cell.value, cell.data_type)
        assert _read_back(out)["overall"] == tuple(texts), texts


def test_the_sheet_we_write_imports_back_as_no_change(db: sqlite_utils.Database, tmp_path: Path) -> None:
    _save(db, HOSTILE[0], HOSTILE[1], HOSTILE[10])
    before = db.execute("SELECT target, kind, text FROM comment ORDER BY id").fetchall()
    out = tmp_path / "R01.xlsx"
    sheets.write_sheet(db, "R01", 2027, out, "ja")
    result = evidence.import_file(db, out, evidence.ImportOptions())
    assert result.format == "assessment-sheet"
    assert db.execute("SELECT target, kind, text FROM comment ORDER BY id").fetchall() == before


# Characters a comment may hold: formula prefixes, line ends, tabs, controls, OOXML escape
# look-alikes, CJK, and anything else Hypothesis picks (surrogates cannot be stored: refused at entry).
_pieces = st.one_of(
    st.sampled_from([*list("=+-@\t\r\n_x0D#髙①"), "_x000D_", "_x005F_", "_xD800_"]),
    st.characters(exclude_categories=("Cs",)),
)
_comment_text = st.one_of(
    st.lists(_pieces, max_size=30).map("".join),
    st.sampled_from(HOSTILE),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.tuples(_comment_text, _comment_text, _comment_text))
def test_any_comment_round_trips_through_the_sheet_unchanged(
    db: sqlite_utils.Database, tmp_path: Path, texts: tuple[str, str, str]
) -> None:
    # The sheet keeps comments as written; a comment of only white space is stored as none.
    stored = tuple(t if t.strip() else "" for t in texts)
    _save(db, *stored)
    saved = {
        kind: text
        for kind, text in db.execute(
            "SELECT c.kind, c.text FROM comment c JOIN assessment a ON a.id = c.assessment_id"
            " WHERE a.reviewer_id = 'R01' AND c.target = 'overall'"
        ).fetchall()
    }
    expected = tuple(saved.get(kind, "") for kind in ("positive", "issues", "recommendations"))
    out = tmp_path / "R01.xlsx"
    sheets.write_sheet(db, "R01", 2027, out, "en")
    assert _read_back(out)["overall"] == expected


def test_a_comment_at_the_limit_round_trips(db: sqlite_utils.Database, tmp_path: Path) -> None:
    word = "=" + "x" * (MAX_CHARS[TextKind.LONG] - 1)
    _save(db, word, "", "")
    out = tmp_path / "R01.xlsx"
    sheets.write_sheet(db, "R01", 2027, out, "en")
    assert _read_back(out)["overall"][0] == word
