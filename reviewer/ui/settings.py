"""Typed registry of the desktop's QSettings: window state, language, recent files."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")

ORGANIZATION = "NEDO-stage-gate"
APPLICATION = "reviewer"
MAX_RECENT = 8


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One key with its type and default; reading converts what QSettings stored back to `kind`."""

    key: str
    kind: type[T]
    default: T

    def read(self, store: QSettings) -> T:
        value = store.value(self.key, self.default)
        if value is None:
            return self.default
        if self.kind is list:
            if isinstance(value, str):
                return cast(T, [value] if value else [])
            return cast(T, list(cast(list[str], value)))
        if self.kind is QByteArray:
            return cast(T, value if isinstance(value, QByteArray) else QByteArray())
        convert = cast(Any, self.kind)
        return cast(T, convert(value))

    def write(self, store: QSettings, value: T) -> None:
        store.setValue(self.key, value)


LANGUAGE: Setting[str] = Setting("ui/language", str, "")  # "" follows the system locale
GEOMETRY: Setting[QByteArray] = Setting("window/geometry", QByteArray, QByteArray())
WINDOW_STATE: Setting[QByteArray] = Setting("window/state", QByteArray, QByteArray())
RECENT_FILES: Setting[list[str]] = Setting("files/recent", list, [])
LAST_SCREEN: Setting[int] = Setting("window/screen", int, 0)


def open_settings(path: str | None = None) -> QSettings:
    """The settings store: the user's, or an INI file at `path` (tests and benches use their own)."""
    if path is not None:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)


def add_recent(store: QSettings, path: str) -> list[str]:
    """Put `path` first in the recent files; returns the new list."""
    recent = [p for p in RECENT_FILES.read(store) if p != path]
    recent.insert(0, path)
    del recent[MAX_RECENT:]
    RECENT_FILES.write(store, recent)
    return recent
