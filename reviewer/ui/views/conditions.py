"""Last year's conditions on the decision screen: their statuses, and setting one (set_condition_status)."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QWidget

from reviewer import messages
from reviewer.core.limits import TextKind
from reviewer.core.models import ConditionStatus
from reviewer.services import decisions, desktop_reads
from reviewer.services.desktop_reads import ConditionRow
from reviewer.ui import labels
from reviewer.ui.models.table import QT_TRANSLATE_NOOP, Column
from reviewer.ui.session import AppContext
from reviewer.ui.text_limits import limit_text
from reviewer.ui.views.base import fill_width
from reviewer.ui.views.record_panel import RecordPanel


class ConditionColumn(Enum):
    ID = 0
    TEXT = 1
    DUE = 2
    STATUS = 3
    NOTE = 4


def _status(c: ConditionRow, lang: str) -> str:
    """The newest status, or, for a condition a signed amendment dropped, which one dropped it."""
    if c.dropped_by is not None:
        return messages.text("conditions-dropped", lang, decision=c.dropped_by)
    return labels.status(c.status, lang)


def condition_columns(lang: str) -> list[Column[ConditionRow]]:
    return [
        Column(ConditionColumn.ID, QT_TRANSLATE_NOOP("Columns", "ID"), lambda c: str(c.id), lambda c: c.id),
        Column(ConditionColumn.TEXT, QT_TRANSLATE_NOOP("Columns", "Condition"), lambda c: c.text),
        Column(ConditionColumn.DUE, QT_TRANSLATE_NOOP("Columns", "Due"), lambda c: labels.date(c.due, lang)),
        Column(ConditionColumn.STATUS, QT_TRANSLATE_NOOP("Columns", "Status"), lambda c: _status(c, lang)),
        Column(ConditionColumn.NOTE, QT_TRANSLATE_NOOP("Columns", "Note"), lambda c: c.note),
    ]


class ConditionsPanel(RecordPanel[ConditionRow]):
    """Conditions set by FY N−1's decision, judged during FY N; allowed after sign-off too."""

    row_type = ConditionRow

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, 80, parent)
        self.status = QComboBox()
        self.note = QLineEdit()
        limit_text(self.note, TextKind.LONG)  # SPEC §10
        self.set_button = QPushButton()
        self.action_row.addWidget(self.status)
        self.action_row.addWidget(self.note, 1)
        self.action_row.addWidget(self.set_button)
        self.set_button.clicked.connect(self._on_set_clicked)

    def columns(self) -> list[Column[ConditionRow]]:
        return condition_columns(self.ctx.lang)

    def refresh(self) -> None:
        self.show_rows(desktop_reads.conditions_to_review(self.ctx.db, self.ctx.fy))
        self.table.resizeColumnsToContents()
        fill_width(self.table)  # the note column had shrunk to its words after a save, a gap beside it
        self.retranslate()

    def retranslate(self) -> None:
        self.relabel()
        lang, fy = self.ctx.lang, self.ctx.fy
        self.title.setText(
            self.tr("Conditions set by the %1 decision").replace("%1", labels.fiscal_year(fy - 1, lang))
        )
        current = self.status.currentData()
        self.status.clear()
        for status in ConditionStatus:
            self.status.addItem(labels.status(status.value, lang), status.value)
        self.status.setCurrentIndex(max(self.status.findData(current), 0))
        self.note.setPlaceholderText(self.tr("Note (optional)"))
        self.set_button.setText(self.tr("Set status"))
        if not self.model.rowCount():
            self.message.setText(self.tr("No conditions to follow up."))
        self._update_enabled()

    def _update_enabled(self) -> None:
        allowed = self.ctx.can_record
        self.status.setEnabled(allowed)
        self.note.setEnabled(allowed)
        chosen = self.selected()
        # a dropped condition is history: its status can no longer be set
        self.set_button.setEnabled(allowed and chosen is not None and chosen.dropped_by is None)

    def _on_set_clicked(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.set_status(chosen.id, ConditionStatus(self.status.currentData()), self.note.text())

    def set_status(self, condition_id: int, status: ConditionStatus, note: str) -> bool:
        """Record a status of last year's condition `condition_id`; False with the reason shown."""
        ctx = self.ctx
        done = self.record(
            lambda: decisions.set_condition_status(ctx.db, ctx.fy - 1, condition_id, status, note),
            self.tr("Status recorded."),
        )
        if done:
            self.note.clear()
        return done
