"""Imports: history of import batches, the errors of refused files, removing a batch."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from reviewer.core.errors import Refused
from reviewer.services import evidence
from reviewer.services.disclosure import Target
from reviewer.services.evidence import BatchView
from reviewer.store.evidence import Batch
from reviewer.ui import errors, labels
from reviewer.ui.models.table import OBJECT_ROLE, QT_TRANSLATE_NOOP, Column, RecordTableModel
from reviewer.ui.session import AppContext
from reviewer.ui.views.base import Screen, fill_width, heading, plain_label, table_view
from reviewer.ui.views.disclosure_box import DisclosureBox


class BatchColumn(Enum):
    ID = 0
    FILE = 1
    FORMAT = 2
    RECORDS = 3
    ENCODING = 4
    BY = 5
    AT = 6
    AFTER_SIGNOFF = 7


def _after_signoff(view: BatchView) -> str:
    return ", ".join(str(fy) for fy in view.after_signoff)


def batch_columns(lang: Callable[[], str] = lambda: "en") -> list[Column[BatchView]]:
    """The history's columns; "After sign-off" names the signed FYs a batch arrived after (SPEC §7).

    `lang` is asked at each paint: formats show their words in the window's language."""
    return [
        Column(
            BatchColumn.ID,
            QT_TRANSLATE_NOOP("Columns", "Batch"),
            lambda v: str(v.batch.id),
            lambda v: v.batch.id,
            True,
        ),
        Column(BatchColumn.FILE, QT_TRANSLATE_NOOP("Columns", "File"), lambda v: v.batch.file_name),
        Column(
            BatchColumn.FORMAT,
            QT_TRANSLATE_NOOP("Columns", "Format"),
            lambda v: labels.format_name(v.batch.format, lang()),
        ),
        Column(
            BatchColumn.RECORDS,
            QT_TRANSLATE_NOOP("Columns", "Records"),
            lambda v: f"{v.batch.record_count:,}",
            lambda v: v.batch.record_count,
            True,
        ),
        Column(
            BatchColumn.ENCODING, QT_TRANSLATE_NOOP("Columns", "Encoding"), lambda v: v.batch.encoding or ""
        ),
        Column(
            BatchColumn.BY,
            QT_TRANSLATE_NOOP("Columns", "Imported by"),
            lambda v: labels.marked_name(v.batch.imported_by, lang()),
        ),
        Column(
            BatchColumn.AT,
            QT_TRANSLATE_NOOP("Columns", "Imported at (UTC)"),
            lambda v: v.batch.imported_at[:19].replace("T", " "),  # a person reads "2026-12-07 16:22:51"
        ),
        Column(
            BatchColumn.AFTER_SIGNOFF, QT_TRANSLATE_NOOP("Columns", "After sign-off (FY)"), _after_signoff
        ),
    ]


