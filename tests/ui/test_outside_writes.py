"""SPEC §9 "Always current", for writes the window did not make: the command line (or a second
window) imports and signs while the desktop has the file open, and the screens follow without a
restart or F5, each such write announced once; with nothing written, nothing is announced."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from reviewer.services import evidence_table
from reviewer.services.demo_steps import APPROVER, DEMO_PASSPHRASE, demo_key_files
from reviewer.store.db import open_database
from reviewer.ui.actions import ActionId
from reviewer.ui.main_window import OUTSIDE_WRITES_MS
from reviewer.ui.views.dashboard import DashboardView
from reviewer.ui.views.imports import ImportsView
from tests.ui.conftest import copy_fixture, open_assessment, open_under_review, wait_checked

WAIT_MS = 20 * OUTSIDE_WRITES_MS


def _cli(db: Path, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reviewer", "--db", str(db), "--lang", "en", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_an_import_and_a_sign_off_by_the_command_line_reach_the_open_window(
    window, demo_db: Path, _demo_template: Path, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    open_under_review(window, qtbot, demo_db)
    imports = window.workspace.screen_of(ImportsView)
    window.show_screen(window.workspace.stack.indexOf(imports))
    before = imports.model.rowCount()
    heard: list[int] = []
    window.ctx.data_changed.connect(lambda: heard.append(1))

    # nothing written by anyone: the window stays quiet
    qtbot.wait(3 * OUTSIDE_WRITES_MS)
    assert heard == []

    _cli(demo_db, "import", str(copy_fixture("benchmark.csv", tmp_path)))
    qtbot.waitUntil(lambda: imports.model.rowCount() == before + 1, timeout=WAIT_MS)
    qtbot.wait(3 * OUTSIDE_WRITES_MS)
    assert heard == [1]  # announced once, not once a poll

    # signed on the command line: the banner, the FY box and the screens' writability follow
    assert window.ctx.writable and not window.ctx.fy_signed
    _cli(
        demo_db, "decide", "--fy", "2027", "--outcome", "continue", "--funding-jpy", "10000000000",
        "--rationale", "on track",
    )  # fmt: skip
    key_file, passphrase_file = demo_key_files(_demo_template)
    assert passphrase_file.read_text("utf-8").strip() == DEMO_PASSPHRASE
    _cli(
        demo_db, "sign", "--fy", "2027", "--by", APPROVER, "--key", str(key_file),
        "--passphrase-file", str(passphrase_file),
    )  # fmt: skip
    qtbot.waitUntil(lambda: window.ctx.fy_signed, timeout=WAIT_MS)
    assert not window.ctx.writable
    assert "signed" in window.banner_text().lower()
    dashboard = window.workspace.screen_of(DashboardView)
    window.show_screen(window.workspace.stack.indexOf(dashboard))
    qtbot.waitUntil(lambda: dashboard.status.get("signed") is True, timeout=WAIT_MS)


def test_the_windows_own_import_is_announced_once_with_the_poll_running(
    window, demo_db: Path, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Its worker writes on a connection of its own, which SQLite counts as another's: the end
    of the import reloads, and the poll does not announce the same commit again."""
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    heard: list[int] = []
    window.ctx.data_changed.connect(lambda: heard.append(1))
    (task,) = window.imports.start([copy_fixture("benchmark.csv", tmp_path)])
    with qtbot.waitSignal(task.signals.finished, timeout=60000):
        pass
    qtbot.wait(3 * OUTSIDE_WRITES_MS)
    assert heard == [1]


def test_typing_not_yet_saved_is_saved_and_then_the_outside_write_is_shown(
    window, demo_db: Path, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """An import on the command line while a reviewer types a comment: the form is not rebuilt
    under the cursor before the typing is saved, nothing typed is lost, and the import shows."""
    view = open_assessment(window, demo_db, qtbot)
    heard: list[int] = []
    window.ctx.data_changed.connect(lambda: heard.append(1))
    box = view.texts[("outcomes", "issues")]
    box.setPlainText("typed while the command line imported")
    assert view.editor.dirty  # saved a second after the last key
    _cli(demo_db, "import", str(copy_fixture("benchmark.csv", tmp_path)))
    assert view.editor.dirty  # the event loop waited for the command: no timer has run yet
    window._notice_outside_writes()  # the poll's tick, now: it leaves the form alone
    assert heard == [] and view.texts[("outcomes", "issues")] is box
    qtbot.waitUntil(lambda: not view.editor.dirty and bool(heard), timeout=WAIT_MS)
    qtbot.wait(3 * OUTSIDE_WRITES_MS)
    assert heard == [1]  # the save's announcement re-read everything, the import included
    db = open_database(demo_db, readonly=True)
    try:
        saved = evidence_table.assessment_values(db, "R01", 2027)["outcomes"]
        batches = db.execute("SELECT count(*) FROM import_batch WHERE file_name = 'benchmark.csv'").fetchone()
    finally:
        db.close()
    assert saved.issues == "typed while the command line imported"
    assert batches[0] == 1
    imports = window.workspace.screen_of(ImportsView)
    window.show_screen(window.workspace.stack.indexOf(imports))
    names = [imports.model.row_object(n).batch.file_name for n in range(imports.model.rowCount())]
    assert "benchmark.csv" in names


def test_a_file_moved_away_under_the_window_keeps_every_commit_and_is_written_no_more(
    window, demo_db: Path, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Another program renames the open file (a file manager, a sync client). In WAL mode SQLite
    would go on writing into the -wal at the old name, which the moved file never reads: the
    window saves what the form holds, copies every commit into the moved file, and turns
    read-only with a banner that says why."""
    view = open_assessment(window, demo_db, qtbot)
    view.texts[("outcomes", "issues")].setPlainText("saved just before the move")
    qtbot.waitUntil(lambda: not view.editor.dirty, timeout=WAIT_MS)
    view.texts[("outcomes", "positive")].setPlainText("typed as the file was moved")
    moved = tmp_path / "elsewhere.db"
    demo_db.rename(moved)  # the -wal and -shm stay at the old name, as another program leaves them
    qtbot.waitUntil(lambda: window.ctx.moved, timeout=WAIT_MS)
    assert not window.ctx.writable and not window.ctx.can_import
    assert "moved, renamed, deleted or replaced" in window.banner_text()
    assert not window.actions_[ActionId.IMPORT].isEnabled()
    window.close()
    db = open_database(moved, readonly=True)
    try:
        saved = evidence_table.assessment_values(db, "R01", 2027)["outcomes"]
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()
    assert (saved.issues, saved.positive) == ("saved just before the move", "typed as the file was moved")
    assert not demo_db.exists()  # nothing was created at the old name


def test_a_file_damaged_under_the_window_is_said_on_its_tick_never_a_traceback(
    window, demo_db: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """Another program overwrites the open file's pages: the next tick of the window's check
    meets SQLite's 'malformed' and says so in the status bar (pytest-qt fails on any exception)."""
    open_under_review(window, qtbot, demo_db)
    checkpoint = sqlite3.connect(demo_db)
    checkpoint.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    checkpoint.close()
    data = bytearray(demo_db.read_bytes())
    for page in range(1, len(data) // 4096):  # every page after the header's
        data[page * 4096 : (page + 1) * 4096] = b"\xee" * 4096
    with demo_db.open("r+b") as stream:
        stream.write(data)
    window._notice_outside_writes()
    said = window.statusBar().currentMessage()
    assert said.startswith("E-DB-READ-FAILED") and str(demo_db) in said, said
    assert "nothing was written" in said
