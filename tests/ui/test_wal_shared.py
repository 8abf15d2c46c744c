"""R15 through the window: the desktop, the command line and a report child share one database.

Whatever the desktop does (import, preview, decide, sign, preview again), the `-wal` it holds
stays the one on disk, and a second process sees its committed writes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from reviewer.core.models import Outcome
from reviewer.ui.views.decision import DecisionView
from reviewer.ui.views.report import ReportView
from tests.ui.conftest import answer_with_the_demo_key, copy_fixture, wait_checked


def _held_inodes(path: Path) -> dict[str, int]:
    """The inode of each file this process holds open whose name is `path`, its -wal or -shm."""
    held: dict[str, int] = {}
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        for suffix in ("-wal", "-shm"):
            if target.startswith(str(path) + suffix):
                held[suffix] = os.fstat(int(fd)).st_ino
                assert target == str(path) + suffix, f"the desktop holds a removed file: {target}"
    return held


def _assert_shared(path: Path) -> None:
    held = _held_inodes(path)
    assert set(held) == {"-wal", "-shm"}, held
    for suffix, inode in held.items():
        assert os.stat(str(path) + suffix).st_ino == inode, (
            f"{suffix} on disk is not the one the desktop holds"
        )


def _preview(view: ReportView, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(view.render_finished, timeout=180000) as rendered:
        view.render_button.click()
    assert rendered.args == [True], view.message.text()


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reviewer", "--db", str(db), "--lang", "en", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def _browse_the_database_folder(window, qtbot, folder: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """File › Import… opens its file dialog in the database's folder; the person looks, then cancels."""
    monkeypatch.chdir(folder)
    seen: list[int] = []

    def cancel_when_listed() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QFileDialog):
            seen.append(1)
            dialog.reject()
        else:
            QTimer.singleShot(200, cancel_when_listed)

    QTimer.singleShot(1500, cancel_when_listed)  # time for the dialog to list (and type) the files
    window.imports.choose()
    assert seen, "the import file dialog did not open"


def test_the_desktop_keeps_its_wal_and_every_process_sees_the_signed_decision(
    window, demo_db: Path, _demo_template: Path, qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    window.ctx.set_fy(2027)
    _assert_shared(demo_db)
    _browse_the_database_folder(window, qtbot, demo_db.parent, monkeypatch)

    # import through the window, then preview the report in its child process
    (task,) = window.imports.start([copy_fixture("benchmark.csv", tmp_path)])
    with qtbot.waitSignal(task.signals.finished, timeout=60000):
        pass
    report = window.workspace.screen_of(ReportView)
    window.show_screen(window.workspace.stack.indexOf(report))
    _preview(report, qtbot)
    _assert_shared(demo_db)
    _browse_the_database_folder(window, qtbot, demo_db.parent, monkeypatch)

    # decide and sign through the window
    decision = window.workspace.screen_of(DecisionView)
    window.show_screen(window.workspace.stack.indexOf(decision))
    decision.outcome.setCurrentIndex(decision.outcome.findData(Outcome.CONTINUE_WITH_CONDITIONS.value))
    decision.rationale.setPlainText("Benchmarks on track.")
    decision.funding.setText(f"{decision.view.limit_jpy:,}")
    decision.conditions.add_condition("publish reproduction steps", dt.date(2028, 6, 30))
    assert decision.save_draft(), decision.message.text()
    decision.sign.click()
    box = decision.confirmation
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    answer_with_the_demo_key(decision, _demo_template)
    qtbot.waitUntil(lambda: window.ctx.fy_signed, timeout=10000)
    _assert_shared(demo_db)

    # a second process sees the signed decision while the desktop still has the file open
    status = _cli(demo_db, "status", "--fy", "2027", "--json")
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["signed"] is True
    _assert_shared(demo_db)

    # and so does a new report child
    window.show_screen(window.workspace.stack.indexOf(report))
    _preview(report, qtbot)
    _assert_shared(demo_db)
    pdf = Path(report.pdf_path)
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Final (signed)" in text
    assert "Draft (unsigned)" not in text and "No decision recorded yet" not in text
