"""Report: rendered by the product's own `report` command in a child process, previewed with QtPdf."""

from __future__ import annotations

import functools
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QProcess, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from reviewer import messages
from reviewer.ui import file_dialogs, labels
from reviewer.ui.jobs import JobKind, JobState

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument as QPdfDocumentType

    from reviewer.ui.dialogs.key_dialog import KeyDialog
    from reviewer.ui.views.pdf_preview import PdfPreview
from reviewer.ui.session import AppContext
from reviewer.ui.views.base import Screen, heading, plain_label


class ReportView(Screen):
    """A render never runs in this process: WeasyPrint in a thread stalled the UI for 0.44 s."""

    render_finished = Signal(bool)  # True when a preview was rendered
    export_finished = Signal(bool)  # True when a report signed by key was exported

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._job = 0  # the running render's or export's job in the Jobs panel
        layout = QVBoxLayout(self)
        self.title = heading()
        layout.addWidget(self.title)
        bar = QHBoxLayout()
        self.language = QComboBox()
        self.edition = QComboBox()
        self.render_button = QPushButton()
        self.cancel = QPushButton()
        self.export = QPushButton()
        for w in (self.language, self.edition, self.render_button, self.cancel, self.export):
            bar.addWidget(w)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # indeterminate: the child reports no steps
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.message = plain_label()
        layout.addWidget(self.message)
        self.preview_area = QStackedLayout()
        self.placeholder = plain_label()
        self.preview_area.addWidget(self.placeholder)
        layout.addLayout(self.preview_area, 1)
        self.process: QProcess | None = None
        self.pdf_path: Path | None = None
        self._folder = Path(tempfile.mkdtemp(prefix="reviewer-preview-"))
        # The rendered previews (an internal edition holds confidential rows) go with the screen:
        # another database opened, the window closed, or the application quitting. They were
        # left in the temporary folder, one folder per screen ever built.
        remove = functools.partial(shutil.rmtree, self._folder, ignore_errors=True)
        self.destroyed.connect(lambda *_: remove())
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(remove)
        self._pdf_view: QWidget | None = None
        self._document: QPdfDocumentType | None = None
        self.key_dialog: KeyDialog | None = None  # the officer's key being asked for an export
        self._preview: PdfPreview | None = None
        # the preview shows the file as it was when rendered: any later write makes it out of date,
        # hidden or not (Export from the menu reaches this screen without showing it)
        self.out_of_date = False
        ctx.data_changed.connect(self._on_data_written)
        ctx.fy_changed.connect(lambda _fy: self._on_data_written())
        self.render_button.clicked.connect(self.start_render)
        self.cancel.clicked.connect(self.cancel_render)
        self.export.clicked.connect(self.export_pdf)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Report, %1").replace("%1", labels.fiscal_year(self.ctx.fy, self.lang)))
        for combo, items in (
            (self.language, (("ja", "日本語"), ("en", "English"))),
            (
                self.edition,
                (("internal", self.tr("Internal edition")), ("public", self.tr("Public edition"))),
            ),
        ):
            # the report's language follows the window's whenever the window's changes
            current = self.lang if combo is self.language else combo.currentData()
            combo.clear()
            for key, text in items:
                combo.addItem(text, key)
            combo.setCurrentIndex(max(combo.findData(current), 0))
        self.render_button.setText(self.tr("Render preview"))
        self.cancel.setText(self.tr("Cancel"))
        self.export.setText(self.tr("Export PDF…"))
        self.placeholder.setText(
            self.tr("Render a preview to see the report here. Drafts carry a DRAFT watermark.")
        )
        if self._preview is not None:
            self._preview.retranslate()
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self.process is not None
        self.progress.setVisible(running)
        self.language.setEnabled(not running)
        self.edition.setEnabled(not running)
        self.render_button.setEnabled(not running)
        self.cancel.setEnabled(running)
        self.export.setEnabled(not running and self.pdf_path is not None and not self.out_of_date)

    def _on_data_written(self) -> None:
        # a render under way read the file before this write: its result is out of date too
        if (self.pdf_path is not None or self.process is not None) and not self.out_of_date:
            self.out_of_date = True
            self._say_out_of_date()
            self._update_buttons()

    def _say_out_of_date(self) -> None:
        self.message.setText(
            self.tr(
                "The preview is out of date: the file has changed since it was rendered. Render it again."
            )
        )

    def arguments(self, out: Path) -> list[str]:
        """The child's command line: the product's own `report` command."""
        return [
            "-m", "reviewer", "--db", str(self.ctx.path), "--lang", str(self.language.currentData()),
            "report", "--fy", str(self.ctx.fy), "--edition", str(self.edition.currentData()), "-o", str(out),
        ]  # fmt: skip

    def start_render(self) -> None:
        if self.process is not None:
            return
        out = (
            self._folder
            / f"report-{self.ctx.fy}-{self.language.currentData()}-{self.edition.currentData()}.pdf"
        )
        out.unlink(missing_ok=True)
        process = QProcess(self)
        process.setProgram(sys.executable)
        process.setArguments(self.arguments(out))
        process.finished.connect(lambda code, _status: self._on_process_finished(code, out))
        self.process = process
        self._job = self.ctx.jobs.start(JobKind.RENDER, out.name)
        self.cancelled = False
        self.out_of_date = False
        self.message.setText(self.tr("Rendering in a separate process…"))
        process.start()
        self._update_buttons()

    def cancel_render(self) -> None:
        """Kill the child: its temporary file is never renamed, so no partial PDF is left."""
        if self.process is not None:
            self.cancelled = True
            self.process.kill()
            self.process.waitForFinished(3000)

    def _on_process_finished(self, code: int, out: Path) -> None:
        process, self.process = self.process, None
        output = ""
        if process is not None:
            output = bytes(process.readAllStandardError().data()).decode("utf-8", "replace").strip()
            output = (
                output or bytes(process.readAllStandardOutput().data()).decode("utf-8", "replace").strip()
            )
        jobs = self.ctx.jobs
        if code == 0 and out.exists():
            self.pdf_path = out
            if self.out_of_date:
                self._say_out_of_date()
            else:
                self.message.setText(self.tr("Preview rendered."))
            self._show_pdf(out)
            rendered = functools.partial(messages.text, "jobs-rendered")
            jobs.finish(self._job, JobState.DONE, rendered, output=out)
        elif getattr(self, "cancelled", False):
            self.pdf_path = None
            self.message.setText(self.tr("Rendering cancelled; no file was left."))
            cancelled = functools.partial(messages.text, "jobs-render-cancelled")
            jobs.finish(self._job, JobState.CANCELLED, cancelled)
        else:
            self.pdf_path = None
            self.message.setText(
                self.tr("The report could not be rendered: %1").replace("%1", output or str(code))
            )
            jobs.finish(self._job, JobState.FAILED, self.message.text(), output or str(code))
        self._update_buttons()
        self.render_finished.emit(self.pdf_path is not None)

    def _show_pdf(self, path: Path) -> None:
        # QtPdf loads only when a preview is shown: start-up does not pay for it
        from reviewer.ui.views.pdf_preview import PdfPreview

        if self._preview is None:
            self._preview = PdfPreview(self)
            self.preview_area.addWidget(self._preview)
            self._pdf_view = self._preview.view  # the QPdfView itself (SPEC §9)
            self._document = self._preview.document
        self._preview.load(path)
        self.preview_area.setCurrentWidget(self._preview)

    def export_pdf(self) -> None:
        """Save the previewed PDF where the user chooses."""
        if self.out_of_date:
            self._say_out_of_date()
            return
        if self.pdf_path is None:
            return
        target = file_dialogs.save_file_name(self, self.tr("Export PDF"), self.pdf_path.name, "PDF (*.pdf)")
        if not target:
            return
        if self.ctx.fy_signed:
            self.ask_key_and_export(Path(target))
        else:
            self.export_to(Path(target))

    def ask_key_and_export(self, target: Path) -> None:
        """A signed FY: ask for the officer's key (or go on without one), window-modal."""
        from reviewer.ui.dialogs.key_dialog import KeyDialog

        dialog = KeyDialog(
            self.tr("Sign the exported report"),
            self.tr(
                "This FY is signed. With the key that signed it, the exported PDF carries a PAdES"
                " signature anyone can check; without it, the report says it is not signed by key."
            ),
            allow_skip=True,
            parent=self,
        )
        self.key_dialog = dialog

        def answered(result: int) -> None:
            self.key_dialog = None
            if result != KeyDialog.DialogCode.Accepted:
                return
            if dialog.skipped:
                self.export_to(target)
            else:
                self.export_signed(target, dialog.key_file(), dialog.passphrase.text())

        dialog.finished.connect(answered)
        dialog.open()

    def export_signed(self, target: Path, key_file: Path, passphrase: str) -> None:
        """Issue the report again in the child process with the key, straight to `target`: the
        provenance page then says it is signed by key, and the PDF carries the signature."""
        if self.process is not None:
            return
        secret = self._folder / "passphrase"
        secret.unlink(missing_ok=True)
        fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # owner only, gone after
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(passphrase + "\n")
        process = QProcess(self)
        process.setProgram(sys.executable)
        arguments = [*self.arguments(target), "--key", str(key_file), "--passphrase-file", str(secret)]
        process.setArguments(arguments)
        process.finished.connect(lambda code, _status: self._on_signed_export_finished(code, target, secret))
        self.process = process
        self._job = self.ctx.jobs.start(JobKind.EXPORT, target.name)
        self.cancelled = False
        self.message.setText(self.tr("Issuing the report signed by key…"))
        process.start()
        self._update_buttons()

    def _on_signed_export_finished(self, code: int, target: Path, secret: Path) -> None:
        secret.unlink(missing_ok=True)
        process, self.process = self.process, None
        output = ""
        if process is not None:
            output = bytes(process.readAllStandardError().data()).decode("utf-8", "replace").strip()
        ok = code == 0 and target.exists()
        if ok:
            self.message.setText(self.tr("Exported to %1, signed by key.").replace("%1", str(target)))
            self.ctx.jobs.finish(self._job, JobState.DONE, self.message.text(), output=target)
        else:
            self.message.setText(
                self.tr("Could not export to %1: %2")
                .replace("%1", str(target))
                .replace("%2", output or str(code))
            )
            self.ctx.jobs.finish(self._job, JobState.FAILED, self.message.text())
        self._update_buttons()
        self.export_finished.emit(ok)

    def export_to(self, target: Path) -> bool:
        """Copy the rendered PDF (this language and edition) to `target`; False when none is rendered
        or when it is out of date (a draft rendered before a sign-off is never exported silently)."""
        if self.pdf_path is None:
            return False
        if self.out_of_date:
            self._say_out_of_date()
            return False
        from reviewer.store.db import touches_database

        jobs = self.ctx.jobs
        if target.exists() and touches_database(self.ctx.path, target):  # never over the database
            text = self.tr("%1 is the open database itself: choose another file name.")
            self.message.setText(text.replace("%1", str(target)))
            jobs.note(JobKind.EXPORT, target.name, JobState.FAILED, self.message.text())
            return False
        try:
            shutil.copyfile(self.pdf_path, target)
        except OSError as exc:
            self.message.setText(
                self.tr("Could not export to %1: %2")
                .replace("%1", str(target))
                .replace("%2", exc.strerror or str(exc))
            )
            jobs.note(JobKind.EXPORT, target.name, JobState.FAILED, self.message.text())
            return False
        self.message.setText(self.tr("Exported to %1.").replace("%1", str(target)))
        job = jobs.start(JobKind.EXPORT, target.name)
        exported = functools.partial(messages.text, "jobs-exported", path=str(target))
        jobs.finish(job, JobState.DONE, exported, output=target)
        return True
