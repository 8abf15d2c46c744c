"""The start page shown without a database: the demo, recent files, Open and New."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from reviewer.ui.views.base import heading, plain_label


class StartPage(QWidget):
    demo_requested = Signal()
    open_requested = Signal()
    new_requested = Signal()
    recent_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 40, 48, 40)
        self.title = heading()
        self.intro = plain_label()
        outer.addWidget(self.title)
        outer.addWidget(self.intro)
        buttons = QHBoxLayout()
        self.demo = QPushButton()
        self.open = QPushButton()
        self.new = QPushButton()
        for b in (self.demo, self.open, self.new):
            b.setMinimumHeight(36)
            buttons.addWidget(b)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        self.recent_title = plain_label()
        outer.addWidget(self.recent_title)
        self.recent = QListWidget()  # file paths, not domain data
        outer.addWidget(self.recent, 1)
        self.demo.clicked.connect(self.demo_requested.emit)
        self.open.clicked.connect(self.open_requested.emit)
        self.new.clicked.connect(self.new_requested.emit)
        self.recent.itemActivated.connect(
            lambda item: self.recent_chosen.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        self.retranslate()

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(path)
            item.setData(Qt.ItemDataRole.UserRole, path)
            self.recent.addItem(item)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Stage-gate reviewer"))
        self.intro.setText(
            self.tr(
                "Open a program database, create one from a plan file, or look around in the demo program"
                " (fictional; built in your data folder, never in a program database)."
            )
        )
        self.demo.setText(self.tr("Open the demo program"))
        self.open.setText(self.tr("Open…"))
        self.new.setText(self.tr("New from plan…"))
        self.recent_title.setText(self.tr("Recent files"))
