"""Evidence: the large table (keyset windows), its filters, provenance and the raw record."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QItemSelection, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reviewer import messages
from reviewer.core.errors import InputRefused, Refused
from reviewer.core.models import EvidenceKind
from reviewer.services import desktop_reads, documents, evidence_table
from reviewer.services.disclosure import Target
from reviewer.services.evidence_table import EvidenceFilter, EvidenceRow
from reviewer.ui import errors, file_dialogs, labels
from reviewer.ui.dialogs.manual_evidence import ManualEvidenceDialog
from reviewer.ui.models.evidence_model import EvidenceTableModel
from reviewer.ui.models.table import OBJECT_ROLE
from reviewer.ui.session import AppContext
from reviewer.ui.views.base import Screen, heading, plain_label, table_view
from reviewer.ui.views.disclosure_box import DisclosureBox
from reviewer.ui.workers import Task

FILTER_DELAY_MS = 300


class EvidenceView(Screen):
    documents_attached = Signal(object)  # the list of documents.Attached
    manual_added = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = heading()
        top.addWidget(self.title, 1)
        self.milestone = QComboBox()
        self.milestone.setMinimumWidth(220)
        self.attach_button = QPushButton()
        self.manual_button = QPushButton()
        for button in (self.milestone, self.attach_button, self.manual_button):
            top.addWidget(button)
        layout.addLayout(top)
        self.message = plain_label()
        self.message.setVisible(False)
        layout.addWidget(self.message)
        self.attach_task: Task | None = None
        self.manual_dialog: ManualEvidenceDialog | None = None
        self.attach_button.clicked.connect(self.choose_documents)
        self.manual_button.clicked.connect(self.show_manual_dialog)
        bar = QHBoxLayout()
        self.kind = QComboBox()
        self.file_text = QLineEdit()
        self.file_text.setClearButtonEnabled(True)
        self.file_text.setMinimumWidth(190)  # its placeholder was cut to "Source file cont…"
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setSpecialValueText("—")  # the minimum date stands for "no bound"
            edit.setMinimumDate(QDate(1990, 1, 1))
            edit.setDate(edit.minimumDate())
            # an unset bound's calendar opens on this month, not on January 1990
            edit.calendarWidget().installEventFilter(self)
        self.date_from_label = plain_label()
        self.date_to_label = plain_label()
        for label, edit in ((self.date_from_label, self.date_from), (self.date_to_label, self.date_to)):
            label.setWordWrap(False)
            label.setBuddy(edit)
        self.count_label = plain_label()
        for w in (
            self.kind,
            self.file_text,
            self.date_from_label,
            self.date_from,
            self.date_to_label,
            self.date_to,
        ):
            bar.addWidget(w)
        bar.addWidget(self.count_label, 1)
        layout.addLayout(bar)
        splitter = QSplitter()
        self.reader = evidence_table.windows(ctx.db)
        industries = {i.code: (i.names.ja, i.names.en) for i in ctx.plan.industries}
        self.model = EvidenceTableModel(self.reader, ctx.lang, self, industries)
        self.table = table_view()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        splitter.addWidget(self.table)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.detail_title = plain_label()
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.open_document = QPushButton()
        self.open_document.setEnabled(False)
        right_layout.addWidget(self.detail_title)
        right_layout.addWidget(self.detail, 1)
        right_layout.addWidget(self.open_document)
        # the record in the detail pane, in the public edition of the FY in view (SPEC §8)
        self.disclosed = DisclosureBox(ctx, self._disclosure_target)
        right_layout.addWidget(self.disclosed)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self.kind.currentIndexChanged.connect(self._apply_filter)
        # the text filter applies as you type, once typing pauses (one SQL count per pause)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.file_text.textChanged.connect(lambda _t: self._filter_timer.start())
        self.file_text.editingFinished.connect(self._apply_filter)
        self._shown_id: int | None = None  # the record in the detail pane
        self._document_id: int | None = None  # that record, when it is a document
        # hands a file to the desktop; False when nothing there can open it
        self.open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl
        self.date_from.dateChanged.connect(self._apply_filter)
        self.date_to.dateChanged.connect(self._apply_filter)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.open_document.clicked.connect(self._on_open_document_clicked)
        self.retranslate()
        self._set_widths()
        self.set_writable(ctx.can_import)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            for edit in (self.date_from, self.date_to):
                calendar = edit.calendarWidget()
                if watched is calendar and edit.date() == edit.minimumDate():
                    today = QDate.currentDate()
                    calendar.setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)

    def _set_widths(self) -> None:
        # at 1280x720 the table has about 770 pixels beside the provenance pane: ID to Value fit
        # in them (the value was cut off at the pane's edge), file and place are a scroll away
        for column, width in enumerate((56, 116, 100, 168, 206, 90, 200)):
            self.table.setColumnWidth(column, width)

    def focus_filter(self) -> None:
        self.file_text.setFocus()
        self.file_text.selectAll()

    def current_filter(self) -> EvidenceFilter:
        kind = self.kind.currentData()
        start, end = self.date_from, self.date_to
        return EvidenceFilter(
            kind=kind if isinstance(kind, str) and kind else None,
            file_text=self.file_text.text().strip() or None,
            date_from=None if start.date() == start.minimumDate() else start.date().toString("yyyy-MM-dd"),
            date_to=None if end.date() == end.minimumDate() else end.date().toString("yyyy-MM-dd"),
        )

    def _apply_filter(self) -> None:
        self._filter_timer.stop()
        wanted = self.current_filter()
        if wanted == self.model.filter:
            return
        self.model.set_filter(wanted)
        self._clear_detail()  # the selection is gone with the old rows
        self._show_count()

    def _clear_detail(self) -> None:
        self._shown_id = None
        self._document_id = None
        self.detail.clear()
        self.open_document.setEnabled(False)
        self.disclosed.update_state()

    def _disclosure_target(self) -> Target | None:
        return None if self._shown_id is None else Target(evidence=self._shown_id)

    def refresh(self) -> None:
        self.model.refresh()
        self._fill_milestones()
        self._show_count()
        if self._shown_id is not None:  # re-read (a removed batch takes its records with it)
            self.show_detail(self._shown_id)

    def _fill_milestones(self) -> None:
        current = self.milestone.currentData()
        self.milestone.clear()
        for m in self.ctx.plan.milestones:
            if m.fy == self.ctx.fy:
                title = m.title.ja if self.lang == "ja" else m.title.en
                self.milestone.addItem(f"{m.code} {title}", m.code)
        self.milestone.setCurrentIndex(max(self.milestone.findData(current), 0))

    def set_writable(self, writable: bool) -> None:
        # documents and manual records are evidence: allowed in a signed FY's database too
        del writable
        allowed = self.ctx.can_import and self.milestone.count() > 0
        for w in (self.attach_button, self.manual_button, self.milestone):
            w.setEnabled(allowed)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- documents and manual records -----------------------------------------------------------
    def choose_documents(self) -> None:
        names = file_dialogs.open_file_names(
            self,
            self.tr("Attach documents to %1").replace("%1", str(self.milestone.currentData())),
            "",
            self.tr("Documents (*.pdf *.docx *.xlsx *.png *.jpg *.jpeg);;All files (*)"),
        )
        if names:
            self.attach_documents([Path(n) for n in names])

    def attach_documents(self, paths: list[Path]) -> Task | None:
        """Attach `paths` to the chosen milestone on the worker (each file its own transaction)."""
        code = self.milestone.currentData()
        if not isinstance(code, str) or not self.ctx.can_import:
            return None
        db_path = self.ctx.path
        task = Task(lambda _p, _c: desktop_reads.attach_at(db_path, code, paths))
        task.signals.finished.connect(self._on_attach_finished)
        task.signals.failed.connect(self._on_attach_failed)
        self._say(self.tr("Attaching %1 file(s)…").replace("%1", str(len(paths))))
        self.attach_task = self.ctx.runner.start(task)
        return task

    def _on_attach_finished(self, attached: object) -> None:
        done = attached if isinstance(attached, list) else []
        added = [a for a in done if not a.skipped]
        self._say(
            self.tr("%1 document(s) attached, %2 already there.")
            .replace("%1", str(len(added)))
            .replace("%2", str(len(done) - len(added)))
        )
        self.ctx.reload()
        self.documents_attached.emit(done)

    def _on_attach_failed(self, exc: object) -> None:
        self._say(errors.describe(exc, self.lang) if isinstance(exc, BaseException) else str(exc))
        self.ctx.reload()

    def show_manual_dialog(self) -> ManualEvidenceDialog:
        milestones = [m for m in self.ctx.plan.milestones if m.fy == self.ctx.fy]
        dialog = ManualEvidenceDialog(milestones, self.lang, desktop_reads.today_in_japan(), self)
        dialog.milestone.setCurrentIndex(max(dialog.milestone.findData(self.milestone.currentData()), 0))
        dialog.accepted.connect(lambda: self.add_manual(dialog))
        self.manual_dialog = dialog
        dialog.open()
        return dialog

    def add_manual(self, dialog: ManualEvidenceDialog) -> int | None:
        """documents.add_manual with the dialog's values; a refusal reopens the dialog with the reason."""
        try:
            eid = documents.add_manual(
                self.ctx.db,
                str(dialog.milestone.currentData()),
                value=dialog.value.text(),
                unit=dialog.unit.text(),
                effective_date=dialog.effective_date(),
                source=dialog.source.text(),
            )
        except (Refused, InputRefused) as exc:
            dialog.message.setText(errors.describe(exc, self.lang))
            dialog.open()
            return None
        self._say(self.tr("Manual record %1 added.").replace("%1", str(eid)))
        self.ctx.reload()
        self.manual_added.emit(eid)
        return eid

    def _show_count(self) -> None:
        self.count_label.setText(self.tr("%1 records").replace("%1", f"{self.model.rowCount():,}"))

    def retranslate(self) -> None:
        self.title.setText(self.tr("Evidence"))
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem(self.tr("All kinds"), "")
        for kind in EvidenceKind:
            self.kind.addItem(labels.evidence_kind(kind.value, self.lang), kind.value)
        index = self.kind.findData(current) if current else 0
        self.kind.setCurrentIndex(max(index, 0))
        self.kind.blockSignals(False)
        self.file_text.setPlaceholderText(self.tr("Source file contains…"))
        self.date_from.setToolTip(self.tr("Effective from"))
        self.date_to.setToolTip(self.tr("Effective until"))
        self.date_from_label.setText(self.tr("From"))
        self.date_to_label.setText(self.tr("Until"))
        self.attach_button.setText(self.tr("Attach documents…"))
        self.manual_button.setText(self.tr("Add manual evidence…"))
        self.milestone.setToolTip(self.tr("Milestone the documents or the manual record are for"))
        self._fill_milestones()
        self.detail_title.setText(self.tr("Provenance and raw record"))
        self.open_document.setText(self.tr("Open document (read-only copy)"))
        self.model.set_language(self.lang)
        self._show_count()
        if self._shown_id is not None:  # the detail pane in the new language
            self.show_detail(self._shown_id)
        self.disclosed.update_state()

    def _on_table_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        row = indexes[0].data(OBJECT_ROLE) if indexes else None
        if not isinstance(row, EvidenceRow):
            self._clear_detail()
            return
        self.show_detail(row.id)

    def show_detail(self, evidence_id: int) -> None:
        found = evidence_table.evidence_detail(self.ctx.db, evidence_id)
        if found is None:
            self._clear_detail()
            return
        self._shown_id = evidence_id
        r = found.row
        yes, no = self.tr("yes"), self.tr("no")
        assumed = "  (" + self.tr("date assumed: import") + ")" if r.date_assumed else ""
        fields = (
            (self.tr("Record"), f"{r.id} ({labels.evidence_kind(r.kind, self.lang)})"),
            (self.tr("Effective date"), r.effective_date + assumed),
            (self.tr("Self-reported"), yes if r.self_reported else no),
            (self.tr("Confidential"), yes if r.confidential else no),
            (self.tr("Source file"), labels.marked_name(r.file_name, self.lang)),
            (self.tr("Place"), labels.place(r.place or None, self.lang)),
            ("SHA-256", found.sha256 or "—"),
            (self.tr("Format"), self._format_text(found.format, found.importer_version)),
            (self.tr("Encoding"), found.encoding or "—"),
            (
                self.tr("Imported by"),
                f"{labels.marked_name(found.imported_by, self.lang)}, "
                + (labels.date_time(found.imported_at, self.lang) if found.imported_at else "—"),
            ),
        )
        lines = [f"{name}: {value}" for name, value in fields]
        provenance = evidence_table.rollup_provenance(found, self.lang)
        if provenance:
            # the catalogue's words, so the .ts files stay as they are (they are built by lupdate)
            lines.append(f"{messages.text('rollup-provenance-label', self.lang)}: {provenance}")
        if r.superseded:
            lines.append(self.tr("Superseded by a later import of the same key"))
        if found.raw:
            lines += ["", self.tr("Raw record") + ":", json.dumps(found.raw, ensure_ascii=False, indent=2)]
        else:  # a document or a manual record: no file record to show, and "{}" said nothing
            lines += ["", self.tr("No raw record: this record was not read from a data file.")]
        self.detail.setPlainText("\n".join(lines))
        self._document_id = r.id if r.kind == "document" else None
        self.open_document.setEnabled(self._document_id is not None)
        self.disclosed.update_state()

    def _format_text(self, name: str | None, version: str | None) -> str:
        if name is None:
            return "—"
        return labels.format_name(name, self.lang) + (f" ({version})" if version else "")

    def _on_open_document_clicked(self) -> None:
        self.open_document_copy()

    def open_document_copy(self) -> Path | None:
        """Write the selected document to a read-only temporary copy and hand it to the desktop."""
        document_id = getattr(self, "_document_id", None)
        if document_id is None:
            return None
        try:
            path = documents.open_copy(self.ctx.db, document_id)
        except Refused as exc:
            self._say(errors.describe(exc, self.lang))
            return None
        if not self.open_url(QUrl.fromLocalFile(str(path))):
            # no viewer for this type on this machine: say so, and where the copy is
            self._say(
                self.tr(
                    "No application on this computer opens this document; its read-only copy is %1."
                ).replace("%1", str(path))
            )
        return path
