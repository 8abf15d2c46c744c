"""The desktop asks for the officer's key: to sign a decision, and to export a signed FY's report
with a PAdES signature (or, skipped, without one)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox

from reviewer.core.models import Outcome
from reviewer.reports import pades
from reviewer.services import decisions, evidence_table
from reviewer.services.demo_steps import DEMO_PASSPHRASE, demo_key_files
from reviewer.store.db import open_database
from reviewer.ui.views.decision import DecisionView
from reviewer.ui.views.report import ReportView
from tests.ui.conftest import wait_checked


def _view(window, qtbot, demo_db: Path, cls, fy: int):  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    window.ctx.set_fy(fy)
    view = next(s for s in window.screens if isinstance(s, cls))
    window.show_screen(window.screens.index(view))
    return view


def _fill(dialog, key_file: Path, passphrase: str) -> None:  # type: ignore[no-untyped-def]
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # nothing typed yet
    dialog.path.setText(str(key_file))
    dialog.passphrase.setText(passphrase)
    assert ok.isEnabled()
    ok.click()


def test_signing_on_the_desktop_asks_for_the_key(window, demo_db: Path, _demo_template: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    db = open_database(demo_db)
    try:
        decisions.decide(db, 2027, decisions.DecisionInput(Outcome.CONTINUE, 1_000_000_000, "on track"))
    finally:
        db.close()
    key_file, _passphrase_file = demo_key_files(_demo_template)  # the demo officer's key, registered
    view = _view(window, qtbot, demo_db, DecisionView, 2027)
    view.ask_key_and_sign("O01")
    assert view.key_dialog is not None and view.key_dialog.skip_button is None  # no signing without
    _fill(view.key_dialog, key_file, "not the passphrase")
    assert "E-KEY-OPEN" in view.message.text() or "passphrase" in view.message.text()
    assert 2027 not in evidence_table.signed_fys(window.ctx.db)
    view.ask_key_and_sign("O01")
    _fill(view.key_dialog, key_file, DEMO_PASSPHRASE)
    assert view.key_dialog is None
    assert 2027 in evidence_table.signed_fys(window.ctx.db)


def test_exporting_a_signed_fy_asks_for_the_key(
    window, demo_db: Path, _demo_template: Path, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    key_file, _passphrase_file = demo_key_files(_demo_template)
    view = _view(window, qtbot, demo_db, ReportView, 2026)
    target = tmp_path / "signed.pdf"
    view.ask_key_and_export(target)
    assert view.key_dialog is not None and view.key_dialog.skip_button is not None
    with qtbot.waitSignal(view.export_finished, timeout=300_000) as done:
        _fill(view.key_dialog, key_file, DEMO_PASSPHRASE)
    assert done.args == [True], view.message.text()
    found = pades.check_pdf(target.read_bytes())
    assert found.signed and found.holds, found.reason
    assert not (view._folder / "passphrase").exists()  # the passphrase file is gone
    # skipped: the previewed PDF is copied as it is (here, to show the copy, the one just issued)
    view.pdf_path = target
    plain = tmp_path / "plain.pdf"
    view.ask_key_and_export(plain)
    assert view.key_dialog is not None and view.key_dialog.skip_button is not None
    view.key_dialog.skip_button.click()
    assert plain.read_bytes() == target.read_bytes()
