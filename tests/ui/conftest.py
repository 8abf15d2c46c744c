"""Desktop fixtures: a demo program database per test (copied from one built per session), the window."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

SHOTS = Path("/tmp/shots2")
TABULAR = REPO / "tests" / "data" / "tabular"


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from reviewer.services import demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    demo.build_demo(path)
    return path


@pytest.fixture
def demo_db(_demo_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo program database (the demo is built once per session)."""
    from reviewer.store.db import open_database

    target = tmp_path / "program.db"
    # the backup API, never a file copy: a WAL database's .db alone may miss committed pages
    source = open_database(_demo_template, readonly=True)
    import sqlite3

    dest = sqlite3.connect(target)
    source.conn.backup(dest)
    dest.close()
    source.close()
    return target


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """The main window with its own settings file, no database open yet, language English."""
    from PySide6.QtWidgets import QApplication

    from reviewer.app import register_font
    from reviewer.ui import i18n, settings
    from reviewer.ui.main_window import MainWindow

    app = QApplication.instance()
    assert app is not None
    register_font()
    store = settings.open_settings(str(tmp_path / "settings.ini"))
    translations = i18n.Translations(app)
    translations.install("en")
    w = MainWindow(store, translations, "en")
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    yield w
    w.runner.cancel_all()
    w.runner.wait()
    translations.install("en")


def wait_checked(qtbot, w) -> None:  # type: ignore[no-untyped-def]
    """Wait until quick_check has answered (writes are enabled only then)."""
    qtbot.waitUntil(
        lambda: w.ctx is not None and (w.ctx.check_passed or w.ctx.check_failure is not None), timeout=10000
    )


def open_under_review(window, qtbot, demo_db: Path, lang: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Open `demo_db` (in `lang` when given), wait for its check and show FY2027, the FY under review."""
    if lang is not None:
        window.set_language(lang, remember=False)
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    window.ctx.set_fy(2027)


def show(window, cls):  # type: ignore[no-untyped-def]
    """Bring the screen of class `cls` forward; returns it."""
    view = window.workspace.screen_of(cls)
    window.show_screen(window.workspace.stack.indexOf(view))
    return view


def open_assessment(window, demo_db: Path, qtbot, reviewer: str = "R01"):  # type: ignore[no-untyped-def]
    """Open `demo_db` and show the assessment form of `reviewer` for FY2027 (the FY under review)."""
    from reviewer.ui.views.assessment import AssessmentView

    open_under_review(window, qtbot, demo_db)
    view = show(window, AssessmentView)
    view.reviewer.setCurrentIndex(view.reviewer.findData(reviewer))
    return view


def copy_fixture(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copyfile(TABULAR / name, target)
    return target


def answer_with_the_demo_key(view, demo_template: Path) -> None:  # type: ignore[no-untyped-def]
    """Answer a screen's key dialog with the demo's fictional officer key and passphrase."""
    from PySide6.QtWidgets import QDialogButtonBox

    from reviewer.services.demo_steps import DEMO_PASSPHRASE, demo_key_files

    dialog = view.key_dialog
    assert dialog is not None
    key_file, _passphrase_file = demo_key_files(demo_template)
    dialog.path.setText(str(key_file))
    dialog.passphrase.setText(DEMO_PASSPHRASE)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
