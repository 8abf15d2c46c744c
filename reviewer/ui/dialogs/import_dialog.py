"""The import dialog: each file's detected format and first records, the options a format needs, Import."""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import Enum
from pathlib import Path

import shiboken6
from PySide6.QtCore import QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewer import importers
from reviewer.core.errors import InputRefused, Problem
from reviewer.core.limits import TextKind
from reviewer.core.models import BenchmarkResultRecord, FleetRecord, ModelReleaseRecord, Place, SheetRow
from reviewer.core.normalize import fold
from reviewer.services import evidence_table
from reviewer.services.evidence import ImportOptions
from reviewer.services.import_preview import FilePreview, preview_file
from reviewer.ui import errors, file_dialogs, labels
from reviewer.ui.models.table import OBJECT_ROLE, QT_TRANSLATE_NOOP, Column, RecordTableModel
from reviewer.ui.session import AppContext
from reviewer.ui.text_limits import first_over_limit, limit_text
from reviewer.ui.views.base import fill_width, table_view
from reviewer.ui.workers import Task

# the options settle this long after the last keystroke before the preview is read again
PREVIEW_DELAY_MS = 400


class PreviewColumn(Enum):
    FILE = 0
    FORMAT = 1
    ENCODING = 2
    RECORDS = 3
    PROBLEMS = 4


def preview_columns(lang: str) -> list[Column[FilePreview]]:
    """The files' table; a format by its name in `lang`, never its code ("fleet-report")."""
    return [
        Column(PreviewColumn.FILE, QT_TRANSLATE_NOOP("Columns", "File"), lambda p: p.path.name),
        Column(
            PreviewColumn.FORMAT,
            QT_TRANSLATE_NOOP("Columns", "Format"),
            lambda p: labels.format_name(p.format, lang),
        ),
        Column(PreviewColumn.ENCODING, QT_TRANSLATE_NOOP("Columns", "Encoding"), lambda p: p.encoding or ""),
        Column(
            PreviewColumn.RECORDS,
            QT_TRANSLATE_NOOP("Columns", "Records shown"),
            lambda p: str(len(p.records)),
            lambda p: len(p.records),
            True,
        ),
        Column(
            PreviewColumn.PROBLEMS,
            QT_TRANSLATE_NOOP("Columns", "Problems"),
            lambda p: f"{p.total_problems:,}",
            lambda p: p.total_problems,
            True,
        ),
    ]


def _read_previews(db_path: Path, jobs: list[tuple[Path, ImportOptions]]) -> list[FilePreview]:
    """On a reader thread: one read-only connection, each file previewed (an unreadable file too)."""
    db = evidence_table.open_program(db_path, readonly=True)
    try:
        out = []
        for path, options in jobs:
            try:
                out.append(preview_file(db, path, options))
            except Exception as exc:  # one unreadable file must not hide the others' previews
                reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
                problem = Problem(path.name, "E-FILE", params={"reason": reason})
                out.append(FilePreview(path, None, (), (problem,), 1))
        return out
    finally:
        db.close()


