"""Imports started from the window: a task per file on the writer thread, progress and Cancel in the
status bar, the outcome as a message, a refused file's problems on the Imports screen."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QProgressBar, QPushButton

from reviewer import messages
from reviewer.core.errors import InputRefused
from reviewer.ui import errors
from reviewer.ui.jobs import JobKind, JobState, Text
from reviewer.ui.workers import Task, import_job

if TYPE_CHECKING:
    from reviewer.services import evidence
    from reviewer.ui.dialogs.import_dialog import ImportDialog
    from reviewer.ui.main_window import MainWindow
    from reviewer.ui.views.imports import ImportsView


class WindowImports(QObject):
    """The window's imports. `finished` carries the ImportResult, the exception of a refused or
    failed file, or None for a cancelled one, after the context has been reloaded.
    """

    finished = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        bar = window.statusBar()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton()
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(window.runner.cancel_all)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        self._pending: list[Task] = []  # queued or running; the task bar shows while any is
        self._jobs: dict[int, int] = {}  # id(task) → its job in the window's Jobs panel
        # what the Imports screen lists, kept to word it again in another language
        self._refusals: dict[str, InputRefused] = {}
        self._notes: dict[str, int] = {}  # file name → the batch it was already imported as
        self.dialog: ImportDialog | None = None  # the import dialog last opened

    def retranslate(self) -> None:
        self.cancel_button.setText(self.tr("Cancel"))
        self._reword_imports_screen()

    def _reword_imports_screen(self) -> None:
        """The Imports screen's list of refused and skipped files in the window's language (it was
        left in the language of the moment each file was tried)."""
        window = self._window
        if window.workspace is None or window.ctx is None:
            return
        lang = window.lang
        for view in self._built_imports_screens():
            listed = view.listed()  # what the user cleared stays cleared
            for name, exc in self._refusals.items():
                if name in listed:
                    view.show_errors(name, errors.problem_lines(exc, lang), exc.total)
            for name, batch in self._notes.items():
                if name in listed:
                    view.note(name, self._skipped_text(name, batch))

    def _skipped_text(self, name: str, batch: int) -> str:
        text = self.tr("%1: already imported (batch %2), skipped")
        return text.replace("%1", name).replace("%2", str(batch))

    def choose(self) -> None:
        """Pick files, then the import dialog (detection, preview, options) before anything runs."""
        from reviewer.ui import file_dialogs  # dialogs load when first used

        names = file_dialogs.open_file_names(self._window, self.tr("Import evidence"))
        if names:
            self.open_dialog([Path(n) for n in names])

    def open_dialog(self, paths: list[Path]) -> ImportDialog | None:
        """The import dialog for `paths` (window-modal); Import starts them with its options."""
        from reviewer.ui.dialogs.import_dialog import ImportDialog

        ctx = self._window.ctx
        if ctx is None or not ctx.can_import:
            self.start(paths)  # says why importing is disabled
            return None
        dialog = ImportDialog(ctx, paths, self._window)
        # each file with its own options: a worksheet chosen is for the workbooks that have it
        dialog.accepted.connect(lambda: [self.start([path], dialog.options_for(path)) for path in paths])
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.dialog = dialog
        dialog.open()
        return dialog

    def start(self, paths: list[Path], options: evidence.ImportOptions | None = None) -> list[Task]:
        """Queue each file as its own import on the writer thread; returns the tasks."""
        from reviewer.services import evidence  # loaded with the first import, not at start-up

        window = self._window
        ctx = window.ctx
        if ctx is None or not ctx.can_import:
            reason = window.banner_text() or messages.text("jobs-no-database", window.lang)
            window.statusBar().showMessage(self.tr("Importing is disabled: %1").replace("%1", reason))
            text = messages.text("jobs-disabled", window.lang, reason=reason)
            for path in paths:  # a dropped file that was not imported says why, until dismissed
                window.jobs.note(JobKind.IMPORT, path.name, JobState.FAILED, text)
            return []
        tasks = []
        for path in paths:
            task = Task(import_job(ctx.path, path, options or evidence.ImportOptions()))
            self._jobs[id(task)] = window.jobs.start(JobKind.IMPORT, path.name)
            task.signals.progressed.connect(self._on_task_progressed)
            task.signals.finished.connect(lambda result, p=path, t=task: self._on_task_finished(t, p, result))
            task.signals.failed.connect(lambda exc, p=path, t=task: self._on_task_failed(t, p, exc))
            task.signals.cancelled.connect(lambda p=path, t=task: self._on_task_cancelled(t, p))
            self._pending.append(task)
            tasks.append(window.runner.start(task))
        self._show_busy(True)
        return tasks

    def _on_task_progressed(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    def _on_task_finished(self, task: Task, path: Path, result: object) -> None:
        from reviewer.services import evidence

        if isinstance(result, evidence.ImportResult):
            key = (
                self.tr("%1: already imported (batch %2), skipped")
                if result.outcome is evidence.Outcome.SKIPPED
                else self.tr("%1: imported %3 records as batch %2")
            )
            text = key.replace("%1", path.name).replace("%2", str(result.batch_id))
            text = text.replace("%3", f"{result.records:,}")
            self._window.statusBar().showMessage(text, 10000)
            self._forget_errors(path)
            batch, records = result.batch_id, f"{result.records:,}"
            if result.outcome is evidence.Outcome.SKIPPED:
                # a status-bar note vanishes in seconds: a skipped file stays listed until cleared
                self._note(path, text)
                self._notes[path.name] = batch
                skipped = functools.partial(messages.text, "jobs-skipped", batch=batch)
                self._finish_job(task, JobState.SKIPPED, skipped)
            else:
                self._notes.pop(path.name, None)
                self._refusals.pop(path.name, None)
                imported = functools.partial(messages.text, "jobs-imported", records=records, batch=batch)
                self._finish_job(task, JobState.DONE, imported)
        self._done(task, result)

    def _finish_job(self, task: Task, state: JobState, summary: Text, details: Text = "") -> None:
        job = self._jobs.pop(id(task), None)
        if job is not None:
            self._window.jobs.finish(job, state, summary, details)

    def _on_task_failed(self, task: Task, path: Path, exc: object) -> None:
        from reviewer.ui.views.imports import ImportsView

        window = self._window
        if isinstance(exc, InputRefused):
            self._refusals[path.name] = exc
            self._notes.pop(path.name, None)
        if isinstance(exc, InputRefused) and window.workspace is not None and window.ctx is not None:
            imports = window.workspace.screen_of(ImportsView)
            imports.show_errors(path.name, errors.problem_lines(exc, window.lang), exc.total)
            window.show_screen(window.workspace.stack.indexOf(imports))
        if isinstance(exc, BaseException):
            window.statusBar().showMessage(
                f"{path.name}: {errors.describe(exc, window.lang).splitlines()[0]}", 15000
            )

            def summary(lang: str, exc: BaseException = exc) -> str:
                if isinstance(exc, InputRefused):
                    return messages.counted("jobs-refused", lang, exc.total, n=exc.total)
                return errors.describe(exc, lang).splitlines()[0]

            self._finish_job(task, JobState.FAILED, summary, functools.partial(errors.describe, exc))
        self._done(task, exc)

    def _note(self, path: Path, text: str) -> None:
        from reviewer.ui.views.imports import ImportsView

        window = self._window
        if window.workspace is not None and window.ctx is not None:
            window.workspace.screen_of(ImportsView).note(path.name, text)

    def _forget_errors(self, path: Path) -> None:
        for view in self._built_imports_screens():
            view.forget_errors(path.name)

    def _built_imports_screens(self) -> list[ImportsView]:
        """The Imports screen if it is built (none is at start-up: its module is not imported)."""
        workspace = self._window.workspace
        screen = None if workspace is None else workspace.built_named("ImportsView")
        return [] if screen is None else [cast("ImportsView", screen)]

    def _on_task_cancelled(self, task: Task, path: Path) -> None:
        self._window.statusBar().showMessage(
            self.tr("%1: import cancelled, nothing written").replace("%1", path.name), 10000
        )
        self._finish_job(task, JobState.CANCELLED, functools.partial(messages.text, "jobs-cancelled-import"))
        self._done(task, None)

    def _done(self, task: Task, result: object) -> None:
        window = self._window
        if task in self._pending:
            self._pending.remove(task)
        if not self._pending:
            self._show_busy(False)
        if window.ctx is not None:
            window.ctx.reload()
        self.finished.emit(result)

    def _show_busy(self, busy: bool) -> None:
        if busy:
            # set while hidden: QProgressBar.setValue repaints at once (synchronously), and just
            # after the status bar grew to show it that repainted the whole window (18 ms here);
            # shown afterwards, it is painted with the next frame
            self.progress.setValue(0)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
