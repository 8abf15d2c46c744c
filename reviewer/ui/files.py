"""New, Open and the demo from the window: choosing what to open, building the demo program in the
data folder or a new database from a plan file, then opening it through the start-up gate."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from reviewer import resources
from reviewer.ui import errors
from reviewer.ui.workers import Task

if TYPE_CHECKING:
    from reviewer.ui.main_window import MainWindow


class WindowFiles(QObject):
    """The window's New, Open and demo actions (the start page offers the same three)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.demo_task: Task | None = None  # the demo being built, when it was not there yet

    def open_demo(self) -> None:
        """Open the demo program, building it first into the data folder (never a program database)."""
        window = self._window
        path = resources.data_dir() / "demo.db"
        if path.exists() and path.stat().st_size > 0:
            window.open_database(path)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        from reviewer.services import demo

        task = Task(lambda _p, _c: demo.build_demo(path))
        task.signals.finished.connect(lambda _r: window.open_database(path))
        task.signals.failed.connect(
            lambda exc: window.statusBar().showMessage(errors.describe(exc, window.lang))
        )
        window.statusBar().showMessage(self.tr("Building the demo program…"))
        self.demo_task = window.runner.start(task)

    def choose_database(self) -> None:
        from reviewer.ui import file_dialogs  # dialogs load when first used

        name = file_dialogs.open_file_name(
            self._window,
            self.tr("Open a program database"),
            "",
            self.tr("Reviewer databases (*.db *.review);;All files (*)"),
        )
        if name:
            self._window.open_database(Path(name))

    def choose_plan(self) -> None:
        from reviewer.ui import file_dialogs  # dialogs load when first used

        plan = file_dialogs.open_file_name(self._window, self.tr("Plan file"), "", "YAML (*.yaml *.yml)")
        if not plan:
            return
        target = file_dialogs.save_file_name(self._window, self.tr("New program database"), "", "*.db")
        if target:
            self.create_from_plan(Path(plan), Path(target))

    def create_from_plan(self, plan: Path, target: Path) -> bool:
        """Make a program database at `target` from `plan` and open it; False with the reason shown."""
        from reviewer.services import programs

        try:
            programs.init_database(target, plan)
        except Exception as exc:  # shown, not raised: the user picks another file
            self._window.statusBar().showMessage(errors.describe(exc, self._window.lang), 15000)
            return False
        self._window.open_database(target)
        return True