class ImportDialog(QDialog):
    """What the chosen files would import, before anything is written.

    Detection and the preview run on a reader thread (a file may be large) and again a moment
    after an option changes. Accepting hands the files and `options()` to the window's imports:
    the writer thread, with progress and Cancel in the status bar.
    """

    previewed = Signal()

    def __init__(self, ctx: AppContext, paths: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.paths = paths
        self.previews: list[FilePreview] = []
        self._generation = 0
        self._tasks: list[Task] = []
        # the shared pool: closing the dialog must not wait for a preview still reading
        self._readers = QThreadPool.globalInstance()
        self.setWindowTitle(self.tr("Import evidence"))
        self.resize(900, 640)
        layout = QVBoxLayout(self)
        self.model: RecordTableModel[FilePreview] = RecordTableModel(preview_columns(ctx.lang), self)
        self.table = table_view()
        self.table.setModel(self.model)
        self.table.setMaximumHeight(160)
        layout.addWidget(self.table)
        form = QFormLayout()
        self.format = QComboBox()
        self.format.addItem(self.tr("Detect from the content"), None)
        for name in importers.FORMATS:
            self.format.addItem(labels.format_name(name, ctx.lang), name)
        self.model_name = QLineEdit()
        self.model_name.setPlaceholderText(
            self.tr("when the file names none (LeRobot, .eval_results, lm-eval)")
        )
        self.effective_date = QLineEdit()
        self.effective_date.setPlaceholderText(self.tr("YYYY-MM-DD, when the file gives no date"))
        self.operator = QLineEdit()
        limit_text(self.model_name, TextKind.NAME)  # SPEC §10, as services.evidence holds them
        limit_text(self.operator, TextKind.NAME)
        self.industry = QComboBox()
        self.industry.addItem("", None)
        for industry in ctx.plan.industries:
            name = industry.names.ja if ctx.lang == "ja" else industry.names.en
            self.industry.addItem(name, industry.code)  # words, not the code (food_service)
        # a fleet record's industry is the file's text ("medical", "医療"): shown by the plan's word
        # for the industry it resolves to, as the import resolves it (code or name, folded)
        self._industries = {
            fold(key): (i.names.ja, i.names.en)
            for i in ctx.plan.industries
            for key in (i.code, i.names.ja, i.names.en)
        }
        # SPEC §4: the decision on a text file's encoding may be overridden, never its strictness
        self.encoding = QComboBox()
        self.encoding.addItem(self.tr("Automatic (UTF-8, else CP932)"), None)
        self.encoding.addItem("UTF-8", "utf-8")
        self.encoding.addItem(self.tr("CP932 (Japanese Windows, Excel)"), "cp932")
        # SPEC §4: a workbook with several visible worksheets needs one named; shown when one has
        self.sheet = QComboBox()
        self.sheet.addItem(self.tr("Choose a worksheet"), None)
        self.sheet_label = QLabel(self.tr("Worksheet"))
        registry_row = QHBoxLayout()
        self.registry = QLineEdit()
        self.browse = QPushButton(self.tr("Browse…"))
        registry_row.addWidget(self.registry, 1)
        registry_row.addWidget(self.browse)
        for text, field in (
            (self.tr("Format"), self.format),
            (self.tr("Model"), self.model_name),
            (self.tr("Effective date"), self.effective_date),
            (self.tr("Operator (telemetry)"), self.operator),
            (self.tr("Industry (telemetry)"), self.industry),
            (self.tr("Text encoding"), self.encoding),
        ):
            form.addRow(QLabel(text), field)
        form.addRow(self.sheet_label, self.sheet)
        self.sheet_label.hide()
        self.sheet.hide()
        form.addRow(QLabel(self.tr("Robot registry (telemetry)")), registry_row)
        layout.addLayout(form)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        layout.addWidget(self.preview, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(PREVIEW_DELAY_MS)
        self._delay.timeout.connect(self.refresh)
        for edit in (self.model_name, self.effective_date, self.operator, self.registry):
            edit.textChanged.connect(lambda _t: self._delay.start())
        for combo in (self.format, self.industry, self.encoding, self.sheet):
            combo.currentIndexChanged.connect(lambda _i: self._delay.start())
        self.browse.clicked.connect(self._choose_registry)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.refresh()

    # -- options --------------------------------------------------------------------------------
    def options(self) -> ImportOptions:
        """The options as entered. Raises ValueError for a date that is not YYYY-MM-DD."""
        text = self.effective_date.text().strip()
        registry = self.registry.text().strip()
        return ImportOptions(
            format=self.format.currentData(),
            model=self.model_name.text().strip() or None,
            effective_date=dt.date.fromisoformat(text) if text else None,
            operator=self.operator.text().strip() or None,
            industry=self.industry.currentData(),
            registry=Path(registry) if registry else None,
            encoding=self.encoding.currentData(),
            sheet=self.sheet.currentData(),
        )

    def options_for(self, path: Path) -> ImportOptions:
        """The options as entered, for one of the files: the worksheet chosen applies to the
        workbooks that have it among their visible sheets, not to the other files chosen with them."""
        options = self.options()
        found = next((p for p in self.previews if p.path == path), None)
        if options.sheet is not None and (found is None or options.sheet not in found.sheets):
            options = dataclasses.replace(options, sheet=None)
        return options

    def accept(self) -> None:
        """Import only with options that read: a date typed a moment ago is checked here too,
        and a name over its limit (SPEC §10) is refused here, with its length, not cut short."""
        try:
            self.options()
        except ValueError:
            self.status.setText(self.tr("The effective date must be written YYYY-MM-DD."))
            self.import_button.setEnabled(False)
            return
        over = first_over_limit(self)
        if over is not None:
            field, message = over
            self.status.setText(message)
            field.setFocus()
            return
        super().accept()

    def done(self, result: int) -> None:
        self._generation += 1  # a preview still reading is not wanted any more
        self._delay.stop()
        super().done(result)

    def _choose_registry(self) -> None:
        name = file_dialogs.open_file_name(self, self.tr("Robot registry"), "", "CSV (*.csv)")
        if name:
            self.registry.setText(name)

    # -- the preview ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read each file's format and first records again, on a reader thread."""
        self._generation += 1  # whatever is still being read was read with other options
        try:
            self.options()
        except ValueError:
            self.status.setText(self.tr("The effective date must be written YYYY-MM-DD."))
            self.import_button.setEnabled(False)
            return
        self.import_button.setEnabled(True)
        self.status.setText(self.tr("Reading the files…"))
        generation, db_path = self._generation, self.ctx.path
        jobs = [(path, self.options_for(path)) for path in self.paths]
        task = Task(lambda _p, _c: _read_previews(db_path, jobs))
        task.signals.finished.connect(lambda result: self._on_previews_read(generation, result))
        task.signals.failed.connect(lambda exc: self._on_previews_failed(generation, exc))
        self._tasks.append(task)
        task.signals.finished.connect(lambda _r, t=task: self._tasks.remove(t))
        task.signals.failed.connect(lambda _e, t=task: self._tasks.remove(t))
        self._readers.start(task)

    def _on_previews_read(self, generation: int, result: object) -> None:
        if not shiboken6.isValid(self) or generation != self._generation or not isinstance(result, list):
            return  # the dialog is gone, or this was read with options that have changed since
        self.previews = result
        self._offer_sheets(result)
        self.model.set_rows(result)
        self.table.resizeColumnsToContents()
        fill_width(self.table)
        ready = sum(1 for p in result if p.format is not None and not p.total_problems)
        self.status.setText(
            self.tr("%1 of %2 files read without problems in their first records.")
            .replace("%1", str(ready))
            .replace("%2", str(len(result)))
        )
        if result and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self._show_selected()
        self.previewed.emit()

    def _offer_sheets(self, previews: list[FilePreview]) -> None:
        """Offer the visible worksheets of the workbooks that have several (kept once chosen)."""
        names = list(dict.fromkeys(name for p in previews for name in p.sheets))
        known = [self.sheet.itemData(i) for i in range(1, self.sheet.count())]
        if names != known:
            chosen = self.sheet.currentData()
            self.sheet.blockSignals(True)  # refilling is no new choice: no second preview
            while self.sheet.count() > 1:
                self.sheet.removeItem(1)
            for name in names:
                self.sheet.addItem(name, name)
            self.sheet.setCurrentIndex(max(self.sheet.findData(chosen), 0) if chosen in names else 0)
            self.sheet.blockSignals(False)
        shown = bool(names) or self.sheet.currentData() is not None
        self.sheet_label.setVisible(shown)
        self.sheet.setVisible(shown)

    def _on_previews_failed(self, generation: int, exc: object) -> None:
        if shiboken6.isValid(self) and generation == self._generation:
            self.status.setText(errors.describe(exc, self.ctx.lang) if isinstance(exc, BaseException) else "")
            self.previewed.emit()

    def _show_selected(self) -> None:
        indexes = self.table.selectionModel().selectedRows()
        found = indexes[0].data(OBJECT_ROLE) if indexes else None
        self.preview.setPlainText(self.preview_text(found) if isinstance(found, FilePreview) else "")

    def preview_text(self, found: FilePreview) -> str:
        """The file's problems, then its first records, one a line."""
        lang = self.ctx.lang
        lines: list[str] = []
        if found.partial:
            lines.append(self.tr("Only the file's first MiB was read for this preview."))
        if found.problems:
            lines.append(
                self.tr("%1 problems; the file will be refused:").replace("%1", f"{found.total_problems:,}")
            )
            lines += errors.problem_lines(InputRefused(list(found.problems), found.total_problems), lang)
            lines.append("")
        if found.records:
            lines.append(self.tr("First records:"))
            lines += [f"{self._place(r)}  {self._record(r)}" for r in found.records]
        return "\n".join(lines)

    def _place(self, record: object) -> str:
        place = getattr(record, "place", None)
        if not isinstance(place, Place):
            return ""
        if place.first_message is not None:
            return (
                self.tr("lines %1–%2 (%3 messages)")
                .replace("%1", str(place.first_message))
                .replace("%2", str(place.last_message))
                .replace("%3", str(place.message_count))
            )
        if place.line is not None:
            return self.tr("line %1").replace("%1", str(place.line))
        return place.json_path or ""

    def _record(self, record: object) -> str:
        lang = self.ctx.lang
        if isinstance(record, FleetRecord):
            words = self._industries.get(fold(record.industry))
            industry = record.industry if words is None else words[0] if lang == "ja" else words[1]
            return f"{record.period} · {industry} · {record.operator} · " + (
                self.tr("%1 deployed, %2 active, %3 hours")
                .replace("%1", f"{record.robots_deployed:,}")
                .replace("%2", f"{record.robots_active:,}")
                .replace("%3", labels.number(record.operating_hours, lang))
            )
        if isinstance(record, BenchmarkResultRecord):
            name = record.names[0] if record.names else "—"
            shown = f"{record.model} · {name} · {record.metric or '—'} = {labels.number(record.value, lang)}"
            # the source's own words beside the value: llm-jp-eval's "dev, 100 samples", a card's source
            return shown + (f" ({record.source})" if record.source else "")
        if isinstance(record, ModelReleaseRecord):
            day = labels.date(record.effective_date, lang) if record.effective_date else "—"
            return self.tr("model release %1, %2").replace("%1", record.name).replace("%2", day)
        if isinstance(record, SheetRow):
            fy = labels.fiscal_year(record.fy, lang)
            return f"{record.reviewer} · {fy} · {record.target} · {record.rating or '—'}"
        return str(record)
