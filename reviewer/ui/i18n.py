"""Language of the desktop: choosing ja or en, and installing the Qt Linguist translations."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

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


def qt_locale(lang: str) -> QLocale:
    """The locale a language's widgets use: Japan for ja; British English (1 April 2027) for en."""
    if lang == "ja":
        return QLocale(QLocale.Language.Japanese, QLocale.Country.Japan)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


class Translations:
    """Keeps the installed QTranslators and swaps them when the language changes: ours, and Qt's
    own (`qtbase_<lang>.qm`, shipped with PySide6) for the standard buttons and dialogs that Qt
    labels itself (Cancel, Yes, No, the file dialog)."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translators: list[QTranslator] = []
        self.lang = "en"

    def install(self, lang: str) -> bool:
        """Install `lang` (English is the source language: nothing to load); True when ours loaded."""
        for translator in self._translators:
            self._app.removeTranslator(translator)
        self._translators = []
        self.lang = lang
        # Qt's own words that come from the locale, not a translator (the calendar's month and
        # day names): widgets made from now on, and the window's (MainWindow.set_language)
        QLocale.setDefault(qt_locale(lang))
        if lang == "en":
            return True
        ours = QTranslator(self._app)
        ok = ours.load(str(resources.assets_dir() / "i18n" / f"reviewer_{lang}.qm"))
        qt = QTranslator(self._app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for translator, loaded in ((ours, ok), (qt, qt.load(f"qtbase_{lang}", qt_dir))):
            if loaded:
                self._app.installTranslator(translator)
                self._translators.append(translator)
        return ok
