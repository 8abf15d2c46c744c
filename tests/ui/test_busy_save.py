"""A save that meets another process's write lock (the command line importing a million rows
holds it for a minute): nothing typed is lost, the form says so, and the save is tried again."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from reviewer.services import evidence_table
from reviewer.store.db import open_database
from tests.ui.conftest import open_assessment


def _saved_issues(path: Path) -> str | None:
    db = open_database(path, readonly=True)
    try:
        values = evidence_table.assessment_values(db, "R01", 2027).get("outcomes")
        return None if values is None else values.issues
    finally:
        db.close()


def test_typing_saved_while_another_process_holds_the_write_lock_is_kept_and_saved_later(
    window, demo_db: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    view = open_assessment(window, demo_db, qtbot)
    window.ctx.db.execute("PRAGMA busy_timeout = 200")  # the product waits 10 s; the test less
    holder = sqlite3.connect(demo_db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process's import, mid-transaction
    failed: list[object] = []
    view.editor.save_failed.connect(failed.append)
    view.texts[("outcomes", "issues")].setPlainText("typed while the file was busy")
    qtbot.waitUntil(lambda: bool(failed), timeout=10000)
    assert view.banner.isVisible() and "E-BUSY" in view.banner.text()
    assert view.texts[("outcomes", "issues")].toPlainText() == "typed while the file was busy"
    holder.execute("ROLLBACK")
    holder.close()
    qtbot.waitUntil(lambda: _saved_issues(demo_db) == "typed while the file was busy", timeout=15000)


def test_closing_while_the_typing_still_cannot_be_saved_asks_first(
    window, demo_db: Path, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from reviewer.ui import main_window

    view = open_assessment(window, demo_db, qtbot)
    monkeypatch.setattr(main_window, "BUSY_TIMEOUT_MS", 200)  # the wait at close, shortened
    holder = sqlite3.connect(demo_db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            asked.append(box.text())
            box.button(button).click()
        else:
            QTimer.singleShot(50, lambda: answer(button))

    view.texts[("outcomes", "issues")].setPlainText("typed, then the window was closed")
    QTimer.singleShot(50, lambda: answer(QMessageBox.StandardButton.No))
    assert window.close() is False  # No: the window stays, the typing with it
    assert asked and "could not be saved" in asked[0]
    assert window.ctx is not None and view.editor.dirty
    holder.execute("ROLLBACK")
    holder.close()
    assert window.close() is True  # the lock is gone: saved at close, nothing asked
    assert len(asked) == 1
    assert _saved_issues(demo_db) == "typed, then the window was closed"
