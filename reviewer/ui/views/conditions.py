"""Last year's conditions on the decision screen: their statuses, and setting one (set_condition_status)."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from reviewer.core.errors import Refused
from reviewer.core.models import ConditionStatus
from reviewer.services import decisions, desktop_reads
from reviewer.services.desktop_reads import ConditionRow
from reviewer.ui import errors, labels
from reviewer.ui.models.table import OBJECT_ROLE, QT_TRANSLATE_NOOP, Column, RecordTableModel
from reviewer.ui.session import AppContext
from reviewer.ui.views.base import heading, plain_label, table_view


class ConditionColumn(Enum):
    ID = 0
    TEXT = 1
    DUE = 2
    STATUS = 3
    NOTE = 4


def condition_columns(lang: str) -> list[Column[ConditionRow]]:
    return [
        Column(ConditionColumn.ID, QT_TRANSLATE_NOOP("Columns", "ID"), lambda c: str(c.id), lambda c: c.id),
        Column(ConditionColumn.TEXT, QT_TRANSLATE_NOOP("Columns", "Condition"), lambda c: c.text),
        Column(ConditionColumn.DUE, QT_TRANSLATE_NOOP("Columns", "Due"), lambda c: labels.date(c.due, lang)),
        Column(
            ConditionColumn.STATUS,
            QT_TRANSLATE_NOOP("Columns", "Status"),
            lambda c: labels.status(c.status, lang),
        ),
        Column(ConditionColumn.NOTE, QT_TRANSLATE_NOOP("Columns", "Note"), lambda c: c.note),
    ]


class ConditionsPanel(QWidget):
    """Conditions set by FY N−1's decision, judged during FY N; allowed after sign-off too."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.title = heading()
        layout.addWidget(self.title)
        self.table = table_view()
        self.table.setMinimumHeight(110)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.status = QComboBox()
        self.note = QLineEdit()
        self.set_button = QPushButton()
        row.addWidget(self.status)
        row.addWidget(self.note, 1)
        row.addWidget(self.set_button)
        layout.addLayout(row)
        self.message = plain_label()
        layout.addWidget(self.message)
        self.model: RecordTableModel[ConditionRow] = RecordTableModel(condition_columns(ctx.lang), self)
        self.table.setModel(self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_enabled())
        self.set_button.clicked.connect(self._on_set_clicked)

    def refresh(self) -> None:
        self.model = RecordTableModel(condition_columns(self.ctx.lang), self)
        self.model.set_rows(desktop_reads.conditions_to_review(self.ctx.db, self.ctx.fy))
        self.table.setModel(self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_enabled())
        self._model_lang = self.ctx.lang
        self.table.resizeColumnsToContents()
        self.retranslate()

    def _relabel(self) -> None:
        """Rebuild the model in the language now shown (its columns format dates and words)."""
        if getattr(self, "_model_lang", None) == self.ctx.lang:
            return
        rows = self.model.rows()
        self.model = RecordTableModel(condition_columns(self.ctx.lang), self)
        self.model.set_rows(rows)
        self.table.setModel(self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_enabled())
        self._model_lang = self.ctx.lang

    def retranslate(self) -> None:
        self._relabel()
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

    def selected(self) -> ConditionRow | None:
        rows = self.table.selectionModel().selectedRows()
        found = rows[0].data(OBJECT_ROLE) if rows else None
        return found if isinstance(found, ConditionRow) else None

    def _update_enabled(self) -> None:
        allowed = self.ctx.can_record
        self.status.setEnabled(allowed)
        self.note.setEnabled(allowed)
        self.set_button.setEnabled(allowed and self.selected() is not None)

    def _on_set_clicked(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.set_status(chosen.id, ConditionStatus(self.status.currentData()), self.note.text())

    def set_status(self, condition_id: int, status: ConditionStatus, note: str) -> bool:
        """Record a status of last year's condition `condition_id`; False with the reason shown."""
        try:
            decisions.set_condition_status(self.ctx.db, self.ctx.fy - 1, condition_id, status, note)
        except Refused as exc:
            self.message.setText(errors.describe(exc, self.ctx.lang))
            return False
        self.message.setText(self.tr("Status recorded."))
        self.note.clear()
        self.ctx.reload()
        return True
