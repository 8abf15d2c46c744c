"""Reviewer packages from the window: one exported for a reviewer, returned ones merged, both on the
writer thread; the outcome in the status bar and, for a merge, every conflict listed."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from reviewer import messages
from reviewer.core.errors import InputRefused, Refused
from reviewer.ui import errors
from reviewer.ui.jobs import JobKind, JobState
from reviewer.ui.workers import Task

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from reviewer.services.packages import Merged
    from reviewer.ui.main_window import MainWindow
    from reviewer.ui.session import AppContext


def merge_summary(results: list[Merged], lang: str) -> str:
    """Per package: what applied and every conflict (SPEC §11's lines), or why it was refused."""
    lines: list[str] = []
    for result in results:
        if isinstance(result.refused, InputRefused):
            lines += errors.problem_lines(result.refused, lang)
        elif isinstance(result.refused, Refused):
            lines.append(f"{result.file}: {errors.describe(result.refused, lang)}")
        else:
            lines.append(
                messages.text(
                    "merge-done",
                    lang,
                    file=result.file,
                    targets=result.targets,
                    items=result.items_changed,
                    comments=result.comments_changed,
                )
            )
            lines += [conflict.line() for conflict in result.conflicts]
            if result.conflicts:
                lines.append(
                    messages.counted("merge-conflicts", lang, len(result.conflicts), n=len(result.conflicts))
                )
    return "\n".join(lines)


class WindowPackages(QObject):
    """Export and merge for the secretariat. `exported` carries the Exported or the exception;
    `merged` the list of Merged (one per package) or the exception."""

    exported = Signal(object)
    merged = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.summary = ""  # the last merge's outcome, as shown
        self.box: QMessageBox | None = None

    def _ready(self) -> AppContext | None:
        """The open program database's context when packages can be exchanged (as for imports:
        writable, not a package); otherwise None, with the reason in the status bar."""
        window = self._window
        if window.ctx is not None and window.ctx.can_import:
            return window.ctx
        reason = window.banner_text() or self.tr("open a program database first")
        window.statusBar().showMessage(self.tr("Packages are not available: %1").replace("%1", reason))
        return None

    # -- export -----------------------------------------------------------------------------------
    def choose_export(self) -> None:
        from PySide6.QtWidgets import QInputDialog  # dialogs load when first used

        from reviewer.ui import file_dialogs

        ctx = self._ready()
        if ctx is None:
            return
        names = [f"{r.id} {r.name}" for r in ctx.plan.reviewers]
        chosen, ok = QInputDialog.getItem(
            self._window, self.tr("Export reviewer package"), self.tr("Reviewer"), names, 0, False
        )
        if not ok or not chosen:
            return
        reviewer_id = chosen.split(" ", 1)[0]
        suggested = str(ctx.path.parent / f"{ctx.plan.program.code}-{reviewer_id}.review")
        target = file_dialogs.save_file_name(
            self._window,
            self.tr("Export reviewer package"),
            suggested,
            self.tr("Reviewer packages (*.review)"),
        )
        if target:
            self.export(reviewer_id, Path(target))

    def export(self, reviewer_id: str, output: Path) -> Task | None:
        """Write `reviewer_id`'s package (the newest unsigned FY with milestones) to `output`."""
        ctx = self._ready()
        if ctx is None:
            return None
        db_path = ctx.path
        job = self._window.jobs.start(JobKind.PACKAGE, f"{reviewer_id} → {output.name}")
        from reviewer.services import evidence_table  # loaded when a package is made, not at start-up

        task = Task(lambda _p, _c: evidence_table.export_package_at(db_path, reviewer_id, output))
        task.signals.finished.connect(lambda done: self._on_exported(job, done))
        task.signals.failed.connect(lambda exc: self._on_failed_export(job, exc))
        return self._window.runner.start(task)

    def _on_exported(self, job: int, done: object) -> None:
        window = self._window
        params = {k: getattr(done, k) for k in ("path", "reviewer", "fy", "export_id")}
        text = messages.text("export-done", window.lang, **params)
        window.statusBar().showMessage(text, 15000)
        words = functools.partial(messages.text, "export-done", **params)
        window.jobs.finish(job, JobState.DONE, words, output=getattr(done, "path", None))
        if window.ctx is not None:
            window.ctx.reload()
        self.exported.emit(done)

    def _on_failed_export(self, job: int, exc: object) -> None:
        if isinstance(exc, BaseException):
            text = errors.describe(exc, self._window.lang)
            self._window.statusBar().showMessage(text, 15000)
            self._window.jobs.finish(job, JobState.FAILED, text)
        self.exported.emit(exc)

    # -- merge --------------------------------------------------------------------------------------
    def choose_merge(self) -> None:
        from reviewer.ui import file_dialogs  # dialogs load when first used

        if self._ready() is None:
            return
        names = file_dialogs.open_file_names(
            self._window, self.tr("Merge reviewer packages"), "", self.tr("Reviewer packages (*.review)")
        )
        if names:
            self.merge([Path(n) for n in names])

    def merge(self, paths: list[Path]) -> Task | None:
        """Merge each package in its own transaction after one verified backup (writer thread)."""
        ctx = self._ready()
        if ctx is None:
            return None
        db_path = ctx.path
        job = self._window.jobs.start(JobKind.MERGE, ", ".join(p.name for p in paths))
        from reviewer.services import evidence_table

        task = Task(lambda _p, _c: evidence_table.merge_packages_at(db_path, list(paths)))
        task.signals.finished.connect(lambda results: self._on_merged(job, results))
        task.signals.failed.connect(lambda exc: self._on_failed_merge(job, exc))
        self._window.statusBar().showMessage(self.tr("Merging %1 packages…").replace("%1", str(len(paths))))
        return self._window.runner.start(task)

    def _on_merged(self, job: int, results: object) -> None:
        from PySide6.QtWidgets import QMessageBox

        window = self._window
        found = results if isinstance(results, list) else []
        self.summary = merge_summary(found, window.lang)
        conflicts = sum(len(r.conflicts) for r in found)
        refused = sum(1 for r in found if r.refused is not None)
        window.statusBar().showMessage(
            self.tr("Merged %1 packages: %2 conflicts not applied, %3 refused.")
            .replace("%1", str(len(found) - refused))
            .replace("%2", str(conflicts))
            .replace("%3", str(refused)),
            15000,
        )
        done = functools.partial(
            messages.text, "jobs-merged", done=len(found) - refused, conflicts=conflicts, refused=refused
        )
        # conflicts and refusals are listed until dismissed: the box closes, the panel keeps them
        state = JobState.FAILED if refused else JobState.DONE
        window.jobs.finish(job, state, done, functools.partial(merge_summary, found))
        icon = QMessageBox.Icon.Warning if conflicts or refused else QMessageBox.Icon.Information
        box = QMessageBox(
            icon, self.tr("Merge reviewer packages"), self.summary, QMessageBox.StandardButton.Ok, window
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.finished.connect(lambda _r: box.deleteLater())
        self.box = box
        box.open()
        if window.ctx is not None:
            window.ctx.reload()
        self.merged.emit(found)

    def _on_failed_merge(self, job: int, exc: object) -> None:
        if isinstance(exc, BaseException):
            text = errors.describe(exc, self._window.lang)
            self._window.statusBar().showMessage(text, 15000)
            self._window.jobs.finish(job, JobState.FAILED, text)
        self.merged.emit(exc)
