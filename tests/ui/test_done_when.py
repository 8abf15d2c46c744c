"""Issue 6's "done when", screen by screen: consensus opened, a decision recorded and signed, the
report rendered, previewed and exported, a batch removed; each question answered in its box."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from reviewer.core.models import Outcome
from reviewer.services import committee, evidence_table
from reviewer.services.demo_steps import DEMO_PASSPHRASE, demo_key_files
from reviewer.store.db import open_database
from reviewer.ui.views.consensus import ConsensusView
from reviewer.ui.views.decision import DecisionView
from reviewer.ui.views.imports import ImportsView
from reviewer.ui.views.report import ReportView
from tests.ui.conftest import wait_checked


def _show(window, qtbot, demo_db: Path, cls):  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    window.ctx.set_fy(2027)
    view = window.workspace.screen_of(cls)
    window.show_screen(window.workspace.stack.indexOf(view))
    return view


def _answer(view, button: QMessageBox.StandardButton) -> str:  # type: ignore[no-untyped-def]
    box = view.confirmation
    assert box is not None and box.isVisible()
    text = box.text()
    box.button(button).click()
    assert view.confirmation is None
    return str(text)


def test_consensus_opens_only_after_the_question_is_answered_yes(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _show(window, qtbot, demo_db, ConsensusView)
    assert view.open_button.isEnabled()
    view.open_button.click()
    assert "cannot be undone" in _answer(view, QMessageBox.StandardButton.No)
    db = open_database(demo_db, readonly=True)
    assert committee.consensus_state(db, 2027) != "open"
    view.open_button.click()
    _answer(view, QMessageBox.StandardButton.Yes)
    assert committee.consensus_state(db, 2027) == "open"
    db.close()
    assert "open" in view.state.text() and not view.open_button.isEnabled()


def test_a_decision_is_recorded_refused_with_reasons_and_signed(
    window, demo_db: Path, _demo_template: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    view = _show(window, qtbot, demo_db, DecisionView)
    limit = view.view.limit_jpy
    assert not view.sign.isEnabled()  # nothing to sign before a draft exists
    view.outcome.setCurrentIndex(view.outcome.findData(Outcome.CONTINUE_WITH_CONDITIONS.value))
    view.rationale.setPlainText("Benchmarks on track; fleet data thin.")
    view.funding.setText("lots")
    assert not view.save_draft() and "whole number of yen" in view.message.text()
    view.funding.setText(f"{limit + 1:,}")
    view.conditions.add_condition("publish reproduction steps", dt.date(2028, 6, 30))
    view.conditions.add_button.click()  # a row left blank is not a condition
    assert len(view.conditions.conditions()) == 1
    assert not view.save_draft()  # over ceiling − committed: refused by the service, with its reason
    assert "E-FUNDING-CEILING" in view.message.text() and f"¥{limit:,}" in view.message.text()
    view.funding.setText(f"{limit:,}")
    assert view.save_draft() and view.message.text() == "Draft saved."
    assert view.sign.isEnabled() and view.officer.currentData() == "O01"
    view.sign.click()
    question = _answer(view, QMessageBox.StandardButton.Yes)
    approver = next(o for o in window.ctx.plan.officers if o.id == "O01")
    assert "locks it for good" in question and "FY2027" in question and approver.name in question
    # then the officer's key and passphrase (the demo's fictional officer's key, registered)
    dialog = view.key_dialog
    assert dialog is not None
    key_file, _passphrase_file = demo_key_files(_demo_template)
    dialog.path.setText(str(key_file))
    dialog.passphrase.setText(DEMO_PASSPHRASE)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    db = open_database(demo_db, readonly=True)
    assert 2027 in evidence_table.signed_fys(db)
    db.close()
    conn = sqlite3.connect(demo_db)
    query = "SELECT c.text, c.due FROM condition c JOIN decision d ON d.id = c.decision_id WHERE d.fy = 2027"
    assert conn.execute(query).fetchall() == [("publish reproduction steps", "2028-06-30")]
    conn.close()
    # the FY is now locked in the window too
    assert "signed" in window.workspace.banner.text() and not window.workspace.banner.isHidden()
    assert not view.save.isEnabled() and not view.sign.isEnabled()
    assert f"Signed by {approver.name}" in view.summary.text()  # the signer by name, not "O01"


def test_the_report_renders_previews_and_exports_in_both_editions(
    window, demo_db: Path, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    view = _show(window, qtbot, demo_db, ReportView)
    for edition in ("internal", "public"):
        view.edition.setCurrentIndex(view.edition.findData(edition))
        with qtbot.waitSignal(view.render_finished, timeout=120000) as rendered:
            view.render_button.click()
        assert rendered.args == [True], view.message.text()
        assert view._document is not None and view._document.pageCount() > 3
        assert view.preview_area.currentWidget() is view._preview and view.export.isEnabled()
        assert view._pdf_view is view._preview.view and view._preview.view.isVisible()
        target = tmp_path / f"report-{edition}.pdf"
        assert view.export_to(target)
        assert target.read_bytes()[:5] == b"%PDF-" and str(target) in view.message.text()
    assert (tmp_path / "report-internal.pdf").read_bytes() != (tmp_path / "report-public.pdf").read_bytes()
    assert not view.export_to(tmp_path / "no-such-folder" / "x.pdf")  # refused with the reason shown
    assert "no-such-folder" in view.message.text()


def test_a_batch_is_removed_only_after_yes(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _show(window, qtbot, demo_db, ImportsView)
    newest = view.model.rows()[0]
    view.table.selectRow(0)
    assert view.remove.isEnabled()
    view.remove.click()
    assert f"Remove batch {newest.batch.id}" in _answer(view, QMessageBox.StandardButton.No)
    assert view.model.rows()[0].batch.id == newest.batch.id
    view.remove.click()
    _answer(view, QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: view.model.rows()[0].batch.id != newest.batch.id, timeout=5000)
