"""The settings dialog: the desktop's preferences (language), kept in QSettings through ui/settings.py."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from reviewer.ui import settings

# what the language box offers: "" follows the system locale
LANGUAGE_CHOICES = ("", "ja", "en")


class SettingsDialog(QDialog):
    """Edits the typed settings; `save` writes them and returns the language to show now ("" = system)."""

    def __init__(self, store: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(380)
        form = QFormLayout(self)
        self.language = QComboBox()
        names = {"": self.tr("System language"), "ja": "日本語", "en": "English"}
        for key in LANGUAGE_CHOICES:
            self.language.addItem(names[key], key)
        current = settings.LANGUAGE.read(store)
        self.language.setCurrentIndex(max(self.language.findData(current), 0))
        self.language_label = QLabel(self.tr("Language"))
        form.addRow(self.language_label, self.language)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def chosen_language(self) -> str:
        value = self.language.currentData()
        return value if isinstance(value, str) else ""

    def save(self) -> str:
        """Write the chosen settings; returns the chosen language ("" follows the system)."""
        lang = self.chosen_language()
        settings.LANGUAGE.write(self.store, lang)
        return lang
