"""The desktop's disclosure (SPEC §8): the "disclosed" check box on the imports, evidence and
milestones screens and the public text beside each comment, each through the window, each
written through services (audited), and each disabled with its reason for a signed FY."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt

from reviewer.services import desktop_reads, disclosure
from reviewer.ui.views.consensus import ConsensusView
from reviewer.ui.views.evidence import EvidenceView
from reviewer.ui.views.imports import ImportsView
from reviewer.ui.views.milestones import MilestonesView
from tests.ui.conftest import wait_checked


def _screen(window, qtbot, demo_db: Path, cls, fy: int):  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    window.ctx.set_fy(fy)
    view = next(s for s in window.screens if isinstance(s, cls))
    window.show_screen(window.screens.index(view))
    return view


def _select(table, row: int) -> None:  # type: ignore[no-untyped-def]
    index = table.model().index(row, 0)
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    table.selectionModel().select(index, flags)


def _row_of(table, text: str, column: int = 0) -> int:  # type: ignore[no-untyped-def]
    model = table.model()
    return next(r for r in range(model.rowCount()) if model.index(r, column).data() == text)


def _audited(db, entity: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    rows = db.execute("SELECT entity_key, action FROM audit_log WHERE entity = ? ORDER BY id", [entity])
    return [(str(k), str(a)) for k, a in rows]


def test_a_batch_check_box_discloses_and_withdraws_it(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _screen(window, qtbot, demo_db, ImportsView, 2027)
    box = view.disclosed
    assert not box.check.isEnabled()  # nothing selected
    _select(view.table, _row_of(view.table, "vda5050_state_2027-06.jsonl", 1))
    batch = view.selected()
    assert batch is not None and batch.file_name == "vda5050_state_2027-06.jsonl"
    assert box.check.isEnabled() and box.check.checkState() == Qt.CheckState.Unchecked
    assert box.check.text() == "Disclosed in the public edition of FY2027"
    before = len(_audited(window.ctx.db, "disclosure"))
    box.check.click()
    assert box.check.checkState() == Qt.CheckState.Checked and box.reason.text() == ""
    target = disclosure.Target(batch=batch.id)
    assert disclosure.shown(window.ctx.db, 2027, target) is disclosure.Shown.DISCLOSED
    assert _audited(window.ctx.db, "disclosure")[before:] == [(f"2027:batch:{batch.id}", "insert")]
    box.check.click()
    assert box.check.checkState() == Qt.CheckState.Unchecked
    assert disclosure.shown(window.ctx.db, 2027, target) is disclosure.Shown.WITHHELD
    assert _audited(window.ctx.db, "disclosure")[before:][-1] == (f"2027:batch:{batch.id}", "delete")


def test_a_signed_fys_check_box_is_disabled_with_its_reason(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _screen(window, qtbot, demo_db, ImportsView, 2026)
    _select(view.table, _row_of(view.table, "fleet_fy2026_h1.csv", 1))
    box = view.disclosed
    # the demo disclosed this file before FY2026 was signed: checked, sealed, not changeable
    assert box.check.checkState() == Qt.CheckState.Checked
    assert not box.check.isEnabled()
    assert box.reason.text() == "FY2026 is signed: its public edition is sealed."
    assert box.check.toolTip() == box.reason.text()
    # and the service refuses what the box would do, naming the FY
    assert not box.set_disclosed(False)
    assert "E-DISCLOSE-SIGNED" in box.reason.text() and "FY2026" in box.reason.text()


def test_a_milestone_check_box_discloses_its_deciding_evidence(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _screen(window, qtbot, demo_db, MilestonesView, 2027)
    rows = [view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount())]
    code = next(
        c for c in rows
        if disclosure.shown(window.ctx.db, 2027, disclosure.Target(milestone=c)) is disclosure.Shown.WITHHELD
    )  # fmt: skip
    _select(view.table, rows.index(code))
    box = view.disclosed
    assert box.check.isEnabled() and box.check.checkState() == Qt.CheckState.Unchecked
    box.check.click()
    assert box.check.checkState() == Qt.CheckState.Checked
    line = view.selected()
    assert line is not None and line.milestone.code == code
    keys = {k for k, _a in _audited(window.ctx.db, "disclosure") if k.startswith("2027:evidence:")}
    assert keys >= {f"2027:evidence:{i}" for i in line.evidence} and line.evidence
    # a milestone without deciding evidence has nothing to disclose, and says so
    empty = [c for c in rows if not next(m for m in view.model.rows() if m.milestone.code == c).evidence]
    if empty:
        _select(view.table, rows.index(empty[0]))
        assert not box.check.isEnabled() and box.reason.text() == "No deciding evidence to disclose."


def test_an_evidence_check_box_and_a_record_disclosed_with_its_batch(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _screen(window, qtbot, demo_db, EvidenceView, 2027)
    db = window.ctx.db
    (record,) = db.execute(
        "SELECT e.id FROM evidence e JOIN import_batch b ON b.id = e.batch_id"
        " WHERE b.file_name = 'vda5050_state_2027-06.jsonl' ORDER BY e.id LIMIT 1"
    ).fetchone()
    view.show_detail(record)
    box = view.disclosed
    assert box.check.isEnabled() and box.check.checkState() == Qt.CheckState.Unchecked
    box.check.click()
    assert disclosure.shown(db, 2027, disclosure.Target(evidence=record)) is disclosure.Shown.DISCLOSED
    assert _audited(db, "disclosure")[-1] == (f"2027:evidence:{record}", "insert")
    box.check.click()
    (batch,) = db.execute("SELECT batch_id FROM evidence WHERE id = ?", [record]).fetchone()
    disclosure.disclose(db, 2027, disclosure.Target(batch=batch))
    view.show_detail(record)
    assert box.check.checkState() == Qt.CheckState.Checked and not box.check.isEnabled()
    assert box.reason.text() == "Disclosed with its whole batch (change it on the Imports screen)."


def test_the_public_text_beside_each_comment(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _screen(window, qtbot, demo_db, ConsensusView, 2027)
    panel = view.responses
    comments = desktop_reads.comments_of(window.ctx.db, 2027)
    assert comments and panel.model.rowCount() == len(comments)
    headers = [panel.model.headerData(c, Qt.Orientation.Horizontal) for c in range(panel.model.columnCount())]
    assert headers.index("Public text") == headers.index("Comment") + 1  # beside the comment
    _select(panel.table, 0)
    first = comments[0]
    assert panel.public_text.text() == first.text and panel.public_button.isEnabled()
    panel.public_text.setText("公開用に要約した指摘")
    panel.public_button.click()
    assert panel.message.text() == f"Public text of comment {first.id} set."
    assert disclosure.public_text(window.ctx.db, first.id) == "公開用に要約した指摘"
    column = headers.index("Public text")
    assert panel.model.index(0, column).data() == "公開用に要約した指摘"
    assert panel.model.index(0, headers.index("Comment")).data() == first.text
    assert _audited(window.ctx.db, "comment")[-1] == (str(first.id), "update")
    # the limit of SPEC §10 applies here too
    assert not panel.set_public_text(first.id, "x" * 10_001)
    assert "E-TOO-LONG" in panel.message.text()


def test_a_signed_fys_public_texts_are_disabled_with_the_reason(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _screen(window, qtbot, demo_db, ConsensusView, 2026)
    panel = view.responses
    assert panel.model.rowCount() > 0
    _select(panel.table, 0)
    assert not panel.public_text.isEnabled() and not panel.public_button.isEnabled()
    assert panel.public_reason.text() == "FY2026 is signed: its public texts are sealed."
    assert panel.respond_button.isEnabled()  # responses stay open after sign-off
    comment = desktop_reads.comments_of(window.ctx.db, 2026)[0]
    assert not panel.set_public_text(comment.id, "softened")
    assert "E-FY-SIGNED" in panel.message.text()


def test_japanese_words_on_the_disclosure_controls(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _screen(window, qtbot, demo_db, ImportsView, 2026)
    window.set_language("ja")
    _select(view.table, _row_of(view.table, "fleet_fy2026_h1.csv", 1))
    assert view.disclosed.check.text() == "2026年度の公開版で開示"
    assert view.disclosed.reason.text() == "2026年度は署名済みのため、公開版は封印されています。"
    consensus = next(s for s in window.screens if isinstance(s, ConsensusView))
    window.show_screen(window.screens.index(consensus))
    assert consensus.responses.public_button.text() == "公開用の文を設定"


def _rewrite(db, comment_id: int, text: str) -> None:  # type: ignore[no-untyped-def]
    """The reviewer's edit of one comment, through the assessment service (as the desktop saves it)."""
    from reviewer.services import assessments

    reviewer, fy, target, kind = db.execute(
        "SELECT a.reviewer_id, a.fy, c.target, c.kind FROM comment c"
        " JOIN assessment a ON a.id = c.assessment_id WHERE c.id = ?",
        [comment_id],
    ).fetchone()
    texts = {
        k: t
        for k, t in db.execute(
            "SELECT c.kind, c.text FROM comment c JOIN assessment a ON a.id = c.assessment_id"
            " WHERE a.reviewer_id = ? AND a.fy = ? AND c.target = ?",
            [reviewer, fy, target],
        )
    }
    texts[kind] = text
    row = db.execute(
        "SELECT i.rating FROM assessment_item i JOIN assessment a ON a.id = i.assessment_id"
        " WHERE a.reviewer_id = ? AND a.fy = ? AND i.target = ?",
        [reviewer, fy, target],
    ).fetchone()
    values = assessments.TargetValues(
        reviewer,
        fy,
        target,
        None if row is None else row[0],
        texts.get("positive", ""),
        texts.get("issues", ""),
        texts.get("recommendations", ""),
    )
    assessments.save_target(db, values, keep_carried_over=True)


