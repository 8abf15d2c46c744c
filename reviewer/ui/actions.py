"""Every desktop action declared once (id, text, shortcut), and menus/toolbar built from a layout table."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

CONTEXT = "Actions"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for pyside6-lupdate in `context`; translated when shown."""
    return text


class ActionId(StrEnum):
    NEW = "new"
    OPEN = "open"
    OPEN_DEMO = "open_demo"
    IMPORT = "import"
    QUIT = "quit"
    UNDO = "undo"
    REDO = "redo"
    SAVE = "save"
    REFRESH = "refresh"
    FIND = "find"
    PREV_FY = "prev_fy"
    NEXT_FY = "next_fy"
    GO_DASHBOARD = "go_dashboard"
    GO_MILESTONES = "go_milestones"
    GO_EVIDENCE = "go_evidence"
    GO_IMPORTS = "go_imports"
    GO_REVIEWERS = "go_reviewers"
    GO_ASSESSMENT = "go_assessment"
    GO_CONSENSUS = "go_consensus"
    GO_DECISION = "go_decision"
    GO_REPORT = "go_report"
    SWITCH_LANGUAGE = "switch_language"
    PREVIEW_REPORT = "preview_report"
    EXPORT_REPORT = "export_report"
    CANCEL_TASK = "cancel_task"
    SETTINGS = "settings"
    ATTACH_DOCUMENTS = "attach_documents"
    ADD_MANUAL = "add_manual"
    EXPORT_PACKAGE = "export_package"
    MERGE_PACKAGES = "merge_packages"
    SHORTCUTS = "shortcuts"
    JOBS = "jobs"


@dataclass(frozen=True)
class ActionSpec:
    id: ActionId
    text: str  # English source text; translated in context "Actions"
    shortcut: str | QKeySequence.StandardKey | None = None


