"""Reviewers and conflicts of interest; recusals (a conflict with a member organization) shown."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtWidgets import QVBoxLayout, QWidget

from reviewer.core.models import Plan, Reviewer
from reviewer.services import assessments
from reviewer.ui import labels
from reviewer.ui.models.table import QT_TRANSLATE_NOOP, Column, RecordTableModel
from reviewer.ui.session import AppContext
from reviewer.ui.views.base import Screen, fill_width, heading, plain_label, table_view


@dataclass(frozen=True)
class ReviewerLine:
    reviewer: Reviewer
    conflicts: str
    recusal: str
    lang: str


class ReviewerColumn(Enum):
    ID = 0
    NAME = 1
    KANA = 2
    AFFILIATION = 3
    ROLE = 4
    CONFLICTS = 5
    RECUSAL = 6


def reviewer_columns() -> list[Column[ReviewerLine]]:
    return [
        Column(ReviewerColumn.ID, QT_TRANSLATE_NOOP("Columns", "ID"), lambda r: r.reviewer.id),
        Column(
            ReviewerColumn.NAME,
            QT_TRANSLATE_NOOP("Columns", "Name"),
            lambda r: labels.marked_name(r.reviewer.name, r.lang),
        ),
        Column(ReviewerColumn.KANA, QT_TRANSLATE_NOOP("Columns", "Reading"), lambda r: r.reviewer.kana),
        Column(
            ReviewerColumn.AFFILIATION,
            QT_TRANSLATE_NOOP("Columns", "Affiliation"),
            lambda r: labels.marked_name(r.reviewer.affiliation, r.lang),
        ),
        Column(
            ReviewerColumn.ROLE,
            QT_TRANSLATE_NOOP("Columns", "Role"),
            lambda r: labels.reviewer_role(r.reviewer.role.value, r.lang),
        ),
        Column(
            ReviewerColumn.CONFLICTS,
            QT_TRANSLATE_NOOP("Columns", "Conflicts of interest"),
            lambda r: labels.marked_name(r.conflicts, r.lang),
        ),
        Column(ReviewerColumn.RECUSAL, QT_TRANSLATE_NOOP("Columns", "Recusal"), lambda r: r.recusal),
    ]


def reviewer_lines(plan: Plan, lang: str, recused_text: str) -> list[ReviewerLine]:
    names = {o.code: (o.name if lang == "ja" else o.name_en or o.name) for o in plan.organizations}
    out = []
    for r in sorted(plan.reviewers, key=lambda r: r.kana):
        conflicts = "; ".join(
            f"{names.get(c.organization, c.organization)}"
            f" ({labels.conflict_category(c.category.value, lang)})"
            for c in r.conflicts
        )
        found = assessments.recusal(plan, r)
        recusal = (
            "" if found is None else recused_text.replace("%1", names.get(found.organization, found.name))
        )
        out.append(ReviewerLine(r, conflicts, recusal, lang))
    return out


class ReviewersView(Screen):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.title = heading()
        self.note = plain_label()
        self.model: RecordTableModel[ReviewerLine] = RecordTableModel(reviewer_columns(), self)
        self.table = table_view()
        self.table.setModel(self.model)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self.refresh()

    def refresh(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Reviewers and conflicts of interest"))
        self.note.setText(
            self.tr(
                "A conflict with a consortium member recuses the reviewer: their ratings and judgements are refused."  # noqa: E501
                " Other conflicts are recorded and shown."
            )
        )
        self.model.set_rows(reviewer_lines(self.ctx.plan, self.lang, self.tr("Recused: conflict with %1")))
        self.table.resizeColumnsToContents()
        fill_width(self.table)
