"""Writing a reviewer's pre-filled assessment sheet (XLSX) that imports back as `assessment-sheet`.

The first worksheet holds only the seven columns the importer reads (it refuses unknown
columns), one row per target: the FY's criteria, its milestones, then `overall`. NEDO's A–D
wording, milestone titles and guiding questions go where the importer does not look: cell
comments, data-validation prompts and a second worksheet.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from reviewer import messages
from reviewer.core import ooxml
from reviewer.core.errors import Refused
from reviewer.core.models import Criterion, Judgement, Milestone, Plan
from reviewer.importers.tabular_xlsx import OWN_SHEET_HEADERS, OWN_SHEET_MARKER
from reviewer.services.assessments import OVERALL, SHEET_KINDS, recusal
from reviewer.store import assessment_writes as store
from reviewer.store import programs as programs_store
from reviewer.store.db import output_not_a_file, refuse_output_over_database

HEADERS = OWN_SHEET_HEADERS  # what the importer knows our sheet by, with its marker
# What a judgement is written as, and offered as in the drop-down, per language (both import).
JUDGEMENT_LABELS = {
    "ja": {Judgement.MET: "達成", Judgement.PARTIALLY_MET: "一部達成", Judgement.NOT_MET: "未達成"},
    "en": {Judgement.MET: "met", Judgement.PARTIALLY_MET: "partially_met", Judgement.NOT_MET: "not_met"},
}
_WIDTHS = (10, 8, 20, 8, 48, 48, 48)
_PROMPT_LIMIT = 250  # Excel caps a validation prompt at 255 characters


@dataclass(frozen=True)
class SheetTarget:
    """One row of the sheet: the target, what it is, and the reviewer's current values."""

    code: str
    kind: str  # criterion, milestone, overall
    label: str  # criterion name or milestone title, in the sheet's language
    note: str  # wording / help shown in the cell comment
    rating: str | None
    carried_over: bool
    comments: tuple[str, str, str]


def _names(lang: str, ja: str, en: str) -> str:
    return ja if lang == "ja" else en


def _criterion_note(c: Criterion, lang: str) -> str:
    lines = [_names(lang, c.names.ja, c.names.en)]
    lines += [f"{g.letter.value}: {_names(lang, g.ja, g.en)}" for g in c.grades]
    return "\n".join(lines)


def _milestone_note(m: Milestone, lang: str) -> str:
    return f"{m.code}: {_names(lang, m.title.ja, m.title.en)}"


def sheet_targets(
    db: sqlite_utils.Database, plan: Plan, reviewer_id: str, fy: int, lang: str
) -> list[SheetTarget]:
    """The sheet's rows for a reviewer and FY, pre-filled with that reviewer's current assessment."""
    assessment = store.assessment_id(db, reviewer_id, fy)
    items = {} if assessment is None else store.items(db, assessment)
    comments = {} if assessment is None else store.comments_of(db, assessment)

    def current(code: str) -> tuple[str | None, bool, tuple[str, str, str]]:
        item = items.get(code)
        texts = tuple(
            comments[(code, k.value)].text if (code, k.value) in comments else "" for k in SHEET_KINDS
        )
        return (
            None if item is None else item.rating,
            False if item is None else item.carried_over,
            (texts[0], texts[1], texts[2]),
        )

    out: list[SheetTarget] = []
    for c in plan.criteria:
        rating, carried, texts = current(c.code)
        out.append(
            SheetTarget(
                c.code,
                "criterion",
                _names(lang, c.names.ja, c.names.en),
                _criterion_note(c, lang),
                rating,
                carried,
                texts,
            )
        )
    for m in (m for m in plan.milestones if m.fy == fy):
        rating, carried, texts = current(m.code)
        label = _names(lang, m.title.ja, m.title.en)
        out.append(SheetTarget(m.code, "milestone", label, _milestone_note(m, lang), rating, carried, texts))
    _rating, _carried, texts = current(OVERALL)
    note = messages.text("sheet-overall-note", lang)
    out.append(SheetTarget(OVERALL, "overall", note, note, None, False, texts))
    return out


def _shown_rating(target: SheetTarget, lang: str) -> str | None:
    if target.rating is None:
        return None
    if target.kind == "milestone":
        return JUDGEMENT_LABELS[lang][Judgement(target.rating)]
    return target.rating


