"""SPEC §10's text limits in the desktop (issue 13): text pasted over the limit into a field is
kept whole (never cut short, so nothing is silently changed), the field says how long it is
against the limit, and saving it is refused with E-TOO-LONG: nothing over the limit is stored.

Each field is reached through the window on the demo, filled by a real paste from the clipboard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from reviewer.core.models import ConditionStatus, Status
from reviewer.services import desktop_reads, evidence_table
from reviewer.store.db import open_database
from reviewer.ui.views.assessment import AssessmentView
from reviewer.ui.views.consensus import ConsensusView
from reviewer.ui.views.decision import DecisionView
from reviewer.ui.views.evidence import EvidenceView
from reviewer.ui.views.milestones import MilestonesView
from tests.ui.conftest import wait_checked
from tests.ui.test_screen_writes import _screen, _select

LONG = 10_000
NAME = 500


def _paste(field: QLineEdit | QPlainTextEdit, text: str) -> None:
    QApplication.clipboard().setText(text)
    field.setFocus()
    field.selectAll()
    field.paste()


def _text(field: QLineEdit | QPlainTextEdit) -> str:
    return field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()


def _marked(window, field, length: int, limit: int) -> None:  # type: ignore[no-untyped-def]
    assert len(_text(field)) == length  # kept whole: nothing cut from the paste
    assert field.property("overLimit") is True
    message = f"{length:,} characters, more than the limit of {limit:,}."
    assert field.toolTip() == message
    if field.window() is window:
        assert window.statusBar().currentMessage() == message


def test_a_comment_pasted_over_the_limit_is_kept_marked_and_not_saved(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    window.ctx.set_fy(2027)
    view = next(s for s in window.screens if isinstance(s, AssessmentView))
    window.show_screen(window.screens.index(view))
    view.reviewer.setCurrentIndex(view.reviewer.findData("R01"))
    box = view.texts[("outcomes", "issues")]
    _paste(box, "w" * (LONG + 1))
    _marked(window, box, LONG + 1, LONG)
    view.editor.flush()
    assert "E-TOO-LONG" in view.banner.text() and not view.banner.isHidden()
    saved = evidence_table.assessment_values(window.ctx.db, "R01", 2027).get("outcomes")
    assert saved is None or len(saved.issues) <= LONG
    _paste(box, "w" * LONG)  # at the limit: fine, unmarked, saved
    assert box.property("overLimit") is False and box.toolTip() == ""
    view.editor.flush()
    assert evidence_table.assessment_values(window.ctx.db, "R01", 2027)["outcomes"].issues == "w" * LONG


def test_the_decision_rationale_and_override_reason_over_the_limit_are_refused(
    window, demo_db: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    view = _screen(window, qtbot, demo_db, DecisionView)
    view.funding.setText("387,300,000,000")
    for field, good in ((view.rationale, view.override), (view.override, view.rationale)):
        _paste(good, "fine")
        _paste(field, "r" * 40_000)  # beyond QLineEdit's own 32,767, which would cut it silently
        _marked(window, field, 40_000, LONG)
        assert not view.save_draft()
        assert "E-TOO-LONG" in view.message.text()
        stored = window.ctx.db.execute(
            "SELECT max(length(rationale)), max(length(coalesce(override_reason, ''))) FROM decision"
        ).fetchone()
        assert stored[0] is None or max(stored) <= LONG
        _paste(field, "fine")
    # a condition's text, typed into the conditions table, is held to the same limit
    view.conditions.add_condition("c" * (LONG + 1), dt.date(2028, 6, 30))
    assert not view.save_draft()
    assert "E-TOO-LONG" in view.message.text() and "condition" in view.message.text()


def test_last_years_condition_note_over_the_limit_is_refused(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = _screen(window, qtbot, demo_db, DecisionView).conditions_panel
    _select(panel.table, 0)
    panel.status.setCurrentIndex(panel.status.findData(ConditionStatus.MET.value))
    _paste(panel.note, "n" * (LONG + 1))
    _marked(window, panel.note, LONG + 1, LONG)
    panel.set_button.click()
    assert "E-TOO-LONG" in panel.message.text()
    assert desktop_reads.conditions_to_review(window.ctx.db, 2027)[0].status != "met"


def test_a_response_over_the_limit_is_refused(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = _screen(window, qtbot, demo_db, ConsensusView).responses
    _select(panel.table, 0)
    _paste(panel.response, "x" * (LONG + 1))
    _marked(window, panel.response, LONG + 1, LONG)
    panel.respond_button.click()
    assert "E-TOO-LONG" in panel.message.text()
    assert desktop_reads.comments_of(window.ctx.db, 2027)[0].response is None


def test_a_committee_reason_over_the_limit_is_refused(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _screen(window, qtbot, demo_db, MilestonesView)
    _select(view.table, 0)
    code = view.selected().milestone.code
    view.committee_status.setCurrentIndex(view.committee_status.findData(Status.NOT_MET.value))
    _paste(view.reason, "y" * (LONG + 1))
    _marked(window, view.reason, LONG + 1, LONG)
    view.override_button.click()
    assert "E-TOO-LONG" in view.message.text()
    line = next(m for m in view.model.rows() if m.milestone.code == code)
    assert line.committee_status is None


def test_manual_evidence_source_and_unit_over_their_limits_are_refused(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _screen(window, qtbot, demo_db, EvidenceView)
    before = view.model.rowCount()
    dialog = view.show_manual_dialog()
    dialog.value.setText("1,250")
    _paste(dialog.unit, "u" * (NAME + 1))
    _paste(dialog.source, "s" * (LONG + 1))
    _marked(window, dialog.unit, NAME + 1, NAME)
    _marked(window, dialog.source, LONG + 1, LONG)
    dialog.accept()
    assert "E-TOO-LONG" in dialog.message.text() and dialog.isVisible()
    _paste(dialog.source, "progress report p. 12")
    dialog.accept()
    assert "E-TOO-LONG" in dialog.message.text() and "unit" in dialog.message.text()
    assert view.model.rowCount() == before
    dialog.reject()


def test_an_import_model_name_over_the_limit_keeps_the_dialog_open(
    window, demo_db: Path, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    path = tmp_path / "f.csv"
    path.write_text(
        "period,industry,operator,robots_deployed,robots_active,operating_hours\n2027-04,medical,A,1,1,1\n",
        encoding="utf-8",
    )
    dialog = window.imports.open_dialog([path])
    qtbot.waitUntil(lambda: len(dialog.previews) == 1, timeout=10000)
    db = open_database(demo_db, readonly=True)
    try:
        batches = db.execute("SELECT count(*) FROM import_batch").fetchone()[0]
    finally:
        db.close()
    _paste(dialog.operator, "o" * (NAME + 1))
    _marked(window, dialog.operator, NAME + 1, NAME)
    dialog.import_button.click()
    assert dialog.isVisible()
    assert dialog.status.text() == f"{NAME + 1:,} characters, more than the limit of {NAME:,}."
    db = open_database(demo_db, readonly=True)
    try:
        assert db.execute("SELECT count(*) FROM import_batch").fetchone()[0] == batches
    finally:
        db.close()
    dialog.reject()
