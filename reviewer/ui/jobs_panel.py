"""The Jobs and messages dock: the window's JobLog as a table, the chosen job's every line below it,
Open for a job's output, Dismiss (Delete) and Dismiss finished. Built the first time it is shown."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewer import messages
from reviewer.ui.jobs import Job, JobColumn, JobLog


class JobsPanel(QDockWidget):
    """Lists every job of this window until dismissed; keyboard: Ctrl+J shows it and puts the focus
    on the list, arrows choose, Enter opens a job's output, Delete dismisses."""

    open_failed = Signal(str)  # a job's output could not be opened (no viewer): the message shown

    def __init__(self, log: JobLog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jobs_panel")
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.log = log
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 4, 6, 4)
        self.table = QTableView()
        self.table.setObjectName("jobs_table")
        self.table.setModel(log)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(JobColumn.RESULT.value, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(70)
        self.details = QPlainTextEdit()
        self.details.setObjectName("jobs_details")
        self.details.setReadOnly(True)
        buttons = QHBoxLayout()
        self.open_button = QPushButton()
        self.dismiss_button = QPushButton()
        self.dismiss_finished_button = QPushButton()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.dismiss_button)
        buttons.addWidget(self.dismiss_finished_button)
        row = QHBoxLayout()
        row.addWidget(self.table, 3)
        row.addWidget(self.details, 2)
        layout.addLayout(row)
        layout.addLayout(buttons)
        self.setWidget(body)
        self.open_button.clicked.connect(self.open_selected)
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.dismiss_finished_button.clicked.connect(self.log.dismiss_finished)
        self.table.activated.connect(lambda _index: self.open_selected())
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        delete.activated.connect(self.dismiss_selected)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        log.changed.connect(self._show_selected)
        log.modelReset.connect(self._show_selected)
        self.retranslate()

    def retranslate(self) -> None:
        lang = self.log.lang
        self.setWindowTitle(messages.text("jobs-title", lang))
        self.open_button.setText(messages.text("jobs-open", lang))
        self.dismiss_button.setText(messages.text("jobs-dismiss", lang))
        self.dismiss_finished_button.setText(messages.text("jobs-dismiss-finished", lang))
        self._show_selected()

    def focus_list(self) -> None:
        """Put the keyboard on the list, on the newest job when none is chosen."""
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.table.selectionModel().hasSelection() and self.log.rowCount() > 0:
            self._choose_row(0)

    def selected(self) -> list[Job]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [j for j in (self.log.job_at(r) for r in rows) if j is not None]

    def select_job(self, job_id: int) -> None:
        """Choose this job alone (the list allows several)."""
        for row in range(self.log.rowCount()):
            job = self.log.job_at(row)
            if job is not None and job.id == job_id:
                self._choose_row(row)
                return

    def _choose_row(self, row: int) -> None:
        index = self.log.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def dismiss_selected(self) -> None:
        chosen = self.selected()
        row = self.table.currentIndex().row()
        self.log.dismiss([j.id for j in chosen])
        if self.log.rowCount():  # the keyboard stays in the list, on the next job
            self._choose_row(min(max(row, 0), self.log.rowCount() - 1))

    def open_selected(self) -> None:
        chosen = self.selected()
        job = chosen[0] if chosen else None
        if job is None or job.output is None:
            return
        if not job.output.exists() or not QDesktopServices.openUrl(QUrl.fromLocalFile(str(job.output))):
            text = messages.text("jobs-open-failed", self.log.lang, path=str(job.output))
            self.details.setPlainText(text)
            self.open_failed.emit(text)

    def _show_selected(self) -> None:
        chosen = self.selected()
        job = chosen[0] if chosen else None
        lang = self.log.lang
        if job is None:
            self.details.setPlainText("")
        else:
            lines = [job.details or job.summary]
            if job.output is not None:
                lines.append(messages.text("jobs-output", lang, path=str(job.output)))
            self.details.setPlainText("\n".join(line for line in lines if line))
        self.open_button.setEnabled(job is not None and job.output is not None)
        self.dismiss_button.setEnabled(any(j.state.finished for j in chosen))
        self.dismiss_finished_button.setEnabled(any(j.state.finished for j in self.log.jobs()))
