"""The AppContext handed down by the composition root: the open database, language, FY, writability."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QObject, QSettings, Signal

from reviewer.core.models import Plan
from reviewer.services import evidence_table
from reviewer.services.desktop_reads import PackageInfo
from reviewer.store.db import moved_since_open
from reviewer.ui.jobs import JobLog
from reviewer.ui.workers import TaskRunner


class AppContext(QObject):
    """One open program database and the state every screen shares; screens call services with `db`.

    Writes are allowed only when the file is writable, quick_check has passed and the FY in view
    is not signed (the window's banner, `MainWindow.banner_text`, says which).
    """

    data_changed = Signal()
    fy_changed = Signal(int)
    language_changed = Signal(str)
    writable_changed = Signal(bool)
    evidence_requested = Signal(int)  # a screen asks the window to show this evidence record

    def __init__(
        self,
        path: Path,
        db: sqlite_utils.Database,
        *,
        lang: str,
        settings: QSettings,
        runner: TaskRunner,
        file_read_only: bool = False,
        package: PackageInfo | None = None,
        jobs: JobLog | None = None,
    ) -> None:
        super().__init__()
        # the window's jobs and messages: screens report renders and exports there (SPEC §9)
        self.jobs = jobs if jobs is not None else JobLog(lang, self)
        self.path = path
        self.db = db
        self.lang = lang
        self.settings = settings
        self.runner = runner
        self.file_read_only = file_read_only
        # a reviewer package opens in reviewer mode: only its owner's assessment is editable
        self.package = package
        self.check_passed = False
        self.check_failure: str | None = None
        self.live_plan: Plan = evidence_table.read_plan(db)
        self.signed: set[int] = evidence_table.signed_fys(db)
        self.fy = self._default_fy()
        # what the screens show: a signed FY's plan as sealed (titles, names, wording)
        self.plan: Plan = evidence_table.read_plan(db, self.fy)
        # SQLite's count of commits by other connections, as of the last read (see notice_outside_writes)
        self._seen_version = self._data_version()
        self.moved = False  # the file was moved away under the window (see moved_away, stop_writing)

    def _default_fy(self) -> int:
        if self.package is not None and self.package.fy is not None:
            return self.package.fy
        # the newest unsigned FY that has milestones: the one under review
        with_milestones = sorted({m.fy for m in self.live_plan.milestones})
        unsigned = [fy for fy in with_milestones if fy not in self.signed]
        if unsigned:
            return unsigned[0]
        if with_milestones:
            return with_milestones[-1]
        return self.live_plan.program.first_fy

    @property
    def fiscal_years(self) -> list[int]:
        live = self.live_plan
        return sorted({y.fy for y in live.fiscal_years} | {m.fy for m in live.milestones})

    def set_fy(self, fy: int) -> None:
        if fy != self.fy and fy in self.fiscal_years:
            self.fy = fy
            self.plan = evidence_table.read_plan(self.db, fy)
            self.fy_changed.emit(fy)
            self.writable_changed.emit(self.writable)

    def step_fy(self, delta: int) -> None:
        years = self.fiscal_years
        if self.fy in years:
            i = min(max(years.index(self.fy) + delta, 0), len(years) - 1)
            self.set_fy(years[i])

    def set_language(self, lang: str) -> None:
        if lang != self.lang:
            self.lang = lang
            self.language_changed.emit(lang)

    def set_check_result(self, answer: str) -> None:
        """quick_check's answer: 'ok' enables writes."""
        self.check_passed = answer == "ok"
        self.check_failure = None if self.check_passed else answer
        self.writable_changed.emit(self.writable)

    def reload(self) -> None:
        """Re-read plan and signed FYs after a write, and tell every screen."""
        self._seen_version = self._data_version()  # first: a commit during the re-read is seen next time
        self.live_plan = evidence_table.read_plan(self.db)
        self.signed = evidence_table.signed_fys(self.db)
        self.plan = evidence_table.read_plan(self.db, self.fy)
        self.data_changed.emit()
        self.writable_changed.emit(self.writable)

    def _data_version(self) -> int:
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def notice_outside_writes(self) -> bool:
        """Reload when another process (the command line, a second window) has committed to the
        file since the screens last read it, announcing the change as this window's own writes are
        (SPEC §9, "Always current"). SQLite's `data_version` counts other connections' commits,
        cheaply, without reading the file. While this window's own writer or report runs, its end
        reloads instead, so that each write is announced once. Returns whether it reloaded."""
        if self.runner.running or self.jobs.running():
            return False
        try:
            version = self._data_version()
        except sqlite3.Error:
            return False  # the file is unreadable now: the next write or F5 says why
        if version == self._seen_version:
            return False
        self.reload()
        return True

    def moved_away(self) -> bool:
        """True once the file at `path` is no longer the one open here: another program moved,
        renamed, deleted or replaced it."""
        return self.moved or moved_since_open(self.db)

    def stop_writing(self) -> None:
        """After `moved_away`: keep what was committed here, then write nothing more.

        In WAL mode SQLite goes on writing after such a move, into the `-wal` at the old name,
        which no longer belongs to the file: whoever opens the file where it is now would not see
        those commits (nor would closing here copy them: SQLite skips that for a moved file). So
        a checkpoint first copies every commit into the file itself, through the descriptor open
        here (wherever the file went), and empties that `-wal`; then this connection is
        `query_only` and every screen turns read-only (the window's banner says why)."""
        if self.moved:
            return
        self.moved = True
        try:
            if str(self.db.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self.db.execute("PRAGMA query_only = ON")
            self.writable_changed.emit(self.writable)

    @property
    def fy_signed(self) -> bool:
        return self.fy in self.signed

    @property
    def writable(self) -> bool:
        """Whether the program's screens may write (never in reviewer mode)."""
        return self._file_writable and not self.fy_signed and self.package is None

    @property
    def _file_writable(self) -> bool:
        return not self.file_read_only and self.check_passed and not self.moved

    @property
    def can_import(self) -> bool:
        """Evidence may be imported into a signed FY's database (it changes nothing signed)."""
        return self._file_writable and self.package is None

    @property
    def can_record(self) -> bool:
        """Responses and condition statuses may be added after sign-off too (their own tables)."""
        return self._file_writable and self.package is None

    def may_assess(self, reviewer_id: object) -> bool:
        """Whether `reviewer_id`'s assessment of the FY in view is editable here."""
        if not (self._file_writable and not self.fy_signed):
            return False
        if self.package is None:
            return True
        return reviewer_id == self.package.reviewer_id and self.package.fy in (None, self.fy)

    @property
    def can_edit_assessment(self) -> bool:
        """Whether any assessment is editable (undo, redo and save are enabled)."""
        return self.may_assess(self.package.reviewer_id) if self.package else self.writable


def file_is_read_only(path: Path) -> bool:
    """True when this user cannot write the file or its folder (SQLite needs both for WAL)."""
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
