"""The `assessment-sheet` format: a reviewer's ratings and comments per target, CSV or XLSX."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

from reviewer.core.models import Grade, Judgement, Place, SheetRow
from reviewer.core.normalize import fold
from reviewer.importers.base import ParseContext
from reviewer.importers.tabular import CellReader, Columns, TableRow, read_table, sniff_columns
from reviewer.importers.tabular_values import CellError, parse_code, parse_fy, parse_long_text, text

NAME = "assessment-sheet"

COLUMNS = Columns(
    names={
        "reviewer": ("評価者",),
        "fy": ("年度",),
        "target": ("対象",),
        "rating": ("評点",),
        "positive": ("肯定的意見",),
        "issues": ("問題点・改善点",),
        "recommendations": ("今後への提言",),
    },
    required=frozenset({"reviewer", "fy", "target", "rating", "positive", "issues", "recommendations"}),
)

_JUDGEMENTS = {
    "met": Judgement.MET,
    "partially_met": Judgement.PARTIALLY_MET,
    "not_met": Judgement.NOT_MET,
    "達成": Judgement.MET,
    "一部達成": Judgement.PARTIALLY_MET,
    "未達成": Judgement.NOT_MET,
}


def sniff(head: bytes, path: Path) -> bool:
    """True when the header row (CSV or the first XLSX sheet) is an assessment sheet's."""
    return sniff_columns(head, path, COLUMNS)


def parse_rating(value: object, column: str) -> str:
    """A grade A–D (full-width accepted) or a milestone judgement, normalized. Raises CellError E-RATING.

    The parser cannot know whether a target is a criterion or a milestone, so both kinds are
    accepted here and the service checks that the kind fits the target. Lower-case a–d are
    refused: they are sub-item marks, not grades.
    """
    cleaned = unicodedata.normalize("NFKC", text(value)).strip()
    if cleaned in {grade.value for grade in Grade}:
        return cleaned
    key = fold(cleaned).replace(" ", "_").replace("-", "_")
    judgement = _JUDGEMENTS.get(key)
    if judgement is None:
        raise CellError("E-RATING", value=text(value))
    return judgement.value


def _comment(value: object, column: str) -> str:
    # Comments are kept exactly as written (inner line breaks included), only blank becomes "".
    return parse_long_text(value, column)


def parse(path: Path, ctx: ParseContext) -> Iterator[SheetRow]:
    """Yield one SheetRow per data row; blank rating means comments only (rating None).

    The same (reviewer, fy, target) twice in one file is E-DUPLICATE-ROW naming both lines.
    Raises InputRefused at the end if anything was refused.
    """
    seen: dict[tuple[str, int, str], int] = {}
    for row in read_table(path, ctx, COLUMNS):
        sheet_row = _row(row, ctx)
        if sheet_row is None:
            continue
        key = (fold(sheet_row.reviewer), sheet_row.fy, fold(sheet_row.target))
        first = seen.setdefault(key, row.line)
        if first != row.line:
            ctx.problems.add("E-DUPLICATE-ROW", row.line, first_line=first, second_line=row.line)
            continue
        yield sheet_row
    ctx.problems.raise_if_any()


def _row(row: TableRow, ctx: ParseContext) -> SheetRow | None:
    cells = CellReader(row, ctx)
    reviewer = cells.required("reviewer", parse_code)
    fy = cells.required("fy", parse_fy)
    target = cells.required("target", parse_code)
    rating = cells.optional("rating", parse_rating, None)
    positive = cells.optional("positive", _comment, "")
    issues = cells.optional("issues", _comment, "")
    recommendations = cells.optional("recommendations", _comment, "")
    if (
        not cells.ok
        or reviewer is None
        or fy is None
        or target is None
        or positive is None
        or issues is None
        or recommendations is None
    ):
        return None
    return SheetRow(
        reviewer=reviewer,
        fy=fy,
        target=target,
        rating=rating,
        positive=positive,
        issues=issues,
        recommendations=recommendations,
        place=Place(line=row.line),
    )
