"""Tasks on a real thread pool: what a late cancel reports."""

from __future__ import annotations

import threading

from reviewer.core.errors import ImportCancelled
from reviewer.ui.workers import Task, TaskRunner


def test_a_job_that_finishes_reports_finished_even_when_cancel_came_too_late(qtbot) -> None:  # type: ignore[no-untyped-def]
    started, release = threading.Event(), threading.Event()

    def job(_progress, _cancelled) -> str:  # type: ignore[no-untyped-def]
        started.set()
        release.wait(5)
        return "written"  # an export or merge does not stop half way

    runner = TaskRunner()
    task = runner.start(Task(job))
    assert started.wait(5)
    runner.cancel_all()  # Esc while it runs
    with qtbot.waitSignal(task.signals.finished, timeout=5000) as done:
        release.set()
    assert done.args == ["written"] and not runner.running


def test_a_job_that_stops_on_cancel_reports_cancelled(qtbot) -> None:  # type: ignore[no-untyped-def]
    started = threading.Event()

    def job(_progress, cancelled) -> None:  # type: ignore[no-untyped-def]
        started.set()
        while not cancelled():
            threading.Event().wait(0.01)
        raise ImportCancelled()

    runner = TaskRunner()
    task = runner.start(Task(job))
    assert started.wait(5)
    with qtbot.waitSignal(task.signals.cancelled, timeout=5000):
        runner.cancel_all()
    runner.wait()
