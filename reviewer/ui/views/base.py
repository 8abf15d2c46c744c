"""What every screen shares: the context, refresh on data/FY change, retranslate on language change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QTableView, QWidget

from reviewer.ui.session import AppContext


class Screen(QWidget):
    """A screen of the main window; subclasses implement `refresh` and `retranslate`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = False
        ctx.data_changed.connect(self._on_ctx_changed)
        ctx.fy_changed.connect(lambda _fy: self._on_ctx_changed())
        ctx.writable_changed.connect(self.set_writable)

    def _on_ctx_changed(self) -> None:
        # a hidden screen re-reads when it is next shown: a change costs only the screen in view
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._stale = False
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        """Re-read what the screen shows through the services."""

    def retranslate(self) -> None:
        """Re-set every text after a language change."""

    def set_writable(self, writable: bool) -> None:
        """Enable or disable the screen's writing controls."""

    @property
    def lang(self) -> str:
        return self.ctx.lang


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that never interprets its text as rich text (reviewer and evidence text)."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def heading(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = plain_label(text, parent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.35)
    font.setBold(True)
    label.setFont(font)
    return label


def table_view(parent: QWidget | None = None) -> QTableView:
    view = QTableView(parent)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    return view
