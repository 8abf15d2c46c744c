"""Jobs and messages (SPEC §9, like calibre's Jobs): every import, render, export, package, merge
and backup the window starts is a job with its state and result; its errors and notes stay in the
panel until the user dismisses them (a status-bar note vanished in seconds).

`JobLog` is the list (a small table model, built with the window); `JobsPanel` is the dock that
shows it, built the first time it is needed. Texts come from `reviewer.messages` ("jobs-…").
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from reviewer import messages

Index = QModelIndex | QPersistentModelIndex


class JobKind(StrEnum):
    IMPORT = "import"
    RENDER = "render"
    EXPORT = "export"
    PACKAGE = "package"
    MERGE = "merge"
    BACKUP = "backup"
    OPEN = "open"


class JobState(StrEnum):
    RUNNING = "running"
    DONE = "done"
    SKIPPED = "skipped"  # nothing to do (a file already imported): a note, not an error
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self is not JobState.RUNNING


# A job's words: a text, or how to word it in a language (so a switch to Japanese re-words every
# job listed so far, instead of leaving the English it was first written in)
Text = str | Callable[[str], str]


def _words(text: Text, lang: str) -> str:
    return text if isinstance(text, str) else text(lang)


@dataclass(frozen=True)
class Job:
    """One job as the panel lists it, in the log's language: `summary` is its one-line result,
    `details` every line of it (a refused file's problems), `output` the file it wrote, if any."""

    id: int
    kind: JobKind
    subject: str
    state: JobState
    started: str  # local time, HH:MM:SS
    summary: str = ""
    details: str = ""
    output: Path | None = None


@dataclass
class _Entry:
    id: int
    kind: JobKind
    subject: str
    state: JobState
    started: str
    summary: Text = ""
    details: Text = ""
    output: Path | None = None

    def job(self, lang: str) -> Job:
        summary = _words(self.summary, lang)
        return Job(
            self.id,
            self.kind,
            self.subject,
            self.state,
            self.started,
            summary,
            _words(self.details, lang) or summary,
            self.output,
        )


class JobColumn(Enum):
    STATE = 0
    KIND = 1
    SUBJECT = 2
    RESULT = 3
    STARTED = 4


# failed and cancelled in a red and an amber dark enough for WCAG AA on a white row
_STATE_COLORS = {JobState.FAILED: "#b00020", JobState.CANCELLED: "#7a4f00", JobState.SKIPPED: "#7a4f00"}


class JobLog(QAbstractTableModel):
    """The window's jobs, newest first. `attention` fires when a job fails (the panel shows itself);
    `changed` after any change (the status bar's count)."""

    attention = Signal(int)
    changed = Signal()

    def __init__(self, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self._jobs: list[_Entry] = []
        self._ids = itertools.count(1)

    # -- what the window and the screens call ----------------------------------------------------
    def start(self, kind: JobKind, subject: str) -> int:
        """A job that has begun; returns its id for `finish`."""
        job = _Entry(next(self._ids), kind, subject, JobState.RUNNING, _now())
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._jobs.insert(0, job)
        self.endInsertRows()
        self.changed.emit()
        return job.id

    def finish(
        self, job_id: int, state: JobState, summary: Text, details: Text = "", output: Path | None = None
    ) -> None:
        """Record a job's end; a failure asks for attention. An unknown (dismissed) id is ignored."""
        row = self._row_of(job_id)
        if row is None:
            return
        entry = self._jobs[row]
        entry.state, entry.summary, entry.details, entry.output = state, summary, details, output
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(JobColumn) - 1))
        self.changed.emit()
        if state is JobState.FAILED:
            self.attention.emit(job_id)

    def note(self, kind: JobKind, subject: str, state: JobState, summary: Text, details: Text = "") -> int:
        """A job that ended as soon as it began (refused before it ran, nothing to do)."""
        job_id = self.start(kind, subject)
        self.finish(job_id, state, summary, details)
        return job_id

    def dismiss(self, job_ids: list[int]) -> int:
        """Remove finished jobs by id (a running one stays); returns how many went."""
        gone = 0
        for job_id in job_ids:
            row = self._row_of(job_id)
            if row is not None and self._jobs[row].state.finished:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._jobs[row]
                self.endRemoveRows()
                gone += 1
        if gone:
            self.changed.emit()
        return gone

    def dismiss_finished(self) -> int:
        return self.dismiss([j.id for j in self._jobs if j.state.finished])

    def jobs(self) -> list[Job]:
        """Every job listed, newest first, in the log's language."""
        return [e.job(self.lang) for e in self._jobs]

    def job(self, job_id: int) -> Job | None:
        row = self._row_of(job_id)
        return None if row is None else self._jobs[row].job(self.lang)

    def running(self) -> int:
        return sum(1 for j in self._jobs if j.state is JobState.RUNNING)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(JobColumn) - 1)
        if self._jobs:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._jobs) - 1, len(JobColumn) - 1))

    def _row_of(self, job_id: int) -> int | None:
        return next((n for n, j in enumerate(self._jobs) if j.id == job_id), None)

    # -- the model -------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._jobs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(JobColumn)

    def job_at(self, row: int) -> Job | None:
        return self._jobs[row].job(self.lang) if 0 <= row < len(self._jobs) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        job = self.job_at(index.row()) if index.isValid() else None
        if job is None:
            return None
        column = JobColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(job, column)
        if role == Qt.ItemDataRole.ToolTipRole and column is JobColumn.RESULT:
            return job.details or None
        if role == Qt.ItemDataRole.ForegroundRole and column in (JobColumn.STATE, JobColumn.RESULT):
            color = _STATE_COLORS.get(job.state)
            return QColor(color) if color else None
        return None

    def _text(self, job: Job, column: JobColumn) -> str:
        lang = self.lang
        if column is JobColumn.STATE:
            return messages.text(f"jobs-state-{job.state.value}", lang)
        if column is JobColumn.KIND:
            return messages.text(f"jobs-kind-{job.kind.value}", lang)
        if column is JobColumn.SUBJECT:
            return job.subject
        if column is JobColumn.RESULT:
            return job.summary.splitlines()[0] if job.summary else ""
        return job.started

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if 0 <= section < len(JobColumn):
            return messages.text(f"jobs-column-{JobColumn(section).name.lower()}", self.lang)
        return None


def _now() -> str:
    return QDateTime.currentDateTime().toString("HH:mm:ss")
