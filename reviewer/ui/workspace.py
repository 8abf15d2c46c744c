"""The open database's workspace: the banner, the navigation list and the screens, built on first view."""

from __future__ import annotations

import importlib
from typing import TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QStackedWidget, QVBoxLayout, QWidget

from reviewer.ui.actions import QT_TRANSLATE_NOOP, ActionId
from reviewer.ui.session import AppContext
from reviewer.ui.views.base import Screen, plain_label

# (navigation text, "module:Class" under reviewer.ui.views, the action that opens it), in navigation
# order. Screens are imported when first shown: start-up pays only for the dashboard.
SCREENS: tuple[tuple[str, str, ActionId], ...] = (
    (QT_TRANSLATE_NOOP("Navigation", "Dashboard"), "dashboard:DashboardView", ActionId.GO_DASHBOARD),
    (QT_TRANSLATE_NOOP("Navigation", "Milestones"), "milestones:MilestonesView", ActionId.GO_MILESTONES),
    (QT_TRANSLATE_NOOP("Navigation", "Evidence"), "evidence:EvidenceView", ActionId.GO_EVIDENCE),
    (QT_TRANSLATE_NOOP("Navigation", "Imports"), "imports:ImportsView", ActionId.GO_IMPORTS),
    (QT_TRANSLATE_NOOP("Navigation", "Reviewers"), "reviewers:ReviewersView", ActionId.GO_REVIEWERS),
    (QT_TRANSLATE_NOOP("Navigation", "Assessment"), "assessment:AssessmentView", ActionId.GO_ASSESSMENT),
    (QT_TRANSLATE_NOOP("Navigation", "Consensus"), "consensus:ConsensusView", ActionId.GO_CONSENSUS),
    (QT_TRANSLATE_NOOP("Navigation", "Decision"), "decision:DecisionView", ActionId.GO_DECISION),
    (QT_TRANSLATE_NOOP("Navigation", "Report"), "report:ReportView", ActionId.GO_REPORT),
)

S = TypeVar("S", bound=Screen)

# screens a reviewer cannot use in a reviewer package (importing, deciding, reporting are the
# secretariat's): hidden in reviewer mode, their shortcuts disabled
SECRETARIAT_SCREENS = frozenset({"ImportsView", "DecisionView", "ReportView"})


def screen_name(n: int) -> str:
    return SCREENS[n][1].split(":")[1]


def screen_class(n: int) -> type[Screen]:
    """The class of the n-th screen, imported on first use."""
    module, name = SCREENS[n][1].split(":")
    cls = getattr(importlib.import_module(f"reviewer.ui.views.{module}"), name)
    assert isinstance(cls, type) and issubclass(cls, Screen)
    return cls


def screen_index(name: str) -> int:
    """The position of the screen whose class is called `name`."""
    return next(n for n, entry in enumerate(SCREENS) if entry[1].endswith(":" + name))


class Workspace(QWidget):
    """What the window shows for one open database: a banner (why it is read-only, if it is), the
    navigation on the left and the screen in view. A screen is built the first time it is shown;
    until then an empty widget holds its place in the stack.
    """

    def __init__(self, ctx: AppContext, first: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.banner = plain_label()
        self.banner.setObjectName("banner")
        self.banner.setStyleSheet("background:#fdecea; color:#611a15; padding:6px 12px; font-weight:bold;")
        outer.addWidget(self.banner)
        row = QHBoxLayout()
        self.nav = QListWidget()  # navigation entries, not domain data
        self.nav.setFixedWidth(200)
        self.nav.setObjectName("navigation")
        self.nav.setStyleSheet(
            "QListWidget#navigation { font-size: 11pt; } QListWidget#navigation::item { padding: 7px 10px; }"
        )
        row.addWidget(self.nav)
        self.stack = QStackedWidget()
        self._screens: list[Screen | None] = []
        for _entry in SCREENS:
            self._screens.append(None)
            self.stack.addWidget(QWidget())
            self.nav.addItem("")
        row.addWidget(self.stack, 1)
        outer.addLayout(row, 1)
        for n in range(len(SCREENS)):
            item = self.nav.item(n)
            if item is not None:
                item.setHidden(not self.offers(n))
        self.nav.currentRowChanged.connect(self._on_nav_row_changed)
        first = min(max(first, 0), len(SCREENS) - 1)
        self.nav.setCurrentRow(first if self.offers(first) else 0)

    def offers(self, n: int) -> bool:
        """Whether the n-th screen is offered here (reviewer mode hides the secretariat's)."""
        return self.ctx.package is None or screen_name(n) not in SECRETARIAT_SCREENS

    def screen_at(self, n: int) -> Screen:
        """The n-th screen, built on first use."""
        screen = self._screens[n]
        if screen is None:
            screen = screen_class(n)(self.ctx)
            placeholder = self.stack.widget(n)
            self.stack.insertWidget(n, screen)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self._screens[n] = screen
        return screen

    def screen_of(self, cls: type[S]) -> S:
        """The screen of class `cls`, built on first use."""
        screen = self.screen_at(screen_index(cls.__name__))
        assert isinstance(screen, cls)
        return screen

    def screens(self) -> list[Screen]:
        """Every screen, building those not built yet."""
        return [self.screen_at(n) for n in range(len(SCREENS))]

    def built(self) -> list[Screen]:
        """The screens built so far."""
        return [s for s in self._screens if s is not None]

    def built_named(self, name: str) -> Screen | None:
        """The screen whose class is called `name` if it is built, without importing its module
        (start-up imports only the dashboard's)."""
        return self._screens[screen_index(name)]

    def show_screen(self, n: int) -> None:
        if 0 <= n < len(SCREENS) and self.offers(n):
            self.nav.setCurrentRow(n)

    def current(self) -> Screen | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Screen) else None

    def current_index(self) -> int:
        return self.stack.currentIndex()

    def set_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def retranslate(self) -> None:
        """The navigation's texts (each screen retranslates itself)."""
        for n, (text, _cls, _action) in enumerate(SCREENS):
            item = self.nav.item(n)
            if item is not None:
                item.setText(QCoreApplication.translate("Navigation", text))

    def _on_nav_row_changed(self, n: int) -> None:
        if 0 <= n < len(SCREENS):
            self.stack.setCurrentWidget(self.screen_at(n))
