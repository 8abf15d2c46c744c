"""Background work: a QRunnable per task on a one-thread pool, reporting through a QObject's signals."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from reviewer.core.errors import ImportCancelled

if TYPE_CHECKING:  # the import service loads when the first import runs, not at start-up
    from reviewer.services import evidence


Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
Job = Callable[[Progress, Cancelled], Any]


class TaskSignals(QObject):
    """A task's signals; they live in the UI thread, so slots run there (queued)."""

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class Task(QRunnable):
    """Runs `job(progress, cancelled)` off the UI thread; never touches a widget.

    Reports `finished` with the job's result, `failed` with its exception, or `cancelled` when
    the job stopped on a cancel (it raised ImportCancelled, having written nothing).
    """

    def __init__(self, job: Job) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the window keeps it until a signal says it is done
        self.signals = TaskSignals()
        self._job = job
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop at its next batch boundary."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self._job(self.signals.progressed.emit, self._cancel.is_set)
        except ImportCancelled:
            self._report("cancelled")
        except Exception as exc:  # every failure reaches the one place that shows errors
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._report("failed", exc)
        else:
            # A job that finished did its work, even if Cancel came too late to stop it (an
            # export, a merge, the gate never stop; an import past its last check commits):
            # saying "cancelled" would hide what was written.
            self._report("finished", result)

    def _report(self, name: str, *args: object) -> None:
        # The application may be shutting down while the last task ends: Qt has then deleted
        # the signals' object and nobody is left to tell, which is not an error of the task.
        signals = self.signals
        if not shiboken6.isValid(signals):
            return
        getattr(signals, name).emit(*args)


class TaskRunner:
    """Runs tasks on a pool and keeps each alive until it reports.

    The window's runner has one writer thread: imports and merges never race (one connection per
    thread). A screen's reader runner (`threads=None`, Qt's default count, owned by the screen so
    it waits for its threads when the screen goes) never waits behind an import.
    """

    def __init__(self, *, threads: int | None = 1, parent: QObject | None = None) -> None:
        self.pool = QThreadPool(parent)
        if threads is not None:
            self.pool.setMaxThreadCount(threads)
        self.running: list[Task] = []

    def start(self, task: Task) -> Task:
        self.running.append(task)

        def done(*_args: object) -> None:
            if task in self.running:
                self.running.remove(task)

        for signal in (task.signals.finished, task.signals.failed, task.signals.cancelled):
            signal.connect(done)
        self.pool.start(task)
        return task

    def cancel_all(self) -> None:
        for task in list(self.running):
            task.cancel()

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)


def import_job(db_path: Path, path: Path, options: evidence.ImportOptions) -> Job:
    """A job importing one file on its own connection (one connection per thread)."""

    def job(progress: Progress, cancelled: Cancelled) -> evidence.ImportResult:
        from reviewer.services import evidence_table

        return evidence_table.import_file_at(db_path, path, options, progress=progress, cancelled=cancelled)

    return job
