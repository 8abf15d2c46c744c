"""The dialog that asks for an officer's key file (PKCS#12) and its passphrase (SPEC §7).

Used to sign a decision and to export a signed FY's report with a PAdES signature; for an export
the officer may skip the key (the report then says "not signed by key").
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from reviewer.ui import file_dialogs


class KeyDialog(QDialog):
    """Key file and passphrase; `skipped` is True when the user chose to go on without a key."""

    def __init__(
        self, title: str, explanation: str, *, allow_skip: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.skipped = False
        form = QFormLayout(self)
        note = QLabel(explanation)
        note.setWordWrap(True)
        form.addRow(note)
        self.path = QLineEdit()
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout()
        row.addWidget(self.path)
        row.addWidget(browse)
        form.addRow(self.tr("Key file (PKCS#12)"), row)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Passphrase"), self.passphrase)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.skip_button: QPushButton | None = None
        if allow_skip:
            self.skip_button = self.buttons.addButton(
                self.tr("Without a key"), QDialogButtonBox.ButtonRole.ActionRole
            )
            self.skip_button.clicked.connect(self._on_skip_clicked)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.path.textChanged.connect(self._update_ok)
        self.passphrase.textChanged.connect(self._update_ok)
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.path.text().strip()) and bool(self.passphrase.text()))

    def _on_browse_clicked(self) -> None:
        chosen = file_dialogs.open_file_name(self, self.tr("Key file"), "", "PKCS#12 (*.p12 *.pfx)")
        if chosen:
            self.path.setText(chosen)

    def _on_skip_clicked(self) -> None:
        self.skipped = True
        self.accept()

    def key_file(self) -> Path:
        return Path(self.path.text().strip())