def test_a_public_text_whose_comment_changed_shows_it_needs_review(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from reviewer import messages

    view = _screen(window, qtbot, demo_db, ConsensusView, 2027)
    panel = view.responses
    db = window.ctx.db
    first = desktop_reads.comments_of(db, 2027)[0]
    assert panel.set_public_text(first.id, "公開用に要約した指摘")
    _rewrite(db, first.id, first.text + " 追記: 介入率は 12 件/1,000 h。")
    for lang in ("en", "ja"):
        window.set_language(lang)
        panel.refresh()
        row = _row_of(panel.table, str(first.id))
        headers = [
            panel.model.headerData(c, Qt.Orientation.Horizontal) for c in range(panel.model.columnCount())
        ]
        public = panel.model.index(row, len(headers) - 2).data()
        assert public == messages.text("comment-redaction-stale-cell", lang, text="公開用に要約した指摘")
        _select(panel.table, row)
        panel._public_of = None  # the field is filled again for the selected comment
        panel._update_enabled()
        assert panel.public_reason.text() == messages.text("comment-redaction-stale-reason", lang)
        assert panel.public_text.text() == "公開用に要約した指摘"  # ready to be reviewed and set again
    assert panel.set_public_text(first.id, "公開用に要約した指摘")
    panel.refresh()
    row = _row_of(panel.table, str(first.id))
    assert panel.model.index(row, 4).data() == "公開用に要約した指摘"
    _select(panel.table, row)
    panel._update_enabled()
    assert panel.public_reason.text() == ""
