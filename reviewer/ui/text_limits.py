"""SPEC §10's text limits in the desktop's fields: the same table as every other path in.

A field over its limit is never cut short (Qt's own `maxLength` would drop the end of a paste
without a word): it keeps every character, turns red, and says how long it is against the
limit, at the field and in the window's status bar. The service it feeds refuses the text
(E-TOO-LONG) if it is saved anyway, so nothing over the limit is ever stored.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QLineEdit, QMainWindow, QPlainTextEdit, QToolTip

from reviewer.core.limits import MAX_CHARS, TextKind

TextField = QLineEdit | QPlainTextEdit

_PROPERTY = "overLimit"
_RED = "border: 2px solid #b00020;"
# Qt's QLineEdit holds at most 32,767 characters by default and silently drops the rest of a
# paste; our limits are lower, so a field may hold more than its limit and be told so instead.
_LINE_EDIT_ROOM = 1_000_000


def _text(field: TextField) -> str:
    return field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()


def over_limit_message(field: TextField) -> str | None:
    """What is wrong with the field's length ("12,345 characters, more than the limit of
    10,000"), or None when it fits or has no limit."""
    kind = field.property("textKind")
    if not isinstance(kind, str):
        return None
    limit = MAX_CHARS[TextKind(kind)]
    length = len(_text(field))
    if length <= limit:
        return None
    return (
        QCoreApplication.translate("TextLimits", "%1 characters, more than the limit of %2.")
        .replace("%1", f"{length:,}")
        .replace("%2", f"{limit:,}")
    )


def limit_text(field: TextField, kind: TextKind) -> None:
    """Hold `field` to `kind`'s limit: marked while over it, never truncated."""
    field.setProperty("textKind", kind.value)
    if isinstance(field, QLineEdit):
        field.setMaxLength(_LINE_EDIT_ROOM)
    field.textChanged.connect(lambda *_: _check(field))
    _check(field)


def _check(field: TextField) -> None:
    message = over_limit_message(field)
    was_over = bool(field.property(_PROPERTY))
    if message is None and not was_over:
        return
    field.setProperty(_PROPERTY, message is not None)
    field.setToolTip(message or "")
    style = field.styleSheet().replace(_RED, "")
    field.setStyleSheet(style + _RED if message is not None else style)
    window = field.window()
    if message is not None:
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(message)
        if field.isVisible():
            QToolTip.showText(field.mapToGlobal(field.rect().bottomLeft()), message, field)
    elif was_over and isinstance(window, QMainWindow):
        window.statusBar().clearMessage()


def first_over_limit(root: QObject) -> tuple[TextField, str] | None:
    """The first field under `root` that is over its limit, with its message (None: all fit)."""
    for field in root.findChildren(QLineEdit) + root.findChildren(QPlainTextEdit):
        message = over_limit_message(field)
        if message is not None:
            return field, message
    return None