SPECS: tuple[ActionSpec, ...] = (
    ActionSpec(ActionId.NEW, QT_TRANSLATE_NOOP("Actions", "&New from plan…"), QKeySequence.StandardKey.New),
    ActionSpec(ActionId.OPEN, QT_TRANSLATE_NOOP("Actions", "&Open…"), QKeySequence.StandardKey.Open),
    ActionSpec(ActionId.OPEN_DEMO, QT_TRANSLATE_NOOP("Actions", "Open the &demo program"), "Ctrl+Shift+D"),
    ActionSpec(ActionId.IMPORT, QT_TRANSLATE_NOOP("Actions", "&Import evidence…"), "Ctrl+I"),
    ActionSpec(ActionId.QUIT, QT_TRANSLATE_NOOP("Actions", "&Quit"), "Ctrl+Q"),
    ActionSpec(ActionId.UNDO, QT_TRANSLATE_NOOP("Actions", "&Undo"), QKeySequence.StandardKey.Undo),
    ActionSpec(ActionId.REDO, QT_TRANSLATE_NOOP("Actions", "&Redo"), "Ctrl+Shift+Z"),
    ActionSpec(ActionId.SAVE, QT_TRANSLATE_NOOP("Actions", "&Save now"), QKeySequence.StandardKey.Save),
    ActionSpec(ActionId.REFRESH, QT_TRANSLATE_NOOP("Actions", "Re&fresh"), "F5"),
    ActionSpec(ActionId.FIND, QT_TRANSLATE_NOOP("Actions", "&Filter…"), QKeySequence.StandardKey.Find),
    ActionSpec(ActionId.PREV_FY, QT_TRANSLATE_NOOP("Actions", "&Previous fiscal year"), "Ctrl+PgUp"),
    ActionSpec(ActionId.NEXT_FY, QT_TRANSLATE_NOOP("Actions", "N&ext fiscal year"), "Ctrl+PgDown"),
    ActionSpec(ActionId.GO_DASHBOARD, QT_TRANSLATE_NOOP("Actions", "Dashboard"), "Ctrl+1"),
    ActionSpec(ActionId.GO_MILESTONES, QT_TRANSLATE_NOOP("Actions", "Milestones"), "Ctrl+2"),
    ActionSpec(ActionId.GO_EVIDENCE, QT_TRANSLATE_NOOP("Actions", "Evidence"), "Ctrl+3"),
    ActionSpec(ActionId.GO_IMPORTS, QT_TRANSLATE_NOOP("Actions", "Imports"), "Ctrl+4"),
    ActionSpec(ActionId.GO_REVIEWERS, QT_TRANSLATE_NOOP("Actions", "Reviewers and conflicts"), "Ctrl+5"),
    ActionSpec(ActionId.GO_ASSESSMENT, QT_TRANSLATE_NOOP("Actions", "Assessment"), "Ctrl+6"),
    ActionSpec(ActionId.GO_CONSENSUS, QT_TRANSLATE_NOOP("Actions", "Consensus"), "Ctrl+7"),
    ActionSpec(ActionId.GO_DECISION, QT_TRANSLATE_NOOP("Actions", "Decision and conditions"), "Ctrl+8"),
    ActionSpec(ActionId.GO_REPORT, QT_TRANSLATE_NOOP("Actions", "Report"), "Ctrl+9"),
    ActionSpec(
        ActionId.SWITCH_LANGUAGE, QT_TRANSLATE_NOOP("Actions", "Switch &language (日本語/English)"), "Ctrl+L"
    ),
    ActionSpec(ActionId.PREVIEW_REPORT, QT_TRANSLATE_NOOP("Actions", "&Preview report"), "Ctrl+P"),
    ActionSpec(ActionId.EXPORT_REPORT, QT_TRANSLATE_NOOP("Actions", "&Export report…"), "Ctrl+E"),
    ActionSpec(ActionId.CANCEL_TASK, QT_TRANSLATE_NOOP("Actions", "&Cancel running task"), "Esc"),
    ActionSpec(ActionId.SETTINGS, QT_TRANSLATE_NOOP("Actions", "&Settings…"), "Ctrl+,"),
    ActionSpec(ActionId.ATTACH_DOCUMENTS, QT_TRANSLATE_NOOP("Actions", "&Attach documents…"), "Ctrl+Shift+A"),
    ActionSpec(ActionId.ADD_MANUAL, QT_TRANSLATE_NOOP("Actions", "Add &manual evidence…"), "Ctrl+Shift+M"),
    ActionSpec(ActionId.EXPORT_PACKAGE, QT_TRANSLATE_NOOP("Actions", "E&xport a reviewer package…")),
    ActionSpec(ActionId.MERGE_PACKAGES, QT_TRANSLATE_NOOP("Actions", "Mer&ge reviewer packages…")),
    ActionSpec(ActionId.SHORTCUTS, QT_TRANSLATE_NOOP("Actions", "&Keyboard shortcuts"), "F1"),
    ActionSpec(ActionId.JOBS, QT_TRANSLATE_NOOP("Actions", "&Jobs and messages"), "Ctrl+J"),
)

