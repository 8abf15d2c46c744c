"""The assessment form: binding both ways, debounced single save, undo/redo merging, recusal."""

from __future__ import annotations

from pathlib import Path

from reviewer.services import assessments, evidence_table
from reviewer.store.db import open_database
from tests.ui.conftest import open_assessment


def _saved(path: Path, reviewer: str, fy: int) -> dict[str, assessments.TargetValues]:
    db = open_database(path, readonly=True)
    try:
        return evidence_table.assessment_values(db, reviewer, fy)
    finally:
        db.close()


def _audit_count(path: Path) -> int:
    db = open_database(path, readonly=True)
    try:
        return int(db.execute("SELECT count(*) FROM audit_log").fetchone()[0])
    finally:
        db.close()


def test_typing_saves_once_after_a_second(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = open_assessment(window, demo_db, qtbot)
    box = view.texts[("outcomes", "issues")]
    audit_before = _audit_count(demo_db)
    for text in ("S", "Sa", "Saf", "Safety data is thin"):
        box.setPlainText(text)
    assert view.editor.service_calls == 0  # nothing saved while typing
    before = _saved(demo_db, "R01", 2027).get("outcomes")
    assert before is None or before.issues != "Safety data is thin"
    with qtbot.waitSignal(view.editor.saved, timeout=3000):
        pass
    assert view.editor.service_calls == 1
    assert _saved(demo_db, "R01", 2027)["outcomes"].issues == "Safety data is thin"
    assert _audit_count(demo_db) == audit_before + 1  # one save, one audit entry
    # the four keystrokes merged into one undo step
    assert view.editor.stack.count() == 1


def test_grade_and_judgement_bind_to_database(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = open_assessment(window, demo_db, qtbot)
    before = _saved(demo_db, "R01", 2027).get("outcomes")
    letter = "C" if before is not None and before.rating == "B" else "B"  # clicking the chosen one clears it
    view.grade_groups["outcomes"].button("ABCD".index(letter)).click()
    milestone = next(iter(view.judgements))
    combo = view.judgements[milestone]
    combo.setCurrentIndex(combo.findData("partially_met"))
    assert view.editor.flush() == 2
    saved = _saved(demo_db, "R01", 2027)
    assert saved["outcomes"].rating == letter
    assert saved[milestone].rating == "partially_met"


def test_database_change_shows_in_the_form(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = open_assessment(window, demo_db, qtbot)
    assessments.save_target(
        window.ctx.db, assessments.TargetValues("R01", 2027, "positioning", "A", positive="国策に合致")
    )
    window.ctx.reload()
    assert view.texts[("positioning", "positive")].toPlainText() == "国策に合致"
    assert view.grade_groups["positioning"].button(0).isChecked()


def test_undo_redo_and_save_on_focus_change(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = open_assessment(window, demo_db, qtbot)
    first = view.texts[("management", "positive")]
    first.setPlainText("Clear")
    first.setPlainText("Clear plan")
    view.texts[("management", "issues")].setPlainText("Budget")
    assert view.editor.stack.count() == 2
    view.editor.stack.undo()
    assert view.texts[("management", "issues")].toPlainText() == ""
    view.editor.stack.undo()
    assert first.toPlainText() == ""
    view.editor.stack.redo()
    assert first.toPlainText() == "Clear plan"
    # leaving the field saves at once (no wait for the timer)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    first.setFocus()
    qtbot.waitUntil(first.hasFocus, timeout=2000)
    view.reviewer.setFocus()
    qtbot.waitUntil(lambda: view.editor.service_calls >= 1, timeout=500)
    assert _saved(demo_db, "R01", 2027)["management"].positive == "Clear plan"


def test_recused_reviewer_cannot_edit(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = open_assessment(window, demo_db, qtbot, reviewer="R02")
    assert "recused" in view.banner.text() and not view.banner.isHidden()
    assert all(box.isReadOnly() for box in view.texts.values())
    assert not any(b.isEnabled() for g in view.grade_groups.values() for b in g.buttons())
    view.reviewer.setCurrentIndex(view.reviewer.findData("R03"))
    assert not any(box.isReadOnly() for box in view.texts.values())


def test_language_switch_rebuilds_the_form(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = open_assessment(window, demo_db, qtbot)
    view.texts[("outcomes", "positive")].setPlainText("kept across the switch")
    window.set_language("ja")
    box = view.findChild(
        type(view.scroll_area.widget().findChildren(type(view.texts[("outcomes", "positive")]))[0]),
        "comment_outcomes_positive",
    )
    assert box is not None and box.toPlainText() == "kept across the switch"
    assert any(
        "研究開発成果" in g.title()
        for g in view.scroll_area.widget().findChildren(
            type(view.scroll_area.widget().findChild(__import__("PySide6.QtWidgets").QtWidgets.QGroupBox))
        )
    )
    assert _saved(demo_db, "R01", 2027)["outcomes"].positive == "kept across the switch"


def _counted(path: Path, code: str) -> int:
    from reviewer.services import evaluation

    db = open_database(path, readonly=True)
    try:
        status = evaluation.fy_status_json(db, 2027)
        return next(int(c["n"]) for c in status["criteria"] if c["code"] == code)
    finally:
        db.close()


def test_last_years_assessment_is_carried_over_and_counts_once_confirmed(
    window, demo_db: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    view = open_assessment(window, demo_db, qtbot, "R04")  # R04 rated FY2026 and nothing of FY2027 yet
    assert _saved(demo_db, "R04", 2027) == {} and view.carry.isEnabled()
    assert view.carry.text() == "Carry over FY2026's assessment"
    last_year = _saved(demo_db, "R04", 2026)
    counted = _counted(demo_db, "outcomes")
    assert view.carry_over() > 0
    assert "count once confirmed" in view.banner.text()
    assert _saved(demo_db, "R04", 2027)["outcomes"].rating == last_year["outcomes"].rating
    note, confirm = view.carried_rows["outcomes"]
    assert not note.isHidden() and not confirm.isHidden() and "does not count" in note.text()
    assert _counted(demo_db, "outcomes") == counted  # carried over: not counted yet
    # a comment saved beside the carried-over rating does not confirm it
    view.texts[("outcomes", "issues")].setPlainText("still thin on safety data")
    assert view.editor.flush() == 1
    assert "outcomes" in view.carried and _counted(demo_db, "outcomes") == counted
    confirm.click()
    assert "outcomes" not in view.carried and note.isHidden() and confirm.isHidden()
    assert _counted(demo_db, "outcomes") == counted + 1
    qtbot.waitUntil(lambda: view.carried_rows["outcomes"][0] is not note, timeout=3000)  # form rebuilt
    assert view.carried_rows["outcomes"][0].isHidden() and "positioning" in view.carried
    # carrying over again copies nothing and says so
    assert view.carry_over() == 0 and "Nothing to carry over from FY2026" in view.banner.text()


def _key(widget, key, modifiers) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtTest import QTest

    QTest.keyClick(widget, key, modifiers)


def test_ctrl_z_inside_a_comment_field_undoes_the_field_then_the_assessment(
    window, demo_db: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    view = open_assessment(window, demo_db, qtbot)
    earlier = view.texts[("management", "positive")]
    earlier.setPlainText("Clear plan")
    box = view.texts[("management", "issues")]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    box.setFocus()
    qtbot.waitUntil(box.hasFocus, timeout=2000)
    ctrl = Qt.KeyboardModifier.ControlModifier
    for ch in "Budget":
        _key(box, getattr(Qt.Key, f"Key_{ch.upper()}"), Qt.KeyboardModifier.NoModifier)
    assert box.toPlainText().lower() == "budget"
    _key(box, Qt.Key.Key_Z, ctrl)  # the field's own undo first
    assert box.toPlainText() == ""
    assert box.hasFocus()
    assert view.editor.get("management", "issues") == ""
    _key(box, Qt.Key.Key_Z, ctrl)  # nothing left in the field: the assessment's undo (the other field)
    assert earlier.toPlainText() == ""
    _key(box, Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert earlier.toPlainText() == "Clear plan"
    # the field typed, undone and nothing else: no empty step was left on the assessment's stack
    assert view.editor.stack.count() == 1


def test_deleting_the_screen_under_a_focused_field_raises_nothing(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """On quit (or a new database) Qt deletes the screen while a comment field has the focus; the
    focus change that follows must find nothing to save, not a deleted form (RuntimeError)."""
    view = open_assessment(window, demo_db, qtbot)
    box = view.texts[("management", "issues")]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    box.setFocus()
    qtbot.waitUntil(box.hasFocus, timeout=2000)
    window.close_database()
    workspace, window.workspace = window.workspace, None
    workspace.deleteLater()  # pytest-qt fails the test on an exception raised in a slot
    qtbot.wait(50)
    window.fy_box.setFocus()
    qtbot.wait(20)
    del view


def test_a_save_is_announced_once_without_rebuilding_the_form(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from reviewer.ui.views.consensus import ConsensusView

    view = open_assessment(window, demo_db, qtbot)
    consensus = window.workspace.screen_of(ConsensusView)  # built, hidden
    window.show_screen(window.workspace.stack.indexOf(view))
    row = next(
        n for n in range(consensus.model.rowCount()) if consensus.model.row_object(n).code == "outcomes"
    )
    before = consensus.model.row_object(row).counts
    heard: list[int] = []
    window.ctx.data_changed.connect(lambda: heard.append(1))
    box = view.texts[("outcomes", "issues")]
    current = view.editor.get("outcomes", "rating")
    letter = "D" if current != "D" else "C"
    view.grade_groups["outcomes"].button("ABCD".index(letter)).click()
    box.setPlainText("thin safety data")
    with qtbot.waitSignal(view.editor.saved, timeout=3000):
        pass
    assert heard == [1]  # one save (two fields of one target), one announcement
    assert view.texts[("outcomes", "issues")] is box  # the form was not rebuilt under the user
    assert view.saved_label.text().startswith("Saved ")
    window.show_screen(window.workspace.stack.indexOf(consensus))
    row = next(
        n for n in range(consensus.model.rowCount()) if consensus.model.row_object(n).code == "outcomes"
    )
    assert consensus.model.row_object(row).counts != before
