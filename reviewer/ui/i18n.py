"""Language of the desktop: choosing ja or en, and installing the Qt Linguist translations."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from reviewer import resources

LANGS = ("ja", "en")


def system_lang() -> str:
    """ja when the system locale is Japanese, else en."""
    return "ja" if QLocale.system().language() == QLocale.Language.Japanese else "en"


def choose_lang(requested: str | None, saved: str) -> str:
    """--lang wins, then the language saved in settings, then the system locale."""
    for candidate in (requested, saved):
        if candidate in LANGS:
            return str(candidate)
    return system_lang()


class Translations:
    """Keeps one installed QTranslator and swaps it when the language changes."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translator: QTranslator | None = None
        self.lang = "en"

    def install(self, lang: str) -> bool:
        """Install `lang` (English is the source language: nothing to load); True on success."""
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        self.lang = lang
        if lang == "en":
            return True
        translator = QTranslator(self._app)
        ok = translator.load(str(resources.assets_dir() / "i18n" / f"reviewer_{lang}.qm"))
        if ok:
            self._app.installTranslator(translator)
            self._translator = translator
        return ok
