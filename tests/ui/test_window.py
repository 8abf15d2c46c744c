"""The main window on real databases: opening, imports on the worker, cancel, drop, read-only, language."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from reviewer.services import evidence, evidence_table
from reviewer.ui.actions import ActionId
from reviewer.ui.views.evidence import EvidenceView
from reviewer.ui.views.imports import BatchColumn, ImportsView
from tests.conftest import REPO
from tests.officer_keys import officer_key
from tests.ui.conftest import wait_checked

DATA = REPO / "tests" / "data" / "ui"


def _evidence_count(path: Path) -> int:
    db = evidence_table.open_program(path, readonly=True)
    try:
        reader = evidence_table.windows(db)
        return reader.configure(evidence_table.EvidenceFilter(), evidence_table.SortKey.ID, False)
    finally:
        db.close()


def test_start_page_then_open(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert window.pages.currentWidget() is window.start
    assert not window.actions_[ActionId.IMPORT].isEnabled()
    with qtbot.waitSignal(window.database_opened, timeout=10000):
        window.open_database(demo_db)
        assert window.ctx is None  # the gate runs on the worker first: nothing is open yet
    assert window.ctx is not None and window.ctx.path == demo_db.resolve()
    assert window.ctx.check_passed and window.ctx.writable
    assert window.actions_[ActionId.IMPORT].isEnabled()
    assert window.workspace.banner.isHidden()


def test_refused_file_is_not_opened_nor_moved(window, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "other.db"
    import sqlite3

    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t(x)")
    conn.close()
    before = other.read_bytes()
    with qtbot.waitSignal(window.open_failed, timeout=10000):
        window.open_database(other)
    assert window.ctx is None
    assert "E-NOT-OURS" in window.statusBar().currentMessage()
    assert other.read_bytes() == before  # someone else's file: refused, never moved aside
    assert window.opener.dialog is None
    [job] = window.jobs.jobs()  # the refusal stays in Jobs and messages after the status bar clears
    assert job.subject == "other.db" and job.state.value == "failed" and "E-NOT-OURS" in job.summary


def test_import_on_worker_updates_screens(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    before = _evidence_count(demo_db)
    (task,) = window.import_files([DATA / "fleet_demo.csv"])
    with qtbot.waitSignal(window.import_finished, timeout=10000):
        pass
    assert _evidence_count(demo_db) == before + 5
    evidence_view = next(s for s in window.screens if isinstance(s, EvidenceView))
    assert evidence_view.model.rowCount() == before + 5
    imports = next(s for s in window.screens if isinstance(s, ImportsView))
    newest = imports.model.rows()[0]
    assert newest.batch.file_name == "fleet_demo.csv"
    # the demo's FY2026 is signed: this batch arrived after it, and the history says so
    assert newest.after_signoff == (2026,)
    column = imports.model.column_of(BatchColumn.AFTER_SIGNOFF)
    assert imports.model.index(0, column).data() == "2026"
    assert imports.model.index(imports.model.rowCount() - 1, column).data() == ""  # the first import
    assert imports.model.headerData(column, Qt.Orientation.Horizontal) == "After sign-off (FY)"
    assert "imported 5 records" in window.statusBar().currentMessage()
    del task


def test_import_outcome_and_task_bar_speak_japanese(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    window.set_language("ja")
    assert window.imports.cancel_button.text() == "中止"
    with qtbot.waitSignal(window.import_finished, timeout=10000):
        window.import_files([DATA / "fleet_demo.csv"])
    assert "fleet_demo.csv：5 件をバッチ" in window.statusBar().currentMessage()
    assert window.imports.progress.isHidden() and window.imports.cancel_button.isHidden()


def test_refused_import_lists_errors_and_writes_nothing(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    before = _evidence_count(demo_db)
    (task,) = window.import_files([DATA / "fleet_bad.csv"])
    with qtbot.waitSignal(task.signals.failed, timeout=10000):
        pass
    qtbot.waitUntil(lambda: not window.runner.running)
    imports = next(s for s in window.screens if isinstance(s, ImportsView))
    text = imports.errors.toPlainText()
    assert "fleet_bad.csv:3" in text and "E-NUMBER" in text
    assert "fleet_bad.csv:4" in text  # every problem of the file, not only the first
    assert window.workspace.stack.currentWidget() is imports
    assert _evidence_count(demo_db) == before


def test_cancelled_import_writes_nothing(window, demo_db: Path, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as fh:
        fh.write("period,industry,operator,robots_deployed,robots_active,operating_hours\n")
        for i in range(60_000):
            fh.write(f"2027-{1 + i % 12:02d},medical,op{i // 12},10,5,100\n")
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    before = _evidence_count(demo_db)
    (task,) = window.import_files([big])
    task.cancel()  # asked before the first batch boundary: the import stops there
    with qtbot.waitSignal(task.signals.cancelled, timeout=20000):
        pass
    assert "nothing written" in window.statusBar().currentMessage()
    assert _evidence_count(demo_db) == before


def test_drop_imports_files(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(DATA / "fleet_demo.csv"))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.import_finished, timeout=10000):
        window.dropEvent(event)
    assert event.isAccepted()
    assert evidence.batches(window.ctx.db)[-1].batch.file_name == "fleet_demo.csv"


def test_read_only_file_shows_banner_and_disables_writes(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db, read_only=True)
    wait_checked(qtbot, window)
    assert window.ctx.check_passed
    assert not window.ctx.writable and not window.ctx.can_import
    assert not window.actions_[ActionId.IMPORT].isEnabled()
    assert "cannot be written" in window.workspace.banner.text()
    assert window.import_files([DATA / "fleet_demo.csv"]) == []


def test_signed_fy_is_read_only_with_banner(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from reviewer.core.models import Outcome
    from reviewer.services import decisions
    from reviewer.store.db import open_database

    db = open_database(demo_db)
    if 2026 not in evidence_table.signed_fys(db):  # the full demo signs FY2026 itself
        given = decisions.DecisionInput(
            Outcome.CONTINUE, 387_300_000_000, "on track", ((("report", dt.date(2027, 9, 30))),)
        )
        decisions.decide(db, 2026, given)
        decisions.sign(db, 2026, "O01", officer_key(db, "O01"))
    assert 2026 in evidence_table.signed_fys(db)
    db.close()
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    window.ctx.set_fy(2026)
    assert window.ctx.fy_signed and not window.ctx.writable
    assert "signed" in window.workspace.banner.text() and not window.workspace.banner.isHidden()
    assert window.ctx.can_import  # later evidence is accepted and changes nothing signed
    window.ctx.set_fy(2027)
    assert window.ctx.writable and window.workspace.banner.isHidden()


def test_language_switch(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    assert window.actions_[ActionId.OPEN].text() == "&Open…"
    assert window.workspace.nav.item(2).text() == "Evidence"
    window.actions_[ActionId.SWITCH_LANGUAGE].trigger()
    assert window.lang == "ja"
    assert window.actions_[ActionId.OPEN].text() == "開く(&O)…"
    assert window.workspace.nav.item(2).text() == "根拠資料"
    assert window.fy_box.currentText().endswith("年度")
    assert window.store.value("ui/language") == "ja"
    window.set_language("en")
    assert window.workspace.nav.item(2).text() == "Evidence"


@pytest.mark.parametrize("key", list(ActionId))
def test_every_action_has_text(window, key: ActionId) -> None:  # type: ignore[no-untyped-def]
    assert window.actions_[key].text()
