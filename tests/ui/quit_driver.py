"""Run by test_quit_clean.py in a child process: the desktop as `reviewer` starts it, the assessment
screen with a comment field focused and typed into, then one way of leaving; Qt's own stderr and
ours are the child's, read by the test.

    python -m tests.ui.quit_driver DB SETTINGS MODE

MODE: `ctrl-q` (the Quit shortcut), `close` (the window's close), `refresh` (the form rebuilt under
the focused field, then Ctrl+Q), `reopen` (the database opened again, then Ctrl+Q),
`language` (the language switched under the focused field, then Ctrl+Q).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from reviewer import app as desktop
from reviewer.ui.main_window import MainWindow


def main(db: str, settings_path: str, mode: str) -> int:
    built = desktop.build_window(["reviewer", "--db", db, "--lang", "en"], settings_path=settings_path)
    assert isinstance(built, MainWindow)
    kept = [built]  # dropped after the event loop, as `reviewer.app.run` drops its window
    del built

    def win() -> MainWindow:
        return kept[0]

    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)

    def ready() -> bool:
        ctx = win().ctx
        return ctx is not None and bool(ctx.check_passed)

    def when_ready(then: Callable[[], object]) -> None:
        def poll() -> None:
            if ready():
                then()
            else:
                QTimer.singleShot(30, poll)

        poll()

    def quit_by_key() -> None:
        target = qapp.focusWidget() or win()
        QTest.keyClick(target, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)

    def focus_a_comment() -> None:
        from reviewer.ui.workspace import screen_index

        win().show_screen(screen_index("AssessmentView"))
        view = win().current_screen()
        box = view.texts[("management", "issues")]
        win().activateWindow()
        box.setFocus()
        QTest.keyClicks(box, "unsaved words")
        print(f"focus: {type(qapp.focusWidget()).__name__}", flush=True)
        if mode == "ctrl-q":
            QTimer.singleShot(100, quit_by_key)
        elif mode == "close":
            QTimer.singleShot(100, win().close)
        elif mode == "refresh":
            win().ctx.reload()
            QTimer.singleShot(100, quit_by_key)
        elif mode == "reopen":
            win().open_database(Path(db))
            QTimer.singleShot(100, lambda: when_ready(quit_by_key))
        elif mode == "language":
            win().set_language("ja")
            QTimer.singleShot(100, quit_by_key)
        else:
            raise SystemExit(f"unknown mode {mode}")

    QTimer.singleShot(0, lambda: when_ready(focus_a_comment))
    QTimer.singleShot(60_000, lambda: qapp.exit(9))  # never hang a test run
    code = qapp.exec()
    kept.clear()
    return int(code)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
