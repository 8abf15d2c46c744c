"""SPEC §9 "Words, not codes": every screen, in both languages, shows labels, never codes or the
other language's words — in labels, buttons, boxes, menus and every cell of every item model.

The codes and words come from the label tables themselves (`labels.word_tables`, the plan's areas
and industries) and the translations from the .ts file, so a new code or message is checked too.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from reviewer.core.models import Area
from reviewer.services import evidence
from reviewer.store.db import open_database
from reviewer.ui import build_translations, labels
from reviewer.ui.workspace import SCREENS
from tests.conftest import REPO
from tests.ui.conftest import wait_checked

DATA = REPO / "tests" / "data" / "ui"
ROWS = 60  # cells read per model: the first rows show every kind the demo has


def _visible_texts(window) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(where, text) for every text a user can see in the window now."""
    out: list[tuple[str, str]] = []
    for w in window.findChildren(QWidget):
        if not w.isVisible():
            continue
        name = type(w).__name__ + ":" + w.objectName()
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append((name, w.text()))
        elif isinstance(w, QGroupBox):
            out.append((name, w.title()))
        elif isinstance(w, QComboBox):
            out += [(name, w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QLineEdit):
            out.append((name, w.placeholderText()))
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            from PySide6.QtCore import QModelIndex

            model = w.model()
            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:  # a list widget's model keeps it private: one column
                columns = 1
            for c in range(columns):
                out.append((name + ":header", str(model.headerData(c, Qt.Orientation.Horizontal) or "")))
            for r in range(min(model.rowCount(QModelIndex()), ROWS)):
                for c in range(columns):
                    out.append((f"{name}:{r},{c}", str(model.index(r, c).data() or "")))
    for menu in window.menus:
        out.append(("menu", menu.title()))
        out += [("menu item", a.text()) for a in menu.actions()]
    return [(where, text) for where, text in out if text]


def _codes(plan) -> tuple[set[str], set[str]]:  # type: ignore[no-untyped-def]
    """(codes a whole text must not be, codes no word of a text may be)."""
    whole: set[str] = {a.value for a in Area} | {i.code for i in plan.industries}
    own: set[str] = set()  # a tool's name is part of its own words: llm-jp-eval → "llm-jp-eval 結果"
    for table in labels.word_tables().values():
        whole |= set(table)
        own |= {code for code, (ja, en) in table.items() if code in ja and code in en}
    token = {c for c in whole if ("_" in c or "-" in c) and c not in own}
    return whole, token


def _english_sources() -> set[str]:
    tree = ET.parse(build_translations.ts_file("ja"))
    return {
        m.findtext("source") or ""
        for m in tree.iter("message")
        if (m.findtext("translation") or "") != (m.findtext("source") or "")
    }


def _words(lang: str) -> set[str]:
    """The label tables' words in `lang`."""
    i = 0 if lang == "ja" else 1
    return {pair[i] for table in labels.word_tables().values() for pair in table.values()}


def test_every_screen_shows_words_in_its_language(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    db = open_database(demo_db)
    evidence.import_file(db, DATA / "fleet_demo.csv", evidence.ImportOptions())
    db.close()
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    window.ctx.set_fy(2027)
    whole, token = _codes(window.ctx.plan)
    english = _english_sources() - {""}
    found: list[str] = []
    for lang in ("ja", "en"):
        window.set_language(lang)
        other_words = _words("en" if lang == "ja" else "ja") - _words(lang)
        for n, (_text, key, _action) in enumerate(SCREENS):
            window.show_screen(n)
            screen = window.screen_at(n)
            if hasattr(screen, "loaded"):
                qtbot.waitUntil(lambda s=screen: s.loaded, timeout=10000)
            if hasattr(screen, "table"):  # the evidence table: the fleet rows and a manual one
                screen.table.scrollToBottom()
            for where, text in _visible_texts(window):
                at = f"{lang} {key.split(':')[1]} {where}: {text!r}"
                if text in whole or any(t in token for t in re.split(r"[\s,/()（）・:：]+", text)):
                    found.append("code " + at)
                elif lang == "ja" and (text in english or text.replace("&", "") in english):
                    found.append("English " + at)
                elif text in other_words or (lang == "en" and "架空" in text):
                    found.append("other language " + at)
            # the window fits a 1280×720 screen on every screen
            assert window.minimumSizeHint().height() <= 680, f"{lang} {key} needs {window.minimumSizeHint()}"
    assert found == []


def test_qt_own_dialogs_and_calendar_speak_japanese(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QCalendarWidget, QFileDialog

    from reviewer.ui import file_dialogs
    from reviewer.ui.views.evidence import EvidenceView

    window.set_language("ja", remember=False)
    dialog = file_dialogs._dialog(window, "x", "", "PDF (*.pdf)")
    dialog.show()
    shown = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
    shown += [w.text() for w in dialog.findChildren(QAbstractButton) if w.isVisible() and w.text()]
    english = {"&Look in:", "Look in:", "Files of &type:", "Files of type:", "File &name:", "&Open", "Cancel"}
    assert shown and not set(shown) & english, shown
    dialog.close()
    assert isinstance(dialog, QFileDialog)
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    view = window.workspace.screen_of(EvidenceView)
    window.show_screen(window.workspace.stack.indexOf(view))
    calendar = view.date_from.calendarWidget()
    assert isinstance(calendar, QCalendarWidget)
    assert calendar.locale().monthName(1) == "1月"
    window.set_language("en", remember=False)
    assert view.date_from.calendarWidget().locale().monthName(1) == "January"
