"""Amending a signed FY from the desktop (SPEC §10 `amend`, issue 16): the decision screen's
Amend… dialog carries the signed decision's conditions forward under their ids, drops one through
decisions.amend (audited as `amend --drop-condition` is), adds one, and the amendment is signed
through the window; the next FY's conditions table then shows the carried ones with their ids
and statuses and the dropped one as dropped by that amendment. On the demo's real database."""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from reviewer.cli import run
from reviewer.services import startup
from reviewer.ui.views.conditions import ConditionColumn
from reviewer.ui.views.decision import DecisionView
from tests.ui.conftest import answer_with_the_demo_key, wait_checked


def _decision_screen(window, qtbot, demo_db: Path, fy: int = 2026) -> DecisionView:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    view = window.workspace.screen_of(DecisionView)
    window.show_screen(window.workspace.stack.indexOf(view))
    window.ctx.set_fy(fy)
    qtbot.waitUntil(lambda: "2026" in view.title.text())
    return view


def _conditions_of_2026(db: Path) -> list[dict[str, object]]:
    out, err = io.StringIO(), io.StringIO()
    assert run(["--db", str(db), "conditions", "--fy", "2026", "--json"], out, err) == 0, err.getvalue()
    listed: list[dict[str, object]] = json.loads(out.getvalue())
    return listed


def _cells(view: DecisionView, column: ConditionColumn) -> list[str]:
    model = view.conditions_panel.model
    col = model.column_of(column)
    role = Qt.ItemDataRole.DisplayRole
    return [str(model.data(model.index(r, col), role)) for r in range(model.rowCount())]


def test_amend_drop_one_add_one_and_sign_through_the_window(  # type: ignore[no-untyped-def]
    window, demo_db: Path, _demo_template: Path, qtbot
) -> None:
    before = _conditions_of_2026(demo_db)
    assert len(before) == 3
    policy = next(c for c in before if "知財" in str(c["text"]))
    assert policy["status"] == "partially_met"  # set during FY2027 by the demo
    arc = next(c for c in before if "ARC" in str(c["text"]))
    view = _decision_screen(window, qtbot, demo_db)
    assert view.amend.isVisible() and view.amend.isEnabled() and view.amend_note.text() == ""
    assert not view.sign.isEnabled() and not view.save.isEnabled()  # the signed decision is locked
    view.amend.click()
    dialog = view.amend_dialog
    assert dialog is not None and dialog.isVisible()
    assert list(dialog.drop_boxes) == [c["id"] for c in before]  # carried under their ids, in order
    shown = " ".join(w.text() for w in dialog.findChildren(type(view.summary)))
    assert f"[{policy['id']}]" in shown and "Partially met" in shown and "方針案は策定済み" in shown
    assert dialog.funding.edit.text() == f"{view.view.row.funding_jpy:,}"  # formatted as on the form
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.click()  # no reason: refused, the dialog stays open and says why
    assert dialog.isVisible() and "E-AMEND-REASON-EMPTY" in dialog.message.text()
    dialog.funding.edit.clear()
    qtbot.keyClicks(dialog.funding.edit, "300000000000")
    assert dialog.funding.edit.text() == "300,000,000,000" and "¥300 billion" in dialog.funding.hint.text()
    dialog.reason.setPlainText("ARC-Challenge の結果が署名後に提出されたため、条件 1 を外す。")
    dialog.drop_boxes[int(str(arc["id"]))].setChecked(True)
    added = "第三者による ARC-Challenge 再評価を2027年度中に実施すること。"
    dialog.added.add_condition(added, dt.date(2028, 3, 31))
    ok.click()  # below a guaranteed FY's installment: the service's refusal shows in the dialog
    refusal = dialog.message.text()
    assert dialog.isVisible() and "E-GUARANTEED" in refusal
    assert "Override reason field" in refusal and "--override-reason" not in refusal
    dialog.override.setText("ARC-Challenge 未提出分の減額")
    row = dialog.added.add_condition(str(policy["text"]), dt.date(2028, 3, 31))  # typed again
    ok.click()
    refusal = dialog.message.text()
    assert dialog.isVisible() and "E-CONDITION-CARRIED" in refusal and "tick Drop" in refusal
    dialog.added.table.removeRow(row)
    ok.click()
    assert not dialog.isVisible() and view.amend_dialog is None, dialog.message.text()
    qtbot.waitUntil(lambda: "Draft amendment of decision" in view.summary.text())
    conn = sqlite3.connect(demo_db)
    try:
        amendment, amends, funding = conn.execute(
            "SELECT id, amends, funding_jpy FROM decision WHERE fy = 2026 AND signed_at IS NULL"
        ).fetchone()
        (carry,) = conn.execute(
            "SELECT new_json FROM audit_log WHERE entity = 'condition_carry' AND entity_key = ?",
            [f"{amendment}:{arc['id']}"],
        ).fetchone()
    finally:
        conn.close()
    assert funding == 300_000_000_000 and amends is not None
    assert json.loads(carry)["dropped"] in (True, 1)  # audited as `amend --drop-condition` is
    # the draft amendment is signed through the window, as any decision
    assert view.sign.isEnabled(), view.message.text()
    view.sign.click()
    box = view.confirmation
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    answer_with_the_demo_key(view, _demo_template)
    qtbot.waitUntil(lambda: "Signed by" in view.summary.text() and "Draft" not in view.summary.text())
    after = {c["id"]: c for c in _conditions_of_2026(demo_db)}
    kept_policy = after[policy["id"]]
    assert kept_policy["status"] == "partially_met" and kept_policy["decision"] == policy["decision"]
    assert after[arc["id"]]["dropped_by"] == amendment
    new = [c for c in after.values() if c["decision"] == amendment]
    assert len(new) == 1 and "再評価" in str(new[0]["text"])
    # FY2027's decision screen: FY2026's conditions with their ids and statuses, the dropped one marked
    window.ctx.set_fy(2027)
    qtbot.waitUntil(lambda: "2027" in view.title.text())
    ids = [int(i) for i in _cells(view, ConditionColumn.ID)]
    statuses = dict(zip(ids, _cells(view, ConditionColumn.STATUS), strict=True))
    kept = [c["id"] for c in before if c["id"] != arc["id"]]
    assert ids == [*kept, new[0]["id"], arc["id"]]
    assert statuses[int(str(policy["id"]))] == "Partially met"
    assert statuses[int(str(new[0]["id"]))] == "Open"
    assert statuses[int(str(arc["id"]))] == f"dropped by amendment {amendment}"
    # a dropped condition's status can no longer be set
    panel = view.conditions_panel
    panel.table.selectRow(ids.index(int(str(arc["id"]))))
    assert not panel.set_button.isEnabled()
    panel.table.selectRow(ids.index(int(str(policy["id"]))))
    assert panel.set_button.isEnabled()
    out, err = io.StringIO(), io.StringIO()
    assert run(["--db", str(demo_db), "verify"], out, err) == 0, out.getvalue() + err.getvalue()


