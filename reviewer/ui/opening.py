"""Opening a database the guarded way: the gate on the worker, then the damage and network dialogs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from reviewer import messages
from reviewer.core.errors import Refused
from reviewer.services import desktop_reads, diagnosis, startup
from reviewer.ui import errors
from reviewer.ui.jobs import JobKind, JobLog, JobState
from reviewer.ui.workers import Task, TaskRunner

if TYPE_CHECKING:  # message boxes are built only when something is wrong: not at start-up
    from PySide6.QtWidgets import QAbstractButton, QMessageBox


class Opener(QObject):
    """Runs the gate off the UI thread and opens the file only when it is whole.

    A damaged file has been moved aside by the gate (never changed); the dialog names where it
    went and offers the newest verified backup. A file on a network drive is not opened for
    writing; the dialog explains and offers a local copy or reading it. `dialog` is the message
    box on screen (tests click its buttons); `opened` carries (path, db, read_only).
    """

    opened = Signal(object, object, bool)
    failed = Signal(str)

    def __init__(
        self, parent: QWidget, runner: TaskRunner, lang: Callable[[], str], jobs: JobLog | None = None
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._jobs = jobs  # the window's Jobs panel: a restore is listed there
        self._runner = runner
        self._lang = lang
        self.dialog: QMessageBox | None = None
        self.task: Task | None = None
        self.local_copy_folder: Path = startup.local_folder()

    # -- the gate ---------------------------------------------------------------------------------
    def open(self, path: Path, read_only: bool) -> Task:
        """Start the gate for `path`; the result arrives as `opened` or `failed` (or a dialog)."""
        task = Task(lambda _p, _c: desktop_reads.gate(path))
        task.signals.finished.connect(lambda health: self._on_gate_finished(path, read_only, health))
        task.signals.failed.connect(self._on_task_failed)
        self.task = self._runner.start(task)
        return task

    def _on_task_failed(self, exc: object) -> None:
        self.failed.emit(errors.describe(exc, self._lang()) if isinstance(exc, BaseException) else str(exc))

    def _on_gate_finished(self, path: Path, read_only: bool, health: object) -> None:
        assert isinstance(health, startup.Health)
        if health.ok:
            self._open_now(path, read_only)
        elif health.reason in diagnosis.NEVER_MOVED or health.in_use:
            try:
                startup.refuse_damaged(health)
            except Refused as exc:  # not ours, not SQLite, or in use: said, and nothing was moved
                self.failed.emit(errors.describe(exc, self._lang()))
        else:
            self._show_damaged(health)

    def _open_now(self, path: Path, read_only: bool) -> None:
        try:
            db: sqlite_utils.Database = desktop_reads.open_checked(path, readonly=read_only)
        except Refused as exc:
            if exc.code == "E-NETWORK-DRIVE":
                self._show_network(path, exc)
            else:
                self.failed.emit(errors.describe(exc, self._lang()))
            return
        except Exception as exc:  # an unreadable file is reported; the window stays usable
            self.failed.emit(errors.describe(exc, self._lang()))
            return
        self.opened.emit(path, db, read_only)

    # -- a damaged file -------------------------------------------------------------------------
    def _show_damaged(self, health: startup.Health) -> None:
        from PySide6.QtWidgets import QMessageBox

        moved = str(health.moved_to[0]) if health.moved_to else "—"
        text = (
            self.tr("The database %1 is damaged (%2: %3).")
            .replace("%1", str(health.path))
            .replace("%2", health.reason or "")
            .replace("%3", health.detail)
            + "\n\n"
            + self.tr("It was moved aside, unchanged, to:\n%1").replace("%1", moved)
        )
        box = self._box(QMessageBox.Icon.Warning, self.tr("Damaged database"), text)
        restore: QAbstractButton | None = None
        if health.backup is not None:
            box.setInformativeText(
                self.tr("The newest verified backup is %1. Restore it and open it?").replace(
                    "%1", str(health.backup)
                )
            )
            restore = box.addButton(self.tr("Restore and open"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
        else:
            box.setInformativeText(self.tr("No verified backup of it was found."))
            box.addButton(QMessageBox.StandardButton.Close)
        backup = health.backup

        def chosen(_result: int) -> None:
            if restore is not None and box.clickedButton() is restore and backup is not None:
                self.restore(backup, health.path)

        box.finished.connect(chosen)
        box.open()

    def restore(self, backup: Path, db_path: Path) -> Task:
        """Put `backup` in place of `db_path` on the worker (services.backups.restore), then open it."""
        from reviewer.services import backups  # a damaged file only: not on the start-up path

        task = Task(lambda _p, _c: backups.restore(backup, db_path))
        jobs = self._jobs
        if jobs is not None:
            job = jobs.start(JobKind.BACKUP, db_path.name)
            done = functools.partial(messages.text, "jobs-restored", backup=str(backup))
            task.signals.finished.connect(lambda _r: jobs.finish(job, JobState.DONE, done, output=db_path))
            task.signals.failed.connect(
                lambda exc: jobs.finish(job, JobState.FAILED, errors.describe(exc, self._lang()))
            )
        task.signals.finished.connect(lambda _r: self.open(db_path, False))
        task.signals.failed.connect(self._on_task_failed)
        self.task = self._runner.start(task)
        return task

    # -- a network drive ------------------------------------------------------------------------
    def _show_network(self, path: Path, exc: Refused) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = self._box(
            QMessageBox.Icon.Information, self.tr("Network drive"), errors.describe(exc, self._lang())
        )
        box.setInformativeText(
            self.tr("Make a local copy in %1 and work on it, or open this file read-only?").replace(
                "%1", str(self.local_copy_folder)
            )
        )
        copy = box.addButton(self.tr("Make a local copy"), QMessageBox.ButtonRole.AcceptRole)
        read = box.addButton(self.tr("Open read-only"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)

        def chosen(_result: int) -> None:
            if box.clickedButton() is copy:
                self.make_local_copy(path)
            elif box.clickedButton() is read:
                self._open_now(path, True)

        box.finished.connect(chosen)
        box.open()

    def make_local_copy(self, path: Path) -> Task:
        """Copy `path` into the local folder on the worker (verified), then open the copy."""
        folder = self.local_copy_folder
        task = Task(lambda _p, _c: startup.make_local_copy(path, folder))
        task.signals.finished.connect(lambda copy: self.open(Path(str(copy)), False))
        task.signals.failed.connect(self._on_task_failed)
        self.task = self._runner.start(task)
        return task

    def _box(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        from PySide6.QtWidgets import QMessageBox

        if self.dialog is not None:
            self.dialog.deleteLater()
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, self._parent)
        box.setTextFormat(Qt.TextFormat.PlainText)  # paths and details are never rich text
        self.dialog = box
        return box
