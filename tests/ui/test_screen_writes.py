"""Writes from the screens: condition statuses, responses, committee statuses, documents, manual records."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from reviewer.core.models import ConditionStatus, Status
from reviewer.services import desktop_reads, evaluation
from reviewer.store.db import open_database
from reviewer.ui.views.consensus import ConsensusView
from reviewer.ui.views.decision import DecisionView
from reviewer.ui.views.evidence import EvidenceView
from reviewer.ui.views.milestones import MilestonesView
from reviewer.ui.views.report import ReportView
from tests.conftest import REPO
from tests.officer_keys import officer_key
from tests.ui.conftest import wait_checked

DATA = REPO / "tests" / "data" / "ui"


def _history(path: Path) -> None:
    """What the full demo holds, made here when the demo in use lacks it: FY2026 signed with
    conditions, and an FY2027 comment."""
    import datetime as dt

    from reviewer.core.models import Outcome
    from reviewer.services import assessments, decisions, evidence_table

    db = open_database(path)
    try:
        if 2026 not in evidence_table.signed_fys(db):
            given = decisions.DecisionInput(
                Outcome.CONTINUE_WITH_CONDITIONS,
                387_300_000_000,
                "on track",
                (("reproduction steps", dt.date(2027, 6, 30)), ("data policy", dt.date(2027, 9, 30))),
            )
            decisions.decide(db, 2026, given)
            decisions.sign(db, 2026, "O01", officer_key(db, "O01"))
        if not desktop_reads.comments_of(db, 2027):
            assessments.save_target(
                db, assessments.TargetValues("R01", 2027, "outcomes", "B", issues="safety data is thin")
            )
    finally:
        db.close()


def _screen(window, qtbot, demo_db: Path, cls):  # type: ignore[no-untyped-def]
    _history(demo_db)
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    window.ctx.set_fy(2027)
    view = next(s for s in window.screens if isinstance(s, cls))
    window.show_screen(window.screens.index(view))
    return view


def _select(table, row: int) -> None:  # type: ignore[no-untyped-def]
    index = table.model().index(row, 0)
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    table.selectionModel().select(index, flags)


def test_last_years_conditions_and_setting_a_status(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _screen(window, qtbot, demo_db, DecisionView)
    panel = view.conditions_panel
    expected = desktop_reads.conditions_to_review(window.ctx.db, 2027)
    assert expected and panel.model.rowCount() == len(expected)  # FY2026's signed decision set them
    assert "FY2026" in panel.title.text()
    assert not panel.set_button.isEnabled()  # nothing selected yet
    _select(panel.table, 0)
    assert panel.set_button.isEnabled()
    panel.status.setCurrentIndex(panel.status.findData(ConditionStatus.MET.value))
    panel.note.setText("reproduction steps received")
    panel.set_button.click()
    assert panel.message.text() == "Status recorded."
    again = desktop_reads.conditions_to_review(window.ctx.db, 2027)[0]
    assert (again.status, again.note) == ("met", "reproduction steps received")
    assert panel.model.row_object(0).status == "met"  # the screen re-read it
    status = evaluation.fy_status_json(window.ctx.db, 2027)
    assert next(c for c in status["conditions"] if c["id"] == again.id)["status"] == "met"


def test_condition_of_an_unknown_id_is_refused_with_the_reason(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = _screen(window, qtbot, demo_db, DecisionView).conditions_panel
    assert not panel.set_status(99_999, ConditionStatus.MET, "")
    assert "E-NO-CONDITION" in panel.message.text()


def test_response_to_a_comment(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _screen(window, qtbot, demo_db, ConsensusView)
    panel = view.responses
    comments = desktop_reads.comments_of(window.ctx.db, 2027)
    assert comments and panel.model.rowCount() == len(comments)
    _select(panel.table, 0)
    panel.response.setText("対処します")
    panel.respond_button.click()
    assert panel.message.text() == "Response recorded."
    assert desktop_reads.comments_of(window.ctx.db, 2027)[0].response == "対処します"
    assert panel.model.row_object(0).response == "対処します"
    assert not panel.respond(comments[0].id, "  ")  # an empty response is refused
    assert "E-EMPTY-RESPONSE" in panel.message.text()


def test_committee_status_with_a_reason(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _screen(window, qtbot, demo_db, MilestonesView)
    _select(view.table, 0)
    code = view.selected().milestone.code
    view.committee_status.setCurrentIndex(view.committee_status.findData(Status.NOT_MET.value))
    view.override_button.click()  # no reason: refused
    assert "E-EMPTY-REASON" in view.message.text()
    view.reason.setText("the committee judged the field data too thin")
    _select(
        view.table, next(r for r in range(view.proxy.rowCount()) if view.proxy.index(r, 0).data() == code)
    )
    view.override_button.click()
    status = evaluation.fy_status_json(window.ctx.db, 2027)
    assert next(m for m in status["milestones"] if m["code"] == code)["committee_status"] == "not_met"
    line = next(m for m in view.model.rows() if m.milestone.code == code)
    assert line.committee_status == "not_met"


class _Opened(QObject):
    """Receives file URLs instead of the desktop (QDesktopServices.setUrlHandler)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_attach_document_on_the_worker_and_open_a_read_only_copy(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _screen(window, qtbot, demo_db, EvidenceView)
    assert view.attach_button.isEnabled() and view.milestone.count() > 0
    code = view.milestone.currentData()
    with qtbot.waitSignal(view.documents_attached, timeout=10000) as blocker:
        view.attach_documents([DATA / "minutes.pdf"])
    (attached,) = blocker.args[0]
    assert not attached.skipped and attached.media_type == "application/pdf"
    with qtbot.waitSignal(view.documents_attached, timeout=10000) as blocker:
        view.attach_documents([DATA / "minutes.pdf"])
    assert blocker.args[0][0].skipped  # the same bytes again
    view.show_detail(attached.evidence_id)
    assert view.open_document.isEnabled() and "(Document)" in view.detail.toPlainText()
    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        copy = view.open_document_copy()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert copy is not None and copy.read_bytes() == (DATA / "minutes.pdf").read_bytes()
    assert not copy.stat().st_mode & 0o222  # read-only
    assert [u.toLocalFile() for u in opened.urls] == [str(copy)]
    del code


def test_refused_document_names_the_reason(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _screen(window, qtbot, demo_db, EvidenceView)
    # listen before starting: on a loaded machine the worker can fail before a later listener
    # connects (the signal was lost and the wait timed out)
    with qtbot.waitSignal(window.ctx.data_changed, timeout=10000):
        task = view.attach_documents([DATA / "fleet_demo.csv"])
    assert task is not None
    assert "E-DOC-TYPE" in view.message.text()


def test_manual_evidence_dialog(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _screen(window, qtbot, demo_db, EvidenceView)
    before = view.model.rowCount()
    dialog = view.show_manual_dialog()
    assert dialog.isVisible() and dialog.milestone.count() > 0
    dialog.value.setText("1,250")
    dialog.unit.setText("robots")
    dialog.source.setText("")
    dialog.accept()  # no source: refused, the dialog stays with the reason
    assert "E-MANUAL-SOURCE" in dialog.message.text() and dialog.isVisible()
    dialog.source.setText("progress report p. 12")
    with qtbot.waitSignal(view.manual_added, timeout=3000) as blocker:
        dialog.accept()
    eid = blocker.args[0]
    assert view.model.rowCount() == before + 1
    db = open_database(demo_db, readonly=True)
    try:
        from reviewer.services import evidence_table

        detail = evidence_table.evidence_detail(db, eid)
    finally:
        db.close()
    assert detail is not None and detail.row.kind == "manual"


def test_report_shows_progress_and_cancel_leaves_no_file(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _screen(window, qtbot, demo_db, ReportView)
    assert [view.edition.itemData(i) for i in range(view.edition.count())] == ["internal", "public"]
    view.edition.setCurrentIndex(1)
    assert not view.progress.isVisible() and not view.export_to(Path("/nonexistent/x.pdf"))
    view.start_render()
    assert view.progress.isVisible() and view.progress.maximum() == 0  # indeterminate
    assert view.cancel.isEnabled() and not view.render_button.isEnabled() and not view.edition.isEnabled()
    assert "--edition" in view.process.arguments() and "public" in view.process.arguments()
    with qtbot.waitSignal(view.render_finished, timeout=10000) as blocker:
        view.cancel.click()
    assert blocker.args == [False]
    assert not view.progress.isVisible() and view.render_button.isEnabled()
    assert "cancelled" in view.message.text()
    assert list(view._folder.glob("*.pdf")) == []
