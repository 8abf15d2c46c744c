"""File dialogs that never open the files they list.

POSIX locks belong to a process, and closing any descriptor of a file drops every lock the
process holds on it. Qt's own file dialog guesses each listed file's type by reading its first
bytes (and GTK's in-process dialog does the same through GIO): listing the folder of the open
database opened and closed `program.db`, `-wal` and `-shm`, which silently dropped the desktop's
SQLite locks. The next process to close the database then took it for the last user,
checkpointed it and deleted the `-wal` and `-shm` the desktop was still writing to (issue 11).

So on POSIX systems every dialog is Qt's own, with an icon provider that names types from the
file name alone. Windows locks belong to handles, not processes, and keeps its native dialog.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import (
    QCoreApplication,
    QFileInfo,
    QIdentityProxyModel,
    QLocale,
    QMimeDatabase,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QFileDialog,
    QFileIconProvider,
    QFileSystemModel,
    QHeaderView,
    QSplitter,
    QTreeView,
    QWidget,
)


class NameOnlyIconProvider(QFileIconProvider):
    """Icons and type names from a file's name and kind, never from its content."""

    def __init__(self) -> None:
        super().__init__()
        self._mimes = QMimeDatabase()

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return QCoreApplication.translate("NameOnlyIconProvider", "Folder")
        mime = self._mimes.mimeTypeForFile(info.fileName(), QMimeDatabase.MatchMode.MatchExtension)
        return mime.comment()

    def icon(self, what: QFileIconProvider.IconType | QFileInfo) -> QIcon:
        if isinstance(what, QFileInfo):
            kind = QFileIconProvider.IconType.Folder if what.isDir() else QFileIconProvider.IconType.File
            return super().icon(kind)
        return super().icon(what)


class LocaleColumns(QIdentityProxyModel):
    """The size and date columns in the window's language. Qt's file model words them in the
    system's locale: "217 bytes" and "7 12 2026 11:29" in the Japanese dialog (a C locale)."""

    SIZE, MODIFIED = 1, 3

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        source = self.sourceModel()
        column = index.column()
        if (
            role == Qt.ItemDataRole.DisplayRole
            and column in (self.SIZE, self.MODIFIED)
            and isinstance(source, QFileSystemModel)
        ):
            info = source.fileInfo(self.mapToSource(index))  # the listing's stat: nothing opened
            locale = QLocale()  # the window's language (i18n.Translations sets it)
            if column == self.SIZE:
                return "" if info.isDir() else locale.formattedDataSize(info.size())
            return locale.toString(info.lastModified(), QLocale.FormatType.ShortFormat)
        return super().data(index, role)


_PROVIDER: NameOnlyIconProvider | None = None


def _dialog(parent: QWidget | None, caption: str, folder: str, filters: str) -> QFileDialog:
    global _PROVIDER
    dialog = QFileDialog(parent, caption, folder, filters)
    if sys.platform != "win32":
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        # Qt's own translation (qtbase_ja) leaves these two labels of its dialog in English
        label = QFileDialog.DialogLabel
        dialog.setLabelText(label.LookIn, QCoreApplication.translate("FileDialogs", "Look in:"))
        dialog.setLabelText(label.FileType, QCoreApplication.translate("FileDialogs", "Files of type:"))
        if _PROVIDER is None:
            _PROVIDER = NameOnlyIconProvider()
        dialog.setIconProvider(_PROVIDER)
        dialog.setProxyModel(LocaleColumns(dialog))
        dialog.resize(820, 480)
        # the size, type and date as wide as their words ("21…イト", "CS…ント", "2026/1… 11:29")
        details = dialog.findChild(QTreeView, "treeView")
        if details is not None:
            header = details.header()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            for column in (LocaleColumns.SIZE, 2, LocaleColumns.MODIFIED):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        places = dialog.findChild(QSplitter, "splitter")
        if places is not None:
            places.setSizes([170, 650])  # "コンピューター" whole in the places on the left
    return dialog


def open_file_names(parent: QWidget | None, caption: str, folder: str = "", filters: str = "") -> list[str]:
    """The existing files a person chose, or [] when cancelled."""
    dialog = _dialog(parent, caption, folder, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return dialog.selectedFiles() if dialog.exec() else []


def open_file_name(parent: QWidget | None, caption: str, folder: str = "", filters: str = "") -> str:
    """The existing file a person chose, or "" when cancelled."""
    dialog = _dialog(parent, caption, folder, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    chosen = dialog.selectedFiles() if dialog.exec() else []
    return chosen[0] if chosen else ""


def save_file_name(parent: QWidget | None, caption: str, folder: str = "", filters: str = "") -> str:
    """The file a person chose to write, or "" when cancelled (Qt asks before replacing one)."""
    dialog = _dialog(parent, caption, folder, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    chosen = dialog.selectedFiles() if dialog.exec() else []
    return chosen[0] if chosen else ""
