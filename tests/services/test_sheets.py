"""The pre-filled XLSX sheet: its content, and that it imports back unchanged through the real importer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from openpyxl import load_workbook

from reviewer.core.errors import Refused
from reviewer.services import assessments, evidence, programs, sheets
from reviewer.store.db import open_database

DATA = Path(__file__).resolve().parents[1] / "data" / "assessments"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    path = tmp_path / "program.db"
    programs.init_database(path, DATA / "plan.yaml")
    opened = open_database(path)
    yield opened
    opened.close()


def state(db: sqlite_utils.Database) -> list[tuple[object, ...]]:
    """Every assessment item and comment, with ids, as the database holds them."""
    rows = db.execute(
        "SELECT 'item', i.id, a.reviewer_id, a.fy, i.target, i.rating, i.carried_over FROM assessment_item i"
        " JOIN assessment a ON a.id = i.assessment_id"
        " UNION ALL SELECT 'comment', c.id, a.reviewer_id, a.fy, c.target, c.kind || ':' || c.text, 0"
        " FROM comment c JOIN assessment a ON a.id = c.assessment_id ORDER BY 1, 2"
    ).fetchall()
    return [tuple(r) for r in rows]


def audit_count(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def test_the_sheet_lists_every_target_with_headers_wording_and_drop_downs(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    out = tmp_path / "R01.xlsx"
    assert sheets.write_sheet(db, "R01", 2027, out, "ja") == 4 + 2 + 1
    book = load_workbook(out)
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("評価者", "年度", "対象", "評点", "肯定的意見", "問題点・改善点", "今後への提言")
    assert [r[2] for r in rows[1:]] == [
        "positioning", "management", "outcomes", "commercialization", "M27-C1", "M27-B1", "overall",
    ]  # fmt: skip
    assert {r[0] for r in rows[1:]} == {"R01"} and {r[1] for r in rows[1:]} == {2027}
    assert "非常に重要" in sheet["C2"].comment.text  # NEDO's A wording for positioning
    assert "参加企業30社以上" in sheet["C6"].comment.text  # the milestone's title
    lists = {dv.formula1: {str(r) for r in dv.sqref.ranges} for dv in sheet.data_validations.dataValidation}
    assert lists['"A,B,C,D"'] == {"D2", "D3", "D4", "D5"}
    assert lists['"達成,一部達成,未達成"'] == {"D6", "D7"}
    guide = book.worksheets[1]
    guide_text = " ".join(str(c) for row in guide.iter_rows(values_only=True) for c in row if c)
    assert "明確に実現可能なプランあり" in guide_text and "長期マニピュレーション成功率70%以上" in guide_text
    assert not list(tmp_path.glob(".*.tmp"))  # the temporary file was renamed away


def test_english_headers_and_judgement_words(db: sqlite_utils.Database, tmp_path: Path) -> None:
    out = tmp_path / "R01-en.xlsx"
    sheets.write_sheet(db, "R01", 2027, out, "en")
    sheet = load_workbook(out).worksheets[0]
    assert next(sheet.iter_rows(values_only=True)) == (
        "reviewer", "fy", "target", "rating", "positive", "issues", "recommendations",
    )  # fmt: skip
    formulas = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert '"met,partially_met,not_met"' in formulas


def test_a_filled_sheet_imports_back_unchanged_and_one_edit_changes_one_item(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    source = tmp_path / "filled.csv"
    source.write_text(
        "reviewer,fy,target,rating,positive,issues,recommendations\n"
        "R01,2027,positioning,A,明確,,\n"
        'R01,2027,outcomes,B,,"複数行の\n指摘",提言\n'
        "R01,2027,M27-C1,partially_met,,遅れ,\n"
        "R01,2027,overall,,総評です,,\n",
        encoding="utf-8",
    )
    evidence.import_file(db, source, evidence.ImportOptions())
    before = state(db)
    count = audit_count(db)

    out = tmp_path / "R01.xlsx"
    sheets.write_sheet(db, "R01", 2027, out, "ja")
    assert load_workbook(out).worksheets[0]["D4"].value == "B"
    assert load_workbook(out).worksheets[0]["D6"].value == "一部達成"
    result = evidence.import_file(db, out, evidence.ImportOptions())
    assert result.format == "assessment-sheet"
    assert state(db) == before
    assert audit_count(db) == count + 1  # only the batch

    book = load_workbook(out)
    book.worksheets[0]["D4"] = "D"  # outcomes: B → D
    edited = tmp_path / "R01-edited.xlsx"
    book.save(edited)
    evidence.import_file(db, edited, evidence.ImportOptions())
    after = state(db)
    changed = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    assert len(changed) == 1
    assert changed[0][0][4:6] == ("outcomes", "B") and changed[0][1][4:6] == ("outcomes", "D")
    assert audit_count(db) == count + 1 + 2  # the batch and one item


def test_a_carried_over_rating_is_marked_and_importing_the_sheet_confirms_it(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    last_year = tmp_path / "y26.csv"
    last_year.write_text(
        "reviewer,fy,target,rating,positive,issues,recommendations\nR01,2026,outcomes,A,,,\n",
        encoding="utf-8",
    )
    evidence.import_file(db, last_year, evidence.ImportOptions())
    assessments.carry_over(db, "R01", 2026, 2027)
    out = tmp_path / "R01.xlsx"
    sheets.write_sheet(db, "R01", 2027, out, "en")
    cell = load_workbook(out).worksheets[0]["D4"]
    assert cell.value == "A" and "Carried over" in cell.comment.text
    evidence.import_file(db, out, evidence.ImportOptions())
    rating = db.execute(
        "SELECT i.rating, i.carried_over FROM assessment_item i JOIN assessment a ON a.id = i.assessment_id"
        " WHERE a.reviewer_id = 'R01' AND a.fy = 2027 AND i.target = 'outcomes'"
    ).fetchone()
    assert tuple(rating) == ("A", 0)


@pytest.mark.parametrize(
    ("reviewer", "fy", "code"),
    [("R02", 2027, "E-RECUSED"), ("R09", 2027, "E-NO-REVIEWER"), ("R01", 2031, "E-NO-FY")],
)
def test_refused_sheets_write_no_file(
    db: sqlite_utils.Database, tmp_path: Path, reviewer: str, fy: int, code: str
) -> None:
    out = tmp_path / "x.xlsx"
    with pytest.raises(Refused) as caught:
        sheets.write_sheet(db, reviewer, fy, out, "ja")
    assert caught.value.code == code
    assert not out.exists()
