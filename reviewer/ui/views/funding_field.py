"""The funding amount as people type it: yen with thousands separators as you type, and a hint
with the most it may be and the amount in words (億円 / ¥ billion). The decision form and the
Amend dialog share it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLineEdit

from reviewer.ui import labels
from reviewer.ui.views.base import plain_label


class FundingField(QObject):
    """A line edit (`edit`) and its hint label (`hint`); `limit` gives the most the funding may
    be (ceiling − committed), `lang` the language in use."""

    def __init__(
        self, limit: Callable[[], int], lang: Callable[[], str], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._limit = limit
        self._lang = lang
        self.edit = QLineEdit()
        self.hint = plain_label()
        self.edit.textChanged.connect(self.show_hint)
        self.edit.textEdited.connect(self._group_digits)

    def amount(self) -> int | None:
        """The amount typed, in yen (empty: 0); None when it is not a whole number."""
        digits = self.edit.text().replace(",", "").strip() or "0"
        return int(digits) if digits.isdecimal() else None

    def set_amount(self, yen: int | None) -> None:
        self.edit.setText("" if yen is None else f"{yen:,}")

    def show_hint(self) -> None:
        lang = self._lang()
        text = self.tr("At most %1 (ceiling − committed).").replace("%1", labels.yen(self._limit(), lang))
        typed = self.amount()
        if typed is not None and self.edit.text().strip():
            text += " " + labels.yen(typed, lang)
        self.hint.setText(text)

    def _group_digits(self, text: str) -> None:
        """Thousands separators as you type (387,300,000,000), the cursor kept after the same digit."""
        digits = text.replace(",", "")
        if not digits.isdecimal():
            return  # something else was typed: left as it is, refused on save with the reason
        cursor = self.edit.cursorPosition()
        digits_before = len(text[:cursor].replace(",", ""))
        grouped = f"{int(digits):,}"
        if grouped != text:
            self.edit.setText(grouped)
            # after the same number of digits as before the edit
            seen, position = 0, 0
            while seen < digits_before and position < len(grouped):
                seen += grouped[position] != ","
                position += 1
            self.edit.setCursorPosition(position)
