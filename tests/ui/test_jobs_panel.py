"""Jobs and messages (SPEC §9, issue 15): imports, renders, exports, packages, merges and backups
each appear as a job with its state and result, and errors and notes stay until dismissed — a
skipped duplicate import was a status-bar note that vanished in seconds. Everything goes through
the window: real imports into a real database, the real worker thread, the keyboard."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest

from reviewer.ui.actions import ActionId
from reviewer.ui.jobs import JobKind, JobState
from reviewer.ui.views.imports import ImportsView
from tests.conftest import REPO
from tests.ui.conftest import wait_checked

DATA = REPO / "tests" / "data" / "ui"


def _open(window, qtbot, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)


def _import(window, qtbot, path: Path):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.import_finished, timeout=20000) as done:
        window.import_files([path])
    return done.args[0]


def _batches(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM import_batch").fetchone()[0])
    finally:
        conn.close()


def test_an_import_and_its_duplicate_stay_listed_until_dismissed(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, qtbot, demo_db)
    first = _import(window, qtbot, DATA / "fleet_demo.csv")
    again = _import(window, qtbot, DATA / "fleet_demo.csv")
    assert again.batch_id == first.batch_id and _batches(demo_db) == first.batch_id
    jobs = window.jobs.jobs()
    skipped, done = jobs[0], jobs[1]  # newest first
    assert (done.kind, done.state, done.subject) == (JobKind.IMPORT, JobState.DONE, "fleet_demo.csv")
    assert done.summary == f"Imported 5 records as batch {first.batch_id}"
    assert skipped.state is JobState.SKIPPED
    assert skipped.summary == f"Already imported (batch {first.batch_id}), skipped"
    # the status bar's note goes (after seconds); the job stays, and the table shows it in words
    window.statusBar().clearMessage()
    qtbot.wait(50)
    window.set_language("ja")  # worded in the window's language, then back
    assert window.jobs.jobs()[0].summary == f"取り込み済み（バッチ {first.batch_id}）のためスキップしました"
    window.set_language("en")
    log = window.jobs
    assert [log.index(0, c).data() for c in range(3)] == ["Skipped", "Import", "fleet_demo.csv"]
    assert window.jobs_button.text() == "Jobs: 2"
    # the keyboard: Ctrl+J shows the panel with the list focused, Delete dismisses the chosen job
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    QTest.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    panel = window.jobs_panel
    assert panel is not None and panel.isVisible()
    qtbot.waitUntil(panel.table.hasFocus, timeout=3000)
    assert panel.selected() == [skipped]
    assert "Already imported" in panel.details.toPlainText()
    QTest.keyClick(panel.table, Qt.Key.Key_Delete)
    assert [j.id for j in window.jobs.jobs()] == [done.id]
    assert window.jobs_button.text() == "Jobs: 1"
    QTest.keyClick(panel.table, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert not panel.isVisible()
    # the panel and its jobs outlive the database they ran on
    window.close_database()
    assert [j.id for j in window.jobs.jobs()][-1] == done.id


def test_a_refused_file_opens_the_panel_with_every_problem(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, qtbot, demo_db)
    before = _batches(demo_db)
    _import(window, qtbot, DATA / "fleet_bad.csv")
    assert _batches(demo_db) == before
    [job] = window.jobs.jobs()
    assert job.state is JobState.FAILED and job.summary.startswith("Refused: ")
    assert "fleet_bad.csv:3" in job.details and "fleet_bad.csv:4" in job.details and "E-NUMBER" in job.details
    panel = window.jobs_panel
    assert panel is not None and panel.isVisible()  # a failure shows itself
    assert panel.selected() == [job] and "fleet_bad.csv:4" in panel.details.toPlainText()
    assert window.jobs.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None  # marked in colour
    # Japanese: the same job in the other language's words, its result and every problem too
    window.set_language("ja")
    assert window.jobs.index(0, 0).data() == "失敗" and window.jobs.index(0, 1).data() == "取り込み"
    assert panel.windowTitle() == "ジョブとメッセージ" and window.jobs_button.text() == "ジョブ 1"
    assert window.jobs.headerData(3, Qt.Orientation.Horizontal) == "結果"
    [job] = window.jobs.jobs()
    assert job.summary == "拒否: 問題 2 件" and "fleet_bad.csv:3" in job.details
    assert "robots_deployed" in job.details and "is not a number" not in job.details
    # the Imports screen's list of refused files is worded again as well
    imports = window.workspace.screen_of(ImportsView)
    assert "fleet_bad.csv:3" in imports.errors.toPlainText()
    assert (
        "is not a number" not in imports.errors.toPlainText()
        and "refused" not in imports.errors.toPlainText()
    )
    # what the user cleared stays cleared when the language changes again
    imports.clear_errors.click()
    window.set_language("en")
    assert imports.errors.toPlainText() == ""
    assert window.jobs.jobs()[0].summary == "Refused: 2 problems"


def test_an_import_dropped_where_importing_is_disabled_says_why(
    window, demo_db: Path, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _open(window, qtbot, demo_db)
    out = tmp_path / "R03.review"
    with qtbot.waitSignal(window.packages.exported, timeout=30000):
        window.packages.export("R03", out)
    with qtbot.waitSignal(window.database_opened, timeout=30000):
        window.open_database(out)
    wait_checked(qtbot, window)
    assert window.import_files([DATA / "fleet_demo.csv"]) == []
    job = window.jobs.jobs()[0]
    assert job.kind is JobKind.IMPORT and job.state is JobState.FAILED
    assert job.summary.startswith("Importing is disabled: Reviewer package of R03")
    package = window.jobs.jobs()[1]
    assert package.kind is JobKind.PACKAGE and package.state is JobState.DONE and package.output == out
    # Open result on a job whose file has gone says so in the panel, and opens nothing
    panel = window.show_jobs()
    panel.select_job(package.id)
    assert panel.open_button.isEnabled() and str(out) in panel.details.toPlainText()
    moved = out.with_name("elsewhere.review")
    window.close_database()
    out.rename(moved)
    with qtbot.waitSignal(panel.open_failed, timeout=2000) as said:
        panel.open_button.click()
    assert str(out) in said.args[0] and said.args[0] in panel.details.toPlainText()


def test_a_merge_lists_its_conflict_until_dismissed(window, demo_db: Path, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from reviewer.services import assessments
    from reviewer.store.db import open_database

    _open(window, qtbot, demo_db)
    out = tmp_path / "R04.review"
    with qtbot.waitSignal(window.packages.exported, timeout=30000):
        window.packages.export("R04", out)
    package = open_database(out)
    assessments.save_target(package, assessments.TargetValues("R04", 2027, "outcomes", "B"))
    package.close()
    here = open_database(demo_db)
    assessments.save_target(here, assessments.TargetValues("R04", 2027, "outcomes", "D"))
    here.close()
    with qtbot.waitSignal(window.packages.merged, timeout=30000):
        window.packages.merge([out])
    window.packages.box.accept()  # the box closes; the job keeps the conflict
    job = window.jobs.jobs()[0]
    assert job.kind is JobKind.MERGE and job.state is JobState.DONE and job.subject == "R04.review"
    assert job.summary == "1 merged, 1 conflicts not applied, 0 refused"
    assert "R04 2027/outcomes rating: here=D package=B" in job.details


def test_a_cancelled_render_and_the_exit_backup_are_jobs(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from reviewer.ui.views.report import ReportView

    _open(window, qtbot, demo_db)
    report = window.workspace.screen_of(ReportView)
    window.show_screen(window.workspace.stack.indexOf(report))
    with qtbot.waitSignal(report.render_finished, timeout=20000):
        window.actions_[ActionId.PREVIEW_REPORT].trigger()
        assert window.jobs.jobs()[0].state is JobState.RUNNING
        assert window.jobs_button.text() == "Jobs: 1 (1 running)"
        window.actions_[ActionId.CANCEL_TASK].trigger()
    render = window.jobs.jobs()[0]
    assert render.kind is JobKind.RENDER and render.state is JobState.CANCELLED
    assert render.summary == "Cancelled; no file was left"
    # a write, then closing the database: its exit backup is a job with the file it wrote
    _import(window, qtbot, DATA / "fleet_demo.csv")
    window.close_database()
    qtbot.waitUntil(lambda: window.jobs.jobs()[0].state is not JobState.RUNNING, timeout=30000)
    backup = window.jobs.jobs()[0]
    assert backup.kind is JobKind.BACKUP and backup.state is JobState.DONE, backup
    assert backup.output is not None and backup.output.exists() and backup.output.parent.name == "backups"
    assert window.jobs_button.text() == "Jobs: 3"


def test_the_shortcut_is_in_help_and_the_readme(window) -> None:  # type: ignore[no-untyped-def]
    window.actions_[ActionId.SHORTCUTS].trigger()
    table = window.shortcuts_dialog.table
    texts = {table.item(n, 0).text(): table.item(n, 1).text() for n in range(table.rowCount())}
    assert texts["Jobs and messages"] == "Ctrl+J"
    window.shortcuts_dialog.close()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "| Ctrl+J |" in readme and "Jobs and messages" in readme
    window.set_language("ja", remember=False)
    assert window.actions_[ActionId.JOBS].text().startswith("ジョブとメッセージ")


class _Paints(QObject):
    """Counts paint events a widget receives."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_starting_an_import_paints_nothing_before_returning(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    # The status bar's progress bar was given its first value just after it was shown, and
    # QProgressBar repaints synchronously on a new value: starting an import repainted the window
    # before returning to the event loop (18 ms of the longest UI stall bench/ui_latency.py saw)
    _open(window, qtbot, demo_db)
    progress = window.imports.progress
    paints = _Paints()
    progress.installEventFilter(paints)
    try:
        with qtbot.waitSignal(window.import_finished, timeout=20000):
            window.import_files([DATA / "fleet_demo.csv"])
            assert paints.count == 0 and progress.isVisible() and progress.value() == 0
            qtbot.waitUntil(lambda: paints.count > 0)  # painted with the next frame, not never
    finally:
        progress.removeEventFilter(paints)
