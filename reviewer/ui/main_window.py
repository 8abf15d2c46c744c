"""The main window: composes the screens, installs the actions, connects signals; no domain logic."""

from __future__ import annotations

import functools
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

import sqlite_utils
from PySide6.QtCore import QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QMainWindow,
    QStackedWidget,
    QStyle,
    QStyleOptionComboBox,
    QToolButton,
    QWidget,
)

from reviewer import messages
from reviewer.core.errors import Refused
from reviewer.services import desktop_reads
from reviewer.store.db import BUSY_TIMEOUT_MS, refusal_for
from reviewer.ui import errors, i18n, labels, settings
from reviewer.ui.actions import ActionId, Actions, translate
from reviewer.ui.files import WindowFiles
from reviewer.ui.importing import WindowImports
from reviewer.ui.jobs import JobKind, JobLog, JobState
from reviewer.ui.opening import Opener
from reviewer.ui.packaging import WindowPackages
from reviewer.ui.session import AppContext, file_is_read_only
from reviewer.ui.views.base import Screen
from reviewer.ui.views.start import StartPage
from reviewer.ui.workers import Task, TaskRunner
from reviewer.ui.workspace import SCREENS, Workspace, screen_index

if TYPE_CHECKING:  # loaded when first used, not at start-up
    from reviewer.services import evidence
    from reviewer.ui.commands import AssessmentEditor
    from reviewer.ui.dialogs.settings_dialog import SettingsDialog
    from reviewer.ui.jobs_panel import JobsPanel
    from reviewer.ui.views.assessment import AssessmentView
    from reviewer.ui.views.evidence import EvidenceView
    from reviewer.ui.views.report import ReportView

S = TypeVar("S", bound=Screen)

# how long closing waits for the exit backup (it goes on in the background after that)
EXIT_BACKUP_WAIT_MS = 20_000
OUTSIDE_WRITES_MS = 1500  # how often the window asks SQLite whether another process has committed