def test_amend_is_offered_only_on_a_signed_fy(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _decision_screen(window, qtbot, demo_db)
    assert view.amend.isVisible()
    window.ctx.set_fy(2027)  # not signed: decided with the form, no Amend…
    qtbot.waitUntil(lambda: "2027" in view.title.text())
    assert not view.amend.isVisible()


def test_amend_is_disabled_with_its_reason_on_a_read_only_file(  # type: ignore[no-untyped-def]
    window, demo_db: Path, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.ui.test_gate_and_exit import _button

    monkeypatch.setattr(startup, "filesystem_type", lambda _p: "cifs")  # the gate's only seam
    window.open_database(demo_db)
    qtbot.waitUntil(lambda: window.opener.dialog is not None, timeout=10000)
    with qtbot.waitSignal(window.database_opened, timeout=10000):
        _button(window.opener.dialog, "Open read-only").click()
    wait_checked(qtbot, window)
    view = window.workspace.screen_of(DecisionView)
    window.show_screen(window.workspace.stack.indexOf(view))
    window.ctx.set_fy(2026)
    qtbot.waitUntil(lambda: "2026" in view.title.text())
    assert view.amend.isVisible() and not view.amend.isEnabled()
    assert "read-only" in view.amend_note.text() and view.amend.toolTip() == view.amend_note.text()
    view.open_amend_dialog()  # even asked directly, nothing opens
    assert view.amend_dialog is None


def test_the_amend_dialog_speaks_japanese(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _decision_screen(window, qtbot, demo_db)
    window.set_language("ja", remember=False)
    assert view.amend.text() == "修正…"
    view.amend.click()
    dialog = view.amend_dialog
    assert dialog is not None
    assert dialog.windowTitle() == "2026年度 の判定を修正"
    assert {box.text() for box in dialog.drop_boxes.values()} == {"削除"}
    shown = " ".join(w.text() for w in dialog.findChildren(type(view.summary)))
    assert "一部達成" in shown and "Partially met" not in shown
    assert "億円" in dialog.funding.hint.text()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert view.amend_dialog is None
    window.set_language("en", remember=False)
