"""A titled table of records with one row of actions under it and a message line: the shape of
the conditions and responses panels, which record something about the selected row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from reviewer.core.errors import Refused
from reviewer.ui import errors
from reviewer.ui.models.table import OBJECT_ROLE, Column, RecordTableModel
from reviewer.ui.session import AppContext
from reviewer.ui.views.base import heading, plain_label, table_view

T = TypeVar("T")


class RecordPanel(QWidget, Generic[T]):
    """Subclasses give `columns()` and `row_type`, put their widgets in `action_row`, and call
    `record()` to write; the table is rebuilt when the language changes (its cells format words)."""

    row_type: type[T]

    def __init__(self, ctx: AppContext, min_height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.title = heading()
        layout.addWidget(self.title)
        self.table = table_view()
        self.table.setMinimumHeight(min_height)
        layout.addWidget(self.table, 1)
        self.action_row = QHBoxLayout()
        layout.addLayout(self.action_row)
        self.message = plain_label()
        layout.addWidget(self.message)
        self.model: RecordTableModel[T] = RecordTableModel([], self)
        self._model_lang: str | None = None

    def hasHeightForWidth(self) -> bool:
        """No height-for-width: the message line wraps, and a panel that had it asked its screen's
        box layout for its whole preferred height as a minimum. Under a form (the decision
        screen at 1280×720) that squeezed the form below its own minimum, and the conditions
        editor was drawn over the buttons below it. The table takes what is left instead."""
        return False

    def columns(self) -> list[Column[T]]:
        raise NotImplementedError

    def show_rows(self, rows: list[T]) -> None:
        """Show `rows` in a model whose columns speak the language now shown."""
        self.model = RecordTableModel(self.columns(), self)
        self.model.set_rows(rows)
        self.table.setModel(self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_enabled())
        self._model_lang = self.ctx.lang

    def relabel(self) -> None:
        """Rebuild the model if the language changed since it was made."""
        if self._model_lang != self.ctx.lang:
            self.show_rows(self.model.rows())

    def selected(self) -> T | None:
        model = self.table.selectionModel()
        rows = model.selectedRows() if model is not None else []
        found = rows[0].data(OBJECT_ROLE) if rows else None
        return found if isinstance(found, self.row_type) else None

    def record(self, write: Callable[[], object], done: str) -> bool:
        """Run a service write; show `done`, or the refusal's reason, and return whether it took."""
        try:
            write()
        except Refused as exc:
            self.message.setText(errors.describe(exc, self.ctx.lang))
            return False
        self.message.setText(done)
        self.ctx.reload()
        return True

    def _update_enabled(self) -> None:
        raise NotImplementedError
