"""The decision form's conditions: a table of text and due date (from a calendar), not typed syntax."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewer.ui import labels


def _date_format() -> str:
    """A due date as the rest of the window writes dates; the window's language is QLocale's
    default (i18n sets it), as the editor is built before it knows a context."""
    return labels.date_edit_format("ja" if QLocale().language() == QLocale.Language.Japanese else "en")


class ConditionEditor(QWidget):
    """Rows of (condition text, due date); Add puts a row due on `default_due` (the decision form
    sets the last day of the FY the funding is for).

    The buttons stand beside the table, and the editor has one fixed height: below the table, a
    form squeezed into a 720-pixel screen laid them over its rows (seen with the signed-FY banner).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 2)  # a handful of rows typed here, not domain records read
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(1, 130)  # the date editor in the cell: its size is not the cell's hint
        self.table.verticalHeader().setDefaultSectionSize(28)
        layout.addWidget(self.table, 1)
        buttons = QVBoxLayout()
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.setFixedHeight(96)  # a header and two rows
        self.default_due = QDate.currentDate()
        self.add_button.clicked.connect(lambda: self.add_condition("", None))
        self.remove_button.clicked.connect(self._remove_selected)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Condition"), self.tr("Due")])
        self.add_button.setText(self.tr("Add condition"))
        self.remove_button.setText(self.tr("Remove condition"))

    def add_condition(self, text: str, due: dt.date | None) -> int:
        """Append a row; returns its index."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(text))
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(_date_format())
        edit.setDate(QDate(due.year, due.month, due.day) if due else self.default_due)
        self.table.setCellWidget(row, 1, edit)
        return row

    def set_conditions(self, conditions: list[tuple[str, dt.date]]) -> None:
        self.table.setRowCount(0)
        for text, due in conditions:
            self.add_condition(text, due)

    def conditions(self) -> tuple[tuple[str, dt.date], ...]:
        """The rows with text (blank rows are left out)."""
        out = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            text = item.text().strip() if item is not None else ""
            edit = self.table.cellWidget(row, 1)
            if text and isinstance(edit, QDateEdit):
                day = edit.date()
                out.append((text, dt.date(day.year(), day.month(), day.day())))
        return tuple(out)

    def _remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        for row in rows:
            self.table.removeRow(row)
