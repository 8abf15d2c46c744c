"""assessment-sheet: ratings of both kinds, fiscal-year spellings, comments kept exactly, XLSX."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from reviewer.core.errors import InputRefused
from reviewer.core.models import Place, SheetRow
from reviewer.importers import assessment_sheet
from reviewer.importers.base import ParseContext
from reviewer.importers.tabular_values import CellError

DATA = Path(__file__).resolve().parents[1] / "data" / "tabular"
HEADER = "reviewer,fy,target,rating,positive,issues,recommendations\n"


def test_a_japanese_sheet_in_cp932() -> None:
    ctx = ParseContext("sheet.csv")
    rows = list(assessment_sheet.parse(DATA / "sheet_cp932.csv", ctx))
    assert ctx.encoding == "cp932"
    assert rows == [
        SheetRow(
            "R01",
            2027,
            "C1",
            "A",
            "基盤モデルの公開が予定どおり。\n評価できる。",
            "特になし",
            "国際連携を強化すること",
            Place(line=2),
        ),
        SheetRow("R01", 2027, "M-2027-01", "met", "髙い成功率①", "", "", Place(line=4)),
        SheetRow("R01", 2027, "C2", None, "コメントのみ～", "", "", Place(line=5)),
        SheetRow("R01", 2027, "overall", "B", "", "課題, 多数", "", Place(line=6)),
    ]


def test_english_judgements() -> None:
    rows = list(assessment_sheet.parse(DATA / "sheet_en.csv", ParseContext("s.csv")))
    assert [row.rating for row in rows] == ["B", "partially_met", "not_met"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A", "A"),
        ("Ｄ", "D"),
        (" C ", "C"),
        ("達成", "met"),
        ("一部達成", "partially_met"),
        ("未達成", "not_met"),
        ("MET", "met"),
        ("Partially-Met", "partially_met"),
    ],
)
def test_ratings(text: str, expected: str) -> None:
    assert assessment_sheet.parse_rating(text, "rating") == expected


@pytest.mark.parametrize("text", ["E", "a", "AA", "good", "1", "済"])
def test_refused_ratings(text: str) -> None:
    with pytest.raises(CellError) as caught:
        assessment_sheet.parse_rating(text, "rating")
    assert caught.value.code == "E-RATING"


def test_refusals_name_their_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    rows = ["R1,2027,C1,A,,,", "R1,27,C2,A,,,", "R1,2027,C3,E,,,", ",2027,C4,A,,,", "r1,FY2027,c1,B,,,"]
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputRefused) as caught:
        list(assessment_sheet.parse(path, ParseContext("s.csv")))
    assert [(p.code, p.line, p.params.get("field")) for p in caught.value.problems] == [
        ("E-FY", 3, "fy"),
        ("E-RATING", 4, "rating"),
        ("E-REQUIRED", 5, "reviewer"),
        ("E-DUPLICATE-ROW", 6, None),
    ]


def test_an_xlsx_sheet_with_japanese_headers(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["評価者", "年度", "対象", "評点", "肯定的意見", "問題点・改善点", "今後への提言"])
    sheet.append(["R03", 2027, "C1", "Ｂ", "良い①", None, "no"])
    sheet.append(["R03", "2027年度", "M-1", "一部達成", None, "1:30", None])
    sheet.append([None] * 7)
    path = tmp_path / "sheet.xlsx"
    book.save(path)
    head = path.read_bytes()[:4096]
    assert assessment_sheet.sniff(head, path)
    rows = list(assessment_sheet.parse(path, ParseContext("sheet.xlsx")))
    assert rows == [
        SheetRow("R03", 2027, "C1", "B", "良い①", "", "no", Place(line=2)),
        SheetRow("R03", 2027, "M-1", "partially_met", "", "1:30", "", Place(line=3)),
    ]
