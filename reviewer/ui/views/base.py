"""What every screen shares: the context, refresh on data/FY change, retranslate on language change."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QTableView, QWidget

from reviewer.ui.session import AppContext

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox


class Screen(QWidget):
    """A screen of the main window; subclasses implement `refresh` and `retranslate`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = False
        self.confirmation: QMessageBox | None = None  # a question on screen (see `confirm`)
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

    def confirm(self, title: str, text: str, on_yes: Callable[[], object]) -> QMessageBox:
        """Ask Yes or No in a window-modal box (No is the default); `on_yes` runs on Yes.

        The box opens without a nested event loop, so workers and timers go on; it is kept in
        `confirmation` until answered.
        """
        from PySide6.QtWidgets import QMessageBox  # loaded when first asked, not at start-up

        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        box = QMessageBox(QMessageBox.Icon.Question, title, text, buttons, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setTextFormat(Qt.TextFormat.PlainText)

        def answered(_result: int) -> None:
            yes = box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes
            self.confirmation = None
            box.deleteLater()
            if yes:
                on_yes()

        box.finished.connect(answered)
        self.confirmation = box
        box.open()
        return box


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


def fill_width(view: QTableView) -> None:
    """The last visible column takes the rest of the width. Call after a new model, hidden columns
    or `resizeColumnsToContents`: a header that already stretched does not stretch again until
    the view is resized, and the table was left narrower than its pane."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setStretchLastSection(True)