class ImportsView(Screen):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.title = heading()
        self.hint = plain_label()
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        self.model: RecordTableModel[BatchView] = RecordTableModel(batch_columns(lambda: self.ctx.lang), self)
        self.table = table_view()
        self.table.setModel(self.model)
        layout.addWidget(self.table, 2)
        buttons = QHBoxLayout()
        self.remove = QPushButton()
        buttons.addWidget(self.remove)
        # the selected batch in the public edition of the FY in view (SPEC §8)
        self.disclosed = DisclosureBox(ctx, self._disclosure_target)
        buttons.addWidget(self.disclosed, 1)
        layout.addLayout(buttons)
        errors_bar = QHBoxLayout()
        self.errors_title = plain_label()
        self.clear_errors = QPushButton()
        errors_bar.addWidget(self.errors_title, 1)
        errors_bar.addWidget(self.clear_errors)
        self.errors = QPlainTextEdit()
        self.errors.setReadOnly(True)
        layout.addLayout(errors_bar)
        layout.addWidget(self.errors, 1)
        # each refused file's latest problems, by file name: a later good import of it removes them
        self._refused: dict[str, str] = {}
        self.clear_errors.clicked.connect(self.forget_all_errors)
        self.remove.clicked.connect(self._on_remove_clicked)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.set_writable(self.ctx.can_import)
        )
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.disclosed.update_state())
        self.refresh()
        self.set_writable(ctx.can_import)

    def refresh(self) -> None:
        kept = self.selected()
        self.model.set_rows(list(reversed(evidence.batches(self.ctx.db))))  # newest first
        if kept is not None:  # a write (a disclosure, say) keeps the batch it was about selected
            self._select_batch(kept.id)
        self.retranslate()

    def _select_batch(self, batch_id: int) -> None:
        for row, view in enumerate(self.model.rows()):
            if view.batch.id == batch_id:
                flags = (
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                )
                self.table.selectionModel().select(self.model.index(row, 0), flags)
                return

    def retranslate(self) -> None:
        self.title.setText(self.tr("Imports"))
        self.hint.setText(
            self.tr(
                "Drop files on the window to import them. Each file is one transaction: all of it or nothing."
            )
        )
        self.remove.setText(self.tr("Remove batch…"))
        self.errors_title.setText(self.tr("Refused and skipped files"))
        self.clear_errors.setText(self.tr("Clear"))
        self.clear_errors.setEnabled(bool(self._refused))
        self.model.retranslate()
        # the words changed (format names, "manual entry"): the columns follow them
        self.table.resizeColumnsToContents()
        fill_width(self.table)
        self.disclosed.update_state()

    def set_writable(self, writable: bool) -> None:
        del writable
        self.remove.setEnabled(self.ctx.can_import and self.selected() is not None)

    def _disclosure_target(self) -> Target | None:
        batch = self.selected()
        return None if batch is None else Target(batch=batch.id)

    def selected(self) -> Batch | None:
        indexes = self.table.selectionModel().selectedRows()
        value = indexes[0].data(OBJECT_ROLE) if indexes else None
        return value.batch if isinstance(value, BatchView) else None

    def show_errors(self, file_name: str, lines: list[str], total: int) -> None:
        """List a refused file's problems (capped at 100 by the importer, with the total)."""
        head = (
            (self.tr("%1: refused, 1 problem") if total == 1 else self.tr("%1: refused, %2 problems"))
            .replace("%1", file_name)
            .replace("%2", str(total))
        )
        self._refused[file_name] = "\n".join([head, *lines, ""])
        self._show_refused()

    def note(self, file_name: str, text: str) -> None:
        """A file that was not imported for a reason that is not an error (already there)."""
        self._refused[file_name] = text + "\n"
        self._show_refused()

    def forget_errors(self, file_name: str) -> None:
        """The file has since been imported (or skipped as already there): its old errors go."""
        if self._refused.pop(file_name, None) is not None:
            self._show_refused()

    def listed(self) -> set[str]:
        """The file names whose problems or notes are listed now."""
        return set(self._refused)

    def forget_all_errors(self) -> None:
        self._refused.clear()
        self._show_refused()

    def _show_refused(self) -> None:
        self.errors.setPlainText("\n".join(self._refused.values()))
        self.clear_errors.setEnabled(bool(self._refused))

    def _on_remove_clicked(self) -> None:
        batch = self.selected()
        if batch is None:
            return
        self.confirm(
            self.tr("Remove batch"),
            self.tr("Remove batch %1 (%2, %3 records)? This is audited and cannot be undone.")
            .replace("%1", str(batch.id))
            .replace("%2", batch.file_name)
            .replace("%3", f"{batch.record_count:,}"),
            lambda: self.remove_batch(batch.id),
        )

    def remove_batch(self, batch_id: int) -> bool:
        try:
            evidence.remove_batch(self.ctx.db, batch_id)
        except Refused as exc:
            self._refused[self.tr("Batch %1").replace("%1", str(batch_id))] = errors.describe(exc, self.lang)
            self._show_refused()
            return False
        self.ctx.reload()
        return True
