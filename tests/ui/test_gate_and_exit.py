"""Opening through the start-up gate (damaged file, network drive), packages, backup on exit, settings."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from reviewer.services import backups, packages, startup
from reviewer.store.db import open_database
from reviewer.ui.actions import ActionId
from reviewer.ui.views.assessment import AssessmentView
from reviewer.ui.views.decision import DecisionView
from reviewer.ui.views.milestones import MilestonesView
from tests.ui.conftest import wait_checked


def _open(window, qtbot, path: Path, **kwargs: object) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.database_opened, timeout=10000):
        window.open_database(path, **kwargs)


def _button(box: QMessageBox, text: str):  # type: ignore[no-untyped-def]
    return next(b for b in box.buttons() if b.text() == text)


def _backups(path: Path) -> list[Path]:
    return [f for _t, f in backups.backups_of(path)]


def test_damaged_file_is_moved_aside_and_the_backup_restored(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    db = open_database(demo_db)
    made = backups.backup(db, "test", force=True)
    db.close()
    assert made is not None
    with demo_db.open("r+b") as fh:  # an overwritten page (a file without a header is not moved)
        fh.seek(4096 * 3)
        fh.write(b"\xa5" * 4096)
    damaged = demo_db.read_bytes()
    window.open_database(demo_db)
    qtbot.waitUntil(
        lambda: window.opener.dialog is not None and window.opener.dialog.isVisible(), timeout=10000
    )
    box = window.opener.dialog
    assert "damaged" in box.text() and str(made.path) in box.informativeText()
    assert window.ctx is None
    moved = next(
        p for p in demo_db.parent.glob("program.db.damaged-*") if not p.name.endswith(("-wal", "-shm"))
    )
    assert moved.read_bytes() == damaged  # moved aside, never changed
    assert moved.name in box.text()
    with qtbot.waitSignal(window.database_opened, timeout=15000):
        _button(box, "Restore and open").click()
    wait_checked(qtbot, window)
    assert window.ctx is not None and window.ctx.writable
    assert startup.check_database(demo_db, move=False).ok
    restored = window.jobs.jobs()[0]  # listed in Jobs and messages (SPEC §9)
    assert restored.kind.value == "backup" and restored.state.value == "done"
    assert restored.summary == f"Restored from {made.path}"


def test_damaged_file_without_backup_offers_nothing(window, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"SQLite format 3\0" + b"\x10\x00" + b"\0" * 200)  # a header, then nothing
    window.open_database(broken)
    qtbot.waitUntil(lambda: window.opener.dialog is not None, timeout=10000)
    box = window.opener.dialog
    assert "No verified backup" in box.informativeText()
    assert [b.text() for b in box.buttons()] == ["&Close"] or len(box.buttons()) == 1
    assert not broken.exists() and window.ctx is None


def test_network_drive_is_refused_for_writing_and_a_local_copy_opened(  # type: ignore[no-untyped-def]
    window, demo_db: Path, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(startup, "filesystem_type", lambda _p: "nfs4")  # the one seam
    window.opener.local_copy_folder = tmp_path / "local"
    window.open_database(demo_db)
    qtbot.waitUntil(lambda: window.opener.dialog is not None, timeout=10000)
    box = window.opener.dialog
    assert "E-NETWORK-DRIVE" in box.text() and "nfs4" in box.text()
    assert window.ctx is None
    monkeypatch.setattr(startup, "filesystem_type", lambda _p: "ext4")  # the copy is local
    with qtbot.waitSignal(window.database_opened, timeout=15000):
        _button(box, "Make a local copy").click()
    assert window.ctx is not None and window.ctx.path == (tmp_path / "local" / "program.db").resolve()
    assert window.ctx.writable


def test_network_drive_can_be_read(window, demo_db: Path, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(startup, "filesystem_type", lambda _p: "cifs")
    window.open_database(demo_db)
    qtbot.waitUntil(lambda: window.opener.dialog is not None, timeout=10000)
    with qtbot.waitSignal(window.database_opened, timeout=10000):
        _button(window.opener.dialog, "Open read-only").click()
    assert window.ctx.file_read_only and not window.ctx.writable


def test_reviewer_package_opens_in_reviewer_mode(window, demo_db: Path, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = open_database(demo_db)
    exported = packages.export_package(db, "R03", tmp_path / "R03.review", fy=2027)
    db.close()
    _open(window, qtbot, exported.path)
    ctx = window.ctx
    assert ctx.package is not None and ctx.package.reviewer_id == "R03" and ctx.fy == 2027
    assert not ctx.writable and not ctx.can_import and not ctx.can_record
    assert ctx.may_assess("R03") and not ctx.may_assess("R01")
    banner = window.workspace.banner
    assert "Reviewer package of R03" in banner.text() and not banner.isHidden()
    assert not window.actions_[ActionId.IMPORT].isEnabled()
    assert window.actions_[ActionId.UNDO].isEnabled()  # the own assessment is editable
    view = next(s for s in window.screens if isinstance(s, AssessmentView))
    assert [view.reviewer.itemData(i) for i in range(view.reviewer.count())] == ["R03"]
    assert not view.texts[("outcomes", "issues")].isReadOnly()
    assert not view.carry.isEnabled()  # carrying over happens in the program database, before export
    decision = next(s for s in window.screens if isinstance(s, DecisionView))
    assert not decision.save.isEnabled() and not decision.conditions_panel.status.isEnabled()
    milestones = next(s for s in window.screens if isinstance(s, MilestonesView))
    assert not milestones.reason.isEnabled()
    view.texts[("outcomes", "issues")].setPlainText("reviewer mode works")
    assert view.editor.flush() == 1
    check = sqlite3.connect(exported.path)
    texts = [r[0] for r in check.execute("SELECT text FROM comment")]
    check.close()
    assert "reviewer mode works" in texts


def _written(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    milestones = next(s for s in window.screens if isinstance(s, MilestonesView))
    code = next(m.code for m in window.ctx.plan.milestones if m.fy == window.ctx.fy)
    assert milestones.set_committee_status(
        code, __import__("reviewer.core.models").core.models.Status.MET, "x"
    )


def test_backup_on_exit_after_a_write(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, qtbot, demo_db)
    window.ctx.set_fy(2027)
    _written(window, qtbot)
    assert _backups(demo_db) == []
    window.close()
    assert window.ctx is None
    made = _backups(demo_db)
    assert len(made) == 1 and backups.check_copy(made[0]).ok
    assert backups.newest_verified_backup(demo_db) == made[0]


def test_no_backup_on_exit_without_a_write(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, qtbot, demo_db)
    window.show_screen(2)
    window.close()
    assert window.exit_backup is None and _backups(demo_db) == []


def test_settings_dialog_switches_and_keeps_the_language(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, qtbot, demo_db)
    window.actions_[ActionId.SETTINGS].trigger()
    dialog = window.settings_dialog
    assert dialog.isVisible()
    dialog.language.setCurrentIndex(dialog.language.findData("ja"))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert window.lang == "ja" and window.workspace.nav.item(2).text() == "根拠資料"
    assert window.store.value("ui/language") == "ja"
    window.show_settings().language.setCurrentIndex(0)  # the system language
    window.settings_dialog.accept()
    assert window.store.value("ui/language") == ""
    assert window.actions_[ActionId.SETTINGS].shortcut().toString() == "Ctrl+,"