def _same_file(a: Path, b: Path) -> bool:
    """The same file under any name (a hard link too); False when either cannot be read."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


class MainWindow(QMainWindow):
    """Start page until a database is open; then navigation, banner, screens and a task bar."""

    database_opened = Signal(str)
    open_failed = Signal(str)
    import_finished = Signal(object)

    def __init__(
        self, store: QSettings, translations: i18n.Translations, lang: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.translations = translations
        self.lang = lang
        self.setLocale(i18n.qt_locale(lang))
        self.runner = TaskRunner()
        self.jobs = JobLog(lang, self)
        # another process's commits (the command line, a second window) reach the screens too
        self.outside_writes = QTimer(self)
        self.outside_writes.setInterval(OUTSIDE_WRITES_MS)
        self.outside_writes.timeout.connect(self._notice_outside_writes)
        self.opener = Opener(self, self.runner, lambda: self.lang, self.jobs)
        self._opening = ""  # the file being opened: a failure is listed under its name
        self.opener.opened.connect(self._on_opener_opened)
        self.opener.failed.connect(self._on_opener_failed)
        self.exit_backup: Task | None = None
        self._opened_anchor: tuple[str, int] = ("", 0)
        self.ctx: AppContext | None = None
        self.workspace: Workspace | None = None
        self.setAcceptDrops(True)
        self.setMinimumSize(960, 600)
        self.actions_ = Actions(self)
        self.menus, self.toolbar = self.actions_.build(self)
        self.fy_box = QComboBox()
        self.fy_box.setMinimumWidth(110)
        self.toolbar.addWidget(self.fy_box)
        self.fy_box.currentIndexChanged.connect(self._on_fy_box_changed)
        self.start = StartPage()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.start)
        self.setCentralWidget(self.pages)
        self.jobs_panel: JobsPanel | None = None  # built the first time it is shown
        self.jobs_button = QToolButton()
        self.jobs_button.setObjectName("jobs_button")
        self.jobs_button.setAutoRaise(True)
        self.jobs_button.clicked.connect(self.toggle_jobs)
        self.jobs.changed.connect(self._update_jobs_button)
        # a failure shows the panel with the failed job chosen: errors are never only a passing note
        self.jobs.attention.connect(lambda job_id: self.show_jobs(focus=False, job_id=job_id))
        self.imports = WindowImports(self)
        self.imports.finished.connect(self.import_finished)
        self.statusBar().addPermanentWidget(self.jobs_button)
        self.packages = WindowPackages(self)
        self.files = WindowFiles(self)
        self.actions_.connect(self._handlers())
        self.start.demo_requested.connect(self.files.open_demo)
        self.start.open_requested.connect(self.files.choose_database)
        self.start.new_requested.connect(self.files.choose_plan)
        self.start.recent_chosen.connect(lambda p: self.open_database(Path(p)))
        self.start.set_recent(settings.RECENT_FILES.read(store))
        self.retranslate()
        self._update_enabled()
        geometry = settings.GEOMETRY.read(store)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 680)  # fits a 1280×720 screen with its title bar and panel

    # -- building -------------------------------------------------------------------------------
    def _handlers(self) -> dict[ActionId, Callable[[], object]]:
        handlers: dict[ActionId, Callable[[], object]] = {
            ActionId.OPEN: self.files.choose_database,
            ActionId.NEW: self.files.choose_plan,
            ActionId.OPEN_DEMO: self.files.open_demo,
            ActionId.IMPORT: self.imports.choose,
            ActionId.QUIT: self.close,
            ActionId.UNDO: lambda: self._with_assessment(lambda v: v.editor.stack.undo()),
            ActionId.REDO: lambda: self._with_assessment(lambda v: v.editor.stack.redo()),
            ActionId.SAVE: lambda: self._with_assessment(lambda v: v.editor.flush()),
            ActionId.REFRESH: lambda: self._with_ctx(lambda c: c.reload()),
            ActionId.FIND: self._focus_filter,
            ActionId.PREV_FY: lambda: self._with_ctx(lambda c: c.step_fy(-1)),
            ActionId.NEXT_FY: lambda: self._with_ctx(lambda c: c.step_fy(1)),
            ActionId.SWITCH_LANGUAGE: lambda: self.set_language("en" if self.lang == "ja" else "ja"),
            ActionId.PREVIEW_REPORT: self._preview_report,
            ActionId.EXPORT_REPORT: self._export_report,
            ActionId.CANCEL_TASK: self._cancel_tasks,
            ActionId.SHORTCUTS: self.show_shortcuts,
            ActionId.JOBS: self.toggle_jobs,
            ActionId.SETTINGS: self.show_settings,
            ActionId.ATTACH_DOCUMENTS: lambda: self._with_evidence(lambda v: v.choose_documents()),
            ActionId.ADD_MANUAL: lambda: self._with_evidence(lambda v: v.show_manual_dialog()),
            ActionId.EXPORT_PACKAGE: self.packages.choose_export,
            ActionId.MERGE_PACKAGES: self.packages.choose_merge,
        }
        for n, (_text, _cls, action) in enumerate(SCREENS):
            handlers[action] = functools.partial(self.show_screen, n)
        return handlers

    def _with_assessment(self, act: Callable[[AssessmentView], object]) -> None:
        view = self._assessment()
        if view is not None:
            act(view)

    def _with_evidence(self, act: Callable[[EvidenceView], object]) -> None:
        from reviewer.ui.views.evidence import EvidenceView

        view = self._screen_of(EvidenceView)
        if view is not None:
            self.show_screen(screen_index("EvidenceView"))
            act(view)

    def show_settings(self) -> SettingsDialog:
        """Open the settings dialog (not modal to the event loop: tests and users both answer it)."""
        from reviewer.ui.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.store, self)
        self.settings_dialog = dialog

        def accepted() -> None:
            lang = dialog.save()
            self.set_language(lang or i18n.system_lang(), remember=False)

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def _cancel_tasks(self) -> None:
        """Esc: cancel imports and merges on the worker, and a report render in its child process."""
        self.runner.cancel_all()
        from reviewer.ui.views.report import ReportView

        workspace = self._open_workspace()
        built = [] if workspace is None else workspace.built()
        for screen in built:
            if isinstance(screen, ReportView):
                screen.cancel_render()

    def show_shortcuts(self) -> QWidget:
        """Help → Keyboard shortcuts: every action with its key, in the window's language."""
        from reviewer.ui.dialogs.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self.actions_.shortcut_table(), self)
        self.shortcuts_dialog = dialog
        dialog.open()
        return dialog

    # -- jobs and messages ------------------------------------------------------------------------
    def show_jobs(self, *, focus: bool = True, job_id: int | None = None) -> JobsPanel:
        """The Jobs and messages panel, shown (built on first use); `focus` puts the keyboard on it."""
        panel = self.jobs_panel
        if panel is None:
            from reviewer.ui.jobs_panel import JobsPanel

            panel = JobsPanel(self.jobs, self)
            panel.setMaximumHeight(240)  # the window still fits a 1280×720 screen with it open
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, panel)
            self.jobs_panel = panel
            first = True
        else:
            first = False
        panel.show()
        panel.raise_()
        if first:  # once laid out: five jobs in view, not one
            self.resizeDocks([panel], [200], Qt.Orientation.Vertical)
        if job_id is not None:
            panel.select_job(job_id)
        if focus:
            panel.focus_list()
        return panel

    def toggle_jobs(self) -> None:
        """Ctrl+J: show the panel with the keyboard on it; hide it when it already has the keyboard."""
        panel, focused = self.jobs_panel, QApplication.focusWidget()
        if panel is not None and panel.isVisible() and focused is not None and panel.isAncestorOf(focused):
            panel.hide()
        else:
            self.show_jobs()

    def _update_jobs_button(self) -> None:
        n, running = self.jobs.rowCount(), self.jobs.running()
        self.jobs_button.setText(
            messages.text("jobs-button-running", self.lang, n=n, running=running)
            if running
            else messages.text("jobs-button", self.lang, n=n)
        )
        self.jobs_button.setToolTip(messages.text("jobs-title", self.lang) + " (Ctrl+J)")

    def _with_ctx(self, act: Callable[[AppContext], object]) -> None:
        if self.ctx is not None:
            act(self.ctx)

    def _export_report(self) -> None:
        report = self._report()
        if report is not None:
            report.export_pdf()

    def _build_workspace(self, ctx: AppContext) -> None:
        self.workspace = Workspace(ctx, settings.LAST_SCREEN.read(self.store))
        old = self.pages.widget(1)
        if old is not None:
            self.pages.removeWidget(old)
            old.deleteLater()
        self.pages.addWidget(self.workspace)
        self.pages.setCurrentIndex(1)

    # -- opening --------------------------------------------------------------------------------
    def open_database(self, path: Path, *, read_only: bool | None = None) -> Task:
        """Open a program database or reviewer package: the start-up gate runs on the worker first.

        `read_only` defaults to whether this user can write the file and its folder. The result
        arrives as `database_opened` (or a message, or the damage / network dialog); returns the
        gate's task.
        """
        path = path.resolve()
        if self.ctx is not None and _same_file(self.ctx.path, path):
            # the gate opens the file itself: in this process that would drop our own SQLite locks
            self.close_database()
        if read_only is None:
            read_only = file_is_read_only(path) if path.exists() else False
        self.statusBar().showMessage(self.tr("Checking %1…").replace("%1", path.name))
        self._opening = path.name
        return self.opener.open(path, read_only)

    def _on_opener_failed(self, text: str) -> None:
        self.statusBar().showMessage(text, 15000)
        self.jobs.note(JobKind.OPEN, self._opening, JobState.FAILED, text)
        self.open_failed.emit(text)

    def _on_opener_opened(self, path: Path, db: object, read_only: bool) -> None:
        assert isinstance(db, sqlite_utils.Database)
        self.close_database()
        ctx = AppContext(
            path,
            db,
            lang=self.lang,
            settings=self.store,
            runner=self.runner,
            file_read_only=read_only,
            package=desktop_reads.package_info(db),
            jobs=self.jobs,
        )
        # the gate has just run quick_check (integrity_check after an unclean shutdown) on this file
        ctx.set_check_result("ok")
        self._opened_anchor = desktop_reads.chain_anchor(db)
        self.ctx = ctx
        self._build_workspace(ctx)
        ctx.writable_changed.connect(lambda _w: self._update_enabled())
        ctx.fy_changed.connect(lambda _fy: self._fill_fy_box())
        ctx.evidence_requested.connect(self.show_evidence)
        # one write anywhere: the banner and the FY box (a signed FY's mark) follow at once
        ctx.data_changed.connect(self._fill_fy_box)
        self._fill_fy_box()
        self.retranslate()
        self._update_enabled()
        recent = settings.add_recent(self.store, str(path))
        self.start.set_recent(recent)
        self.statusBar().clearMessage()
        self.outside_writes.start()
        self.database_opened.emit(str(path))

    def _editors(self) -> list[AssessmentEditor]:
        """The built screens' assessment editors (only the assessment form has one)."""
        found = (getattr(screen, "editor", None) for screen in self.built_screens())
        return [cast("AssessmentEditor", editor) for editor in found if editor is not None]

    def _unsaved_typing_may_go(self) -> bool:
        """Before the window closes: save the assessment form's typing, waiting as long as any
        write waits for another process's lock; if it still cannot be saved, ask (No keeps the
        window open, and the form tries again every few seconds)."""
        if self.ctx is None:
            return True
        editors = self._editors()
        for editor in editors:
            editor.flush(patience_ms=BUSY_TIMEOUT_MS)
        if not any(editor.dirty for editor in editors):
            return True
        from PySide6.QtWidgets import QMessageBox  # loaded when first asked, not at start-up

        answer = QMessageBox.question(
            self,
            self.tr("Unsaved assessment"),
            self.tr(
                "Some of the assessment's typing could not be saved (the assessment screen says"
                " why: another program writing to the file, a full disk). Close anyway and lose it?"
                " No keeps the window open; the form tries to save it again every few seconds."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _notice_outside_writes(self) -> None:
        """`outside_writes`' tick. The open file moved away (renamed, deleted, replaced): the window
        stops writing to it (`AppContext.stop_writing`). Another process's commits: reloaded, but
        not while the assessment form holds typing not yet saved: its save (a second after the
        last key) comes first, and rebuilding the form under the cursor would take the field away."""
        ctx = self.ctx
        if ctx is None or ctx.moved:
            return
        try:
            self._outside_writes_tick(ctx)
        except sqlite3.Error as exc:  # the file went bad under the window: said, never a traceback
            self.statusBar().showMessage(errors.describe(_unreadable(exc, ctx.path), self.lang), 15000)

    def _outside_writes_tick(self, ctx: AppContext) -> None:
        editors = self._editors()
        if ctx.moved_away():
            if self.runner.running:
                return  # this window's import or merge ends first: its commit is kept too
            # what the form holds is saved (into the moved file, through SQLite's open descriptor)
            # before the window stops writing
            for editor in editors:
                editor.flush(patience_ms=BUSY_TIMEOUT_MS)
            ctx.stop_writing()
            self.statusBar().showMessage(self.banner_text())
            return
        if any(editor.dirty for editor in editors):
            return
        ctx.notice_outside_writes()

    def close_database(self, *, backup_wait_ms: int = EXIT_BACKUP_WAIT_MS) -> None:
        """Save pending edits, close the database, and back it up when this session wrote to it.

        The backup runs on the worker; closing waits for it at most `backup_wait_ms`.
        """
        if self.ctx is None:
            return
        self.outside_writes.stop()
        for editor in self._editors():  # the assessment form saves what is pending
            editor.flush()
        self.runner.wait()
        ctx, self.ctx = self.ctx, None
        try:
            # a file moved away under the window is not the one at ctx.path: not backed up as it
            written = (
                not ctx.file_read_only
                and not ctx.moved
                and desktop_reads.chain_anchor(ctx.db) != self._opened_anchor
            )
        except sqlite3.Error:  # damaged under the window: a backup of it would be refused anyway
            written = False
        ctx.db.close()
        if written:
            self.statusBar().showMessage(self.tr("Backing up %1…").replace("%1", ctx.path.name))
            job = self.jobs.start(JobKind.BACKUP, ctx.path.name)
            task = Task(lambda _p, _c: desktop_reads.backup_on_exit(ctx.path))
            task.signals.finished.connect(lambda result: self._on_backup_finished(job, result))
            task.signals.failed.connect(
                lambda exc: self.jobs.finish(job, JobState.FAILED, errors.describe(exc, self.lang))
            )
            self.exit_backup = self.runner.start(task)
            self.runner.wait(backup_wait_ms)

    def _on_backup_finished(self, job: int, result: object) -> None:
        path = getattr(result, "path", None)
        if getattr(result, "skipped", False):
            reused = functools.partial(messages.text, "jobs-backup-reused")
            self.jobs.finish(job, JobState.SKIPPED, reused, output=path)
        else:
            made = functools.partial(messages.text, "jobs-backed-up", path=str(path))
            self.jobs.finish(job, JobState.DONE, made, output=path)

    # -- imports --------------------------------------------------------------------------------
    def import_files(self, paths: list[Path], options: evidence.ImportOptions | None = None) -> list[Task]:
        """Queue each file as its own import on the writer thread; returns the tasks."""
        return self.imports.start(paths, options)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.imports.start(paths)

    # -- navigation, language, state -----------------------------------------------------------
    def _open_workspace(self) -> Workspace | None:
        """The workspace while a database is open."""
        return self.workspace if self.ctx is not None else None

    def screen_at(self, n: int) -> Screen:
        """The n-th screen, built on first use (a database must be open)."""
        workspace = self._open_workspace()
        assert workspace is not None
        return workspace.screen_at(n)

    @property
    def screens(self) -> list[Screen]:
        """Every screen (building those not built yet)."""
        workspace = self._open_workspace()
        return [] if workspace is None else workspace.screens()

    def built_screens(self) -> list[Screen]:
        return [] if self.workspace is None else self.workspace.built()

    def show_screen(self, n: int) -> None:
        workspace = self._open_workspace()
        if workspace is not None:
            workspace.show_screen(n)

    def current_screen(self) -> Screen | None:
        workspace = self._open_workspace()
        return None if workspace is None else workspace.current()

    def _screen_of(self, cls: type[S]) -> S | None:
        workspace = self._open_workspace()
        return None if workspace is None else workspace.screen_of(cls)

    def _assessment(self) -> AssessmentView | None:
        from reviewer.ui.views.assessment import AssessmentView

        return self._screen_of(AssessmentView)

    def _report(self) -> ReportView | None:
        from reviewer.ui.views.report import ReportView

        return self._screen_of(ReportView)

    def show_evidence(self, evidence_id: int) -> None:
        """Linked navigation: the Evidence screen with this record's provenance and raw record."""
        from reviewer.ui.views.evidence import EvidenceView

        view = self._screen_of(EvidenceView)
        if view is not None:
            self.show_screen(screen_index("EvidenceView"))
            view.show_detail(evidence_id)

    def _focus_filter(self) -> None:
        from reviewer.ui.views.evidence import EvidenceView

        evidence_view = self._screen_of(EvidenceView)
        if evidence_view is not None:
            self.show_screen(screen_index("EvidenceView"))
            evidence_view.focus_filter()

    def _preview_report(self) -> None:
        report = self._report()
        if report is not None:
            self.show_screen(screen_index("ReportView"))
            report.start_render()

    def _fill_fy_box(self) -> None:
        ctx = self.ctx
        self.fy_box.blockSignals(True)
        self.fy_box.clear()
        if ctx is not None:
            for fy in ctx.fiscal_years:
                # words, not a lock glyph: the bundled font has no emoji (it showed as an empty box)
                mark = " " + self.tr("(signed)") if fy in ctx.signed else ""
                self.fy_box.addItem(labels.fiscal_year(fy, self.lang) + mark, fy)
            self.fy_box.setCurrentIndex(max(self.fy_box.findData(ctx.fy), 0))
        self.fy_box.blockSignals(False)
        self._fit_fy_box()
        self._update_banner()

    def _fit_fy_box(self) -> None:
        """As wide as its longest item: "2027年度 （決裁済み）" was cut to "2027年度 （決" (the box
        kept the width of its first items, and Qt's own fit to contents fell a few pixels short)."""
        box = self.fy_box
        metrics = box.fontMetrics()
        widest = max((metrics.horizontalAdvance(box.itemText(n)) for n in range(box.count())), default=0)
        option = QStyleOptionComboBox()
        box.initStyleOption(option)
        inner = QSize(widest + metrics.averageCharWidth(), metrics.height())
        needed = box.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option, inner, box).width()
        box.setMinimumWidth(max(110, needed))

    def _on_fy_box_changed(self, _index: int) -> None:
        fy = self.fy_box.currentData()
        if self.ctx is not None and isinstance(fy, int):
            self.ctx.set_fy(fy)

    def set_language(self, lang: str, *, remember: bool = True) -> None:
        """Switch the whole window to `lang` (kept in QSettings unless `remember` is False)."""
        if lang not in i18n.LANGS:
            return
        self.translations.install(lang)
        self.setLocale(i18n.qt_locale(lang))  # every child without its own: calendars, dialogs
        self.lang = lang
        if remember:
            settings.LANGUAGE.write(self.store, lang)
        if self.ctx is not None:
            self.ctx.set_language(lang)
        self.statusBar().clearMessage()  # a passing note in the old language; the Jobs panel keeps it
        self.retranslate()
        for screen in self.built_screens():
            screen.retranslate()

    def retranslate(self) -> None:
        self.actions_.retranslate()
        for menu in self.menus:
            menu.setTitle(translate(str(menu.property("source_title"))))
        self.start.retranslate()
        self.imports.retranslate()
        self.jobs.set_language(self.lang)
        self._update_jobs_button()
        if self.jobs_panel is not None:
            self.jobs_panel.retranslate()
        title = self.tr("Stage-gate reviewer")
        if self.ctx is not None:
            program = self.ctx.plan.program
            name = program.names.ja if self.lang == "ja" else program.names.en
            title = f"{name} — {self.ctx.path.name} — {title}"
            if self.workspace is not None:
                self.workspace.retranslate()
            self._fill_fy_box()
        self.setWindowTitle(title)

    def banner_text(self) -> str:
        """Why the open database cannot be changed here, or empty when it can."""
        ctx = self.ctx
        if ctx is None:
            return ""
        if ctx.moved:
            return self.tr(
                "Read-only: another program moved, renamed, deleted or replaced %1 while it was open"
                " here. Nothing more is written to it; open the file again where it is now."
            ).replace("%1", str(ctx.path))
        if ctx.file_read_only:
            return self.tr("Read-only: this file cannot be written (permissions). Nothing can be changed.")
        if ctx.check_failure is not None:
            return self.tr("Read-only: the database failed its integrity check (%1).").replace(
                "%1", ctx.check_failure
            )
        if not ctx.check_passed:
            return self.tr("Checking the database… changes are disabled until the check passes.")
        if ctx.package is not None:
            reviewer = next((r for r in ctx.plan.reviewers if r.id == ctx.package.reviewer_id), None)
            return (
                self.tr(
                    "Reviewer package of %1: only your own assessment of %2 can be edited;"
                    " the other screens are read-only and other reviewers' assessments are not included."
                )
                .replace("%1", f"{ctx.package.reviewer_id} {reviewer.name if reviewer else ''}".strip())
                .replace("%2", labels.fiscal_year(ctx.package.fy or ctx.fy, self.lang))
            )
        if ctx.fy_signed:
            return self.tr(
                "%1 is signed: its decision, assessments and statuses are locked (read-only)."
            ).replace("%1", labels.fiscal_year(ctx.fy, self.lang))
        return ""

    def _update_banner(self) -> None:
        if self.ctx is not None and self.workspace is not None:
            self.workspace.set_banner(self.banner_text())

    def _update_enabled(self) -> None:
        ctx = self.ctx
        has_db = ctx is not None
        for key in (
            ActionId.REFRESH,
            ActionId.PREV_FY,
            ActionId.NEXT_FY,
            ActionId.FIND,
            ActionId.PREVIEW_REPORT,
        ):
            self.actions_[key].setEnabled(has_db)
        for n, (_text, _cls, key) in enumerate(SCREENS):
            offered = self.workspace is None or self.workspace.offers(n)
            self.actions_[key].setEnabled(has_db and offered)
        reviewer_mode = ctx is not None and ctx.package is not None
        for key in (ActionId.PREVIEW_REPORT, ActionId.EXPORT_REPORT):
            self.actions_[key].setEnabled(has_db and not reviewer_mode)
        for key in (ActionId.IMPORT, ActionId.ATTACH_DOCUMENTS, ActionId.ADD_MANUAL):
            self.actions_[key].setEnabled(has_db and ctx is not None and ctx.can_import)
        for key in (ActionId.EXPORT_PACKAGE, ActionId.MERGE_PACKAGES):
            # like imports: a writable program database (never in reviewer mode)
            self.actions_[key].setEnabled(ctx is not None and ctx.can_import)
        writable = ctx is not None and ctx.can_edit_assessment
        for key in (ActionId.UNDO, ActionId.REDO, ActionId.SAVE):
            self.actions_[key].setEnabled(writable)
        self.fy_box.setEnabled(has_db)
        self._update_banner()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._unsaved_typing_may_go():
            event.ignore()
            return
        settings.GEOMETRY.write(self.store, self.saveGeometry())
        if self.ctx is not None and self.workspace is not None:
            settings.LAST_SCREEN.write(self.store, self.workspace.current_index())
        self.runner.cancel_all()
        self.close_database()
        self.store.sync()
        if "reviewer.services.documents" in sys.modules:  # a document was opened (not needed at start)
            from reviewer.services import documents

            documents.remove_copies()  # the read-only copies of documents opened in this session
        super().closeEvent(event)


def _unreadable(exc: sqlite3.Error, path: Path) -> Refused:
    """What SQLite said of the open file, as a refusal a person reads (E-DB-READ-FAILED when it
    is none of SPEC §10's file states: the file went bad under the window)."""
    return refusal_for(exc, path) or Refused("E-DB-READ-FAILED", path=str(path), detail=str(exc))