# Menus and the toolbar, as (menu title, action ids); None is a separator.
MENUS: tuple[tuple[str, tuple[ActionId | None, ...]], ...] = (
    (
        QT_TRANSLATE_NOOP("Actions", "&File"),
        (
            ActionId.NEW,
            ActionId.OPEN,
            ActionId.OPEN_DEMO,
            None,
            ActionId.IMPORT,
            ActionId.ATTACH_DOCUMENTS,
            ActionId.ADD_MANUAL,
            None,
            ActionId.EXPORT_PACKAGE,
            ActionId.MERGE_PACKAGES,
            None,
            ActionId.SETTINGS,
            None,
            ActionId.QUIT,
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Actions", "&Edit"),
        (ActionId.UNDO, ActionId.REDO, ActionId.SAVE, None, ActionId.FIND, ActionId.CANCEL_TASK),
    ),
    (
        QT_TRANSLATE_NOOP("Actions", "&View"),
        (
            ActionId.GO_DASHBOARD,
            ActionId.GO_MILESTONES,
            ActionId.GO_EVIDENCE,
            ActionId.GO_IMPORTS,
            ActionId.GO_REVIEWERS,
            ActionId.GO_ASSESSMENT,
            ActionId.GO_CONSENSUS,
            ActionId.GO_DECISION,
            ActionId.GO_REPORT,
            None,
            ActionId.PREV_FY,
            ActionId.NEXT_FY,
            ActionId.REFRESH,
            None,
            ActionId.JOBS,
            ActionId.SWITCH_LANGUAGE,
        ),
    ),
    (QT_TRANSLATE_NOOP("Actions", "&Report"), (ActionId.PREVIEW_REPORT, ActionId.EXPORT_REPORT)),
    (QT_TRANSLATE_NOOP("Actions", "&Help"), (ActionId.SHORTCUTS,)),
)
TOOLBAR: tuple[ActionId | None, ...] = (
    ActionId.OPEN, ActionId.IMPORT, None, ActionId.UNDO, ActionId.REDO, None,
    ActionId.PREV_FY, ActionId.NEXT_FY, ActionId.REFRESH,
)  # fmt: skip


def _without_mnemonic(text: str) -> str:
    """Menu text as prose: "開く(&O)…" → "開く…", "&Open…" → "Open…", "&&" stays "&"."""
    text = re.sub(r"\(&[^&)]\)", "", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def translate(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class Actions:
    """The window's QActions by id; `retranslate` re-reads every text after a language change."""

    def __init__(self, parent: QObject) -> None:
        self._by_id: dict[ActionId, QAction] = {}
        self._specs = {s.id: s for s in SPECS}
        for spec in SPECS:
            action = QAction(parent)
            action.setObjectName(f"action_{spec.id.value}")
            if isinstance(spec.shortcut, str) or spec.shortcut is not None:
                action.setShortcut(QKeySequence(spec.shortcut))
            self._by_id[spec.id] = action
        self.retranslate()

    def __getitem__(self, key: ActionId) -> QAction:
        return self._by_id[key]

    def retranslate(self) -> None:
        for key, action in self._by_id.items():
            action.setText(translate(self._specs[key].text))

    def connect(self, handlers: Mapping[ActionId, Callable[[], object]]) -> None:
        for key, handler in handlers.items():
            self._by_id[key].triggered.connect(lambda _checked=False, h=handler: h())

    def build(self, window: QMainWindow) -> tuple[list[QMenu], QToolBar]:
        """Menus and the toolbar from the layout table; returns them for retranslation."""
        menus: list[QMenu] = []
        bar = window.menuBar()
        bar.clear()
        for title, ids in MENUS:
            menu = bar.addMenu(translate(title))
            menu.setProperty("source_title", title)
            for key in ids:
                if key is None:
                    menu.addSeparator()
                else:
                    menu.addAction(self._by_id[key])
            menus.append(menu)
        toolbar = window.addToolBar("main")
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        for key in TOOLBAR:
            if key is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(self._by_id[key])
        return menus, toolbar

    def shortcut_table(self) -> list[tuple[str, str]]:
        """(translated text, shortcut as this platform writes it) for every action that has one."""
        out = []
        for spec in SPECS:
            action = self._by_id[spec.id]
            seq = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if seq:
                out.append((_without_mnemonic(action.text()), seq))
        return out

    def shortcuts(self) -> list[tuple[str, str]]:
        """(English text, shortcut) for every action that has one: the README's list."""
        out = []
        for spec in SPECS:
            seq = self._by_id[spec.id].shortcut().toString(QKeySequence.SequenceFormat.PortableText)
            if seq:
                out.append((spec.text.replace("&", ""), seq))
        return out