def write_sheet(db: sqlite_utils.Database, reviewer_id: str, fy: int, out: Path, lang: str = "ja") -> int:
    """Write the reviewer's pre-filled sheet for an FY to `out` (temporary file, then rename).

    Returns the number of target rows. Raises Refused E-NO-REVIEWER, E-NO-FY, E-RECUSED,
    E-SHEET-OUTPUT (`out` is a folder, or a file stands where its folder would be).
    """
    refuse_output_over_database(db, out)
    if any(folder.exists() and not folder.is_dir() for folder in out.parents):
        raise Refused("E-SHEET-OUTPUT", path=str(out), reason=messages.phrase("reason-path-not-folder"))
    kind = output_not_a_file(out)
    if kind is not None:
        raise Refused("E-SHEET-OUTPUT", path=str(out), reason=_output_reason(kind))
    plan = programs_store.read_plan(db)
    reviewer = next((r for r in plan.reviewers if r.id == reviewer_id), None)
    if reviewer is None:
        raise Refused("E-NO-REVIEWER", reviewer=reviewer_id)
    if fy not in {y.fy for y in plan.fiscal_years}:
        raise Refused("E-NO-FY", fy=fy)
    reason = recusal(plan, reviewer)
    if reason is not None:
        raise Refused("E-RECUSED", **reason.params())
    targets = sheet_targets(db, plan, reviewer_id, fy, lang)
    book = _workbook(plan, reviewer_id, fy, targets, lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(handle)
    try:
        book.save(temp)
        os.chmod(temp, 0o644)  # mkstemp makes 0600; the sheet goes to a reviewer
        os.replace(temp, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    return len(targets)


def _output_reason(kind: str) -> messages.Phrase:
    """Why a sheet is not written over what stands at its path (`output_not_a_file`)."""
    if kind == "folder":
        return messages.phrase("reason-path-is-folder")
    return messages.phrase("reason-path-not-regular", kind=kind)


def _workbook(plan: Plan, reviewer_id: str, fy: int, targets: list[SheetTarget], lang: str) -> Any:
    from openpyxl import Workbook  # imported late: slow to import, and only this command needs it
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    # SPEC §4: a workbook of several visible sheets needs --sheet, except ours, known by this
    # mark (Excel's "Tags"): its first sheet holds the data, the second is the guide.
    book.properties.keywords = OWN_SHEET_MARKER
    sheet = book.active
    sheet.title = messages.text("sheet-sheet-title", lang)
    _append(sheet, list(HEADERS[lang]))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"

    grades = DataValidation(type="list", formula1='"A,B,C,D"', allow_blank=True, showErrorMessage=True)
    labels = JUDGEMENT_LABELS[lang]
    judgement_list = ",".join(labels[j] for j in Judgement)
    judgements = DataValidation(
        type="list", formula1=f'"{judgement_list}"', allow_blank=True, showErrorMessage=True
    )
    for validation in (grades, judgements):
        validation.showInputMessage = True
        sheet.add_data_validation(validation)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row_number, target in enumerate(targets, start=2):
        _append(
            sheet,
            [
                reviewer_id,
                fy,
                target.code,
                _shown_rating(target, lang),
                *(t or None for t in target.comments),
            ],
        )
        target_cell = sheet.cell(row=row_number, column=3)
        target_cell.comment = Comment(target.note, "reviewer")
        rating_cell = sheet.cell(row=row_number, column=4)
        if target.kind == "criterion":
            grades.add(rating_cell)
        elif target.kind == "milestone":
            judgements.add(rating_cell)
        if target.carried_over:
            rating_cell.comment = Comment(messages.text("sheet-carried-over", lang), "reviewer")
        for column in range(5, 8):
            sheet.cell(row=row_number, column=column).alignment = wrap
    grades.promptTitle = "A–D"
    grades.prompt = _prompt(targets, "criterion")
    judgements.prompt = messages.text("sheet-rating-prompt-milestone", lang)[:_PROMPT_LIMIT]
    _guide(book.create_sheet(messages.text("sheet-guide-title", lang)), plan, fy, lang)
    return book


def _append(sheet: Any, values: list[object]) -> None:
    """Append a row in which every text is a string cell, never a formula or an error value.

    SPEC §10: openpyxl makes `=…` a formula and `#N/A` an error, so a comment such as
    `=cmd|' /C calc'!A0` or `=HYPERLINK(…)` would run in the reader's Excel. Text is also
    OOXML-escaped, so that a carriage return or a control character comes back as it was
    (see `reviewer.core.ooxml`).
    """
    sheet.append([ooxml.escape(value) if isinstance(value, str) else value for value in values])
    row = sheet._current_row  # the row append just wrote
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            sheet.cell(row=row, column=column).data_type = "s"


def _prompt(targets: list[SheetTarget], kind: str) -> str:
    # One prompt per validation: the letters' meaning differs by criterion, so give the first
    # criterion's wording shape only as a reminder; the full wording is in each target's comment.
    text = " / ".join(t.code for t in targets if t.kind == kind)
    return ("A / B / C / D: " + text)[:_PROMPT_LIMIT]


def _guide(sheet: Any, plan: Plan, fy: int, lang: str) -> None:
    """The second worksheet: criteria with NEDO's A–D wording and questions, then the FY's milestones."""
    from openpyxl.styles import Font

    bold = Font(bold=True)
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 80
    for c in plan.criteria:
        _append(sheet, [c.code, _names(lang, c.names.ja, c.names.en)])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        for g in c.grades:
            _append(sheet, [g.letter.value, _names(lang, g.ja, g.en)])
        for q in c.questions:
            _append(sheet, ["・", _names(lang, q.ja, q.en)])
        _append(sheet, [])
    for m in (m for m in plan.milestones if m.fy == fy):
        _append(sheet, [m.code, _names(lang, m.title.ja, m.title.en)])
    _append(sheet, [])
    _append(sheet, [OVERALL, messages.text("sheet-overall-note", lang)])
