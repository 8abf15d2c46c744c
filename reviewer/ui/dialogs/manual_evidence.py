"""The dialog for a manual evidence record: milestone, value, unit, effective date, source description."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from reviewer.core.limits import TextKind
from reviewer.core.models import Milestone
from reviewer.ui import labels
from reviewer.ui.text_limits import limit_text


class ManualEvidenceDialog(QDialog):
    """Collects one manual record; the evidence screen hands it to documents.add_manual on accept."""

    def __init__(
        self, milestones: Sequence[Milestone], lang: str, today: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add manual evidence"))
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        self.milestone = QComboBox()
        for m in milestones:
            self.milestone.addItem(f"{m.code} {m.title.ja if lang == 'ja' else m.title.en}", m.code)
        self.value = QLineEdit()
        self.unit = QLineEdit()
        self.date = QDateEdit(QDate(today.year, today.month, today.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(labels.date_edit_format(lang))
        self.source = QLineEdit()
        limit_text(self.source, TextKind.LONG)  # SPEC §10, as services.documents holds them
        limit_text(self.unit, TextKind.NAME)
        self.source.setPlaceholderText(self.tr("e.g. the consortium's progress report, p. 12"))
        for text, field in (
            (self.tr("Milestone"), self.milestone),
            (self.tr("Value"), self.value),
            (self.tr("Unit"), self.unit),
            (self.tr("Effective date"), self.date),
            (self.tr("Source"), self.source),
        ):
            form.addRow(QLabel(text), field)
        self.message = QLabel()
        self.message.setWordWrap(True)
        form.addRow(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def effective_date(self) -> dt.date:
        d = self.date.date()
        return dt.date(d.year(), d.month(), d.day())
