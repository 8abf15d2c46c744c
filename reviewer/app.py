"""Composition root of the desktop: QApplication, bundled font, translations, the window and its database."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from pathlib import Path

from reviewer.services.recent import last_database, remember


def _option(argv: Sequence[str], name: str) -> str | None:
    args = list(argv)
    if name in args:
        i = args.index(name)
        if i + 1 < len(args):
            return args[i + 1]
    for arg in args:
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def register_font() -> str | None:
    """Register the bundled IPAexGothic so Japanese never shows as empty boxes; returns its family."""
    from PySide6.QtGui import QFontDatabase

    from reviewer import resources

    font = resources.assets_dir() / "fonts" / "ipaexfont" / "ipaexg.ttf"
    font_id = QFontDatabase.addApplicationFont(str(font))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else None


def _import_qt_free_modules_first() -> None:
    """Import the Qt-free modules the window needs at once before PySide6.

    Once PySide6 is loaded, shiboken's import hook runs on every import and reads each new
    module's source looking for "PySide6" (its `__feature__` switch). The services, the store and
    platformdirs (the data folder: recent files, local copies) cost 10-20 ms more at start-up when
    imported after PySide6 than before it (PERFORMANCE.md).
    """
    import platformdirs  # noqa: F401

    from reviewer.services import desktop_reads, evidence_table  # noqa: F401


def build_window(argv: Sequence[str], settings_path: str | None = None) -> object:
    """Create (or reuse) the QApplication and the main window, open the right database; returns the window.

    `--db PATH` opens that database; otherwise the last one used (shared with the command line);
    otherwise the start page offers the demo, recent files, Open and New.
    """
    from reviewer import lean

    first = "reviewer.ui.main_window" not in sys.modules  # once per process (tests build many windows)
    if first:
        gc.disable()  # the imports below build long-lived objects only: nothing to collect yet
    try:
        lean.import_sqlite_utils_without_numpy()
        _import_qt_free_modules_first()
        from PySide6.QtCore import QTimer
        from PySide6.QtGui import QFont
        from PySide6.QtWidgets import QApplication

        from reviewer.ui import i18n, settings
        from reviewer.ui.main_window import MainWindow
    finally:
        if first:
            # What the imports above built (modules, classes, functions) lives as long as the
            # process: in the collector's permanent generation it is no longer traversed by
            # every collection while the window opens, while the user works, and at exit.
            gc.freeze()
            gc.enable()  # the desktop runs with the collector on, whatever happens above
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "reviewer"])
    assert isinstance(app, QApplication)
    app.setOrganizationName(settings.ORGANIZATION)
    app.setApplicationName(settings.APPLICATION)
    family = register_font()
    if family is not None:
        base = app.font()
        # the system font first where it has the glyphs, the bundled font for everything else
        base.setFamilies([base.family(), family])
        app.setFont(base)
        QFont.insertSubstitution(base.family(), family)
    store = settings.open_settings(settings_path)
    lang = i18n.choose_lang(_option(argv, "--lang"), settings.LANGUAGE.read(store))
    translations = i18n.Translations(app)
    translations.install(lang)
    window = MainWindow(store, translations, lang)
    window.database_opened.connect(lambda p: QTimer.singleShot(0, lambda: remember(Path(p))))
    requested = _option(argv, "--db")
    target = Path(requested) if requested else last_database()
    window.show()
    if target is not None and target.exists():
        window.open_database(target)
    elif requested:
        window.statusBar().showMessage(f"{requested}: not found")
    return window


def run(argv: Sequence[str]) -> int:
    """Open the desktop window; returns the application's exit status."""
    from PySide6.QtWidgets import QApplication

    window = build_window(argv)
    app = QApplication.instance()
    assert app is not None
    code = app.exec()
    del window
    return int(code)
