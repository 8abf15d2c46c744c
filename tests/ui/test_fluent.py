"""Usability of the desktop (issue 15): Help's shortcuts, Esc for a render, the window's size."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from reviewer.ui.actions import SPECS, ActionId
from reviewer.ui.views.report import ReportView
from tests.ui.conftest import open_under_review


def test_help_lists_every_shortcut_in_the_window_language(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.set_language("ja", remember=False)
    help_menu = window.menus[-1]
    assert help_menu.title().startswith("ヘルプ")
    window.actions_[ActionId.SHORTCUTS].trigger()
    dialog = window.shortcuts_dialog
    assert dialog.isVisible()
    table = dialog.table
    with_keys = [s for s in SPECS if s.shortcut is not None]
    assert table.rowCount() == len(with_keys)
    texts = {table.item(n, 0).text(): table.item(n, 1).text() for n in range(table.rowCount())}
    assert texts["評価"] == "Ctrl+6"
    assert all("&" not in t and "(N)" not in t for t in texts)
    assert "開く…" in texts
    dialog.close()


def test_esc_cancels_a_render(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    open_under_review(window, qtbot, demo_db)
    report = window.workspace.screen_of(ReportView)
    window.show_screen(window.workspace.stack.indexOf(report))
    report.start_render()
    assert report.process is not None
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    with qtbot.waitSignal(report.render_finished, timeout=10000) as blocker:
        QTest.keyClick(window, Qt.Key.Key_Escape)
    assert blocker.args == [False] and "cancelled" in report.message.text()
    assert list(report._folder.glob("*.pdf")) == []


def test_the_first_window_fits_a_1280_by_720_screen(window) -> None:  # type: ignore[no-untyped-def]
    assert window.minimumSizeHint().height() <= 720 - 40 and window.minimumSize().height() <= 680


def test_date_filter_has_labels_and_opens_on_this_month(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QDate

    from reviewer.ui.views.evidence import EvidenceView

    open_under_review(window, qtbot, demo_db)
    view = window.workspace.screen_of(EvidenceView)
    window.show_screen(window.workspace.stack.indexOf(view))
    assert view.date_from_label.text() == "From" and view.date_from_label.buddy() is view.date_from
    assert view.date_to_label.text() == "Until" and view.date_to_label.isVisible()
    assert view.current_filter().date_from is None  # unset until a date is chosen
    calendar = view.date_from.calendarWidget()
    window.activateWindow()
    view.date_from.setFocus()
    edit = view.date_from
    arrow = QPoint(edit.width() - 6, edit.height() // 2)
    QTest.mouseClick(edit, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, arrow)  # the popup
    qtbot.waitUntil(calendar.isVisible, timeout=2000)
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    QTest.keyClick(calendar, Qt.Key.Key_Escape)


def test_funding_is_grouped_as_you_type_and_conditions_are_a_table(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from reviewer.services import evidence_table
    from reviewer.ui.views.decision import DecisionView

    open_under_review(window, qtbot, demo_db)
    view = window.workspace.screen_of(DecisionView)
    window.show_screen(window.workspace.stack.indexOf(view))
    view.funding.clear()
    view.funding.setFocus()
    QTest.keyClicks(view.funding, "300000000000")
    assert view.funding.text() == "300,000,000,000"
    assert "3,000億円" not in view.funding_hint.text()  # English UI
    assert "¥300 billion" in view.funding_hint.text()
    view.outcome.setCurrentIndex(view.outcome.findData("continue_with_conditions"))
    view.rationale.setPlainText("on track")
    view.conditions.add_button.click()
    row = view.conditions.table.rowCount() - 1
    view.conditions.table.item(row, 0).setText("publish reproduction steps")
    due = view.conditions.table.cellWidget(row, 1)
    assert due.calendarPopup() and due.date().toString("yyyy-MM-dd") == "2029-03-31"
    assert view.save_draft(), view.message.text()
    stored = evidence_table.decision_of(window.ctx.db, 2027)
    assert stored.row.funding_jpy == 300_000_000_000
    assert [(c.text, str(c.due)[:10]) for c in stored.conditions] == [
        ("publish reproduction steps", "2029-03-31")
    ]
    view.refresh()
    assert view.conditions.conditions() == (("publish reproduction steps", dt.date(2029, 3, 31)),)
    assert view.funding.text() == "300,000,000,000"


def test_deciding_evidence_links_to_its_record(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QItemSelectionModel

    from reviewer.ui.views.evidence import EvidenceView
    from reviewer.ui.views.milestones import MilestonesView

    open_under_review(window, qtbot, demo_db)
    view = window.workspace.screen_of(MilestonesView)
    window.show_screen(window.workspace.stack.indexOf(view))
    source = view.proxy.mapToSource
    row = next(
        r
        for r in range(view.proxy.rowCount())
        if view.model.row_object(source(view.proxy.index(r, 0)).row()).evidence
    )
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    view.table.selectionModel().select(view.proxy.index(row, 0), flags)
    line = view.selected()
    assert line is not None and line.evidence
    first = line.evidence[0]
    assert f'<a href="{first}">' in view.evidence_links.text()
    view.evidence_links.linkActivated.emit(str(first))  # what a click on the link sends
    evidence = window.workspace.screen_of(EvidenceView)
    assert window.current_screen() is evidence
    assert f"Record: {first} " in evidence.detail.toPlainText()


def test_a_document_no_viewer_opens_says_so(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from reviewer.ui.views.evidence import EvidenceView
    from tests.conftest import REPO

    open_under_review(window, qtbot, demo_db)
    view = window.workspace.screen_of(EvidenceView)
    window.show_screen(window.workspace.stack.indexOf(view))
    with qtbot.waitSignal(view.documents_attached, timeout=10000) as blocker:
        view.attach_documents([REPO / "tests" / "data" / "ui" / "minutes.pdf"])
    (attached,) = blocker.args[0]
    view.show_detail(attached.evidence_id)
    assert "{}" not in view.detail.toPlainText() and "No raw record" in view.detail.toPlainText()
    view.open_url = lambda _url: False  # the desktop of a machine without a PDF viewer
    copy = view.open_document_copy()
    assert copy is not None and copy.exists()
    assert "No application" in view.message.text() and str(copy) in view.message.text()
    assert view.message.isVisible()


def test_dashboard_chart_spans_the_datas_fiscal_years_with_titles(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from reviewer.ui.views.dashboard import DashboardView

    open_under_review(window, qtbot, demo_db)
    view = window.workspace.screen_of(DashboardView)
    window.show_screen(window.workspace.stack.indexOf(view))
    qtbot.waitUntil(lambda: view.loaded, timeout=10000)
    chart = view.chart
    # the demo's plan is many times its reports: a log axis, said in the axis title
    assert chart._axis_titles == ("Fiscal year", "Robots active (log scale)") and chart.log_scale
    labels = [label for _x, label in chart._ticks]
    assert labels and all(label.startswith("FY") for label in labels)
    reported, planned = chart._series
    x0, x1 = chart._x_range
    assert x0 <= reported.points[0][0] and reported.points[-1][0] <= x1
    # the plan is drawn over the data's span only, so it does not crush the reported line
    assert all(x0 <= x <= x1 for x, _y in planned.points)
    assert max(y for _x, y in planned.points) < 50 * max(y for _x, y in reported.points)
    # the reported line is not flattened against the axis: its peak stands above the middle
    assert chart.y_fraction(max(y for _x, y in reported.points)) > 0.5
    assert 0.0 <= chart.y_fraction(max(y for _x, y in planned.points)) <= 1.0


def test_consensus_hides_ratings_until_open_then_shows_the_matrix(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from reviewer.services import committee
    from reviewer.ui.views.consensus import ConsensusView, ScoreColumn

    open_under_review(window, qtbot, demo_db)
    view = window.workspace.screen_of(ConsensusView)
    window.show_screen(window.workspace.stack.indexOf(view))
    assert committee.consensus_state(window.ctx.db, 2027) != "open"  # the demo leaves it closed
    assert "hidden" in view.state.text()
    assert view.table.isColumnHidden(ScoreColumn.MEAN.value) and not view.table.isColumnHidden(
        ScoreColumn.N.value
    )
    assert not view.matrix.isVisible()
    view.open_button.click()
    view.confirmation.button(QMessageBox.StandardButton.Yes).click()
    assert "open" in view.state.text()
    assert not view.table.isColumnHidden(ScoreColumn.MEAN.value)
    assert view.matrix.isVisible()
    names = [view.matrix.horizontalHeaderItem(c).text() for c in range(view.matrix.columnCount())]
    assert names == [r.name for r in window.ctx.plan.reviewers]
    cells = {
        view.matrix.item(r, c).text()
        for r in range(view.matrix.rowCount())
        for c in range(view.matrix.columnCount())
    }
    assert cells & set("ABCD")  # the demo's ratings, each reviewer's own


def test_preview_zooms_and_turns_pages(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPdfWidgets import QPdfView

    open_under_review(window, qtbot, demo_db)
    report = window.workspace.screen_of(ReportView)
    window.show_screen(window.workspace.stack.indexOf(report))
    with qtbot.waitSignal(report.render_finished, timeout=120000):
        report.render_button.click()
    preview = report._preview
    assert isinstance(preview.view, QPdfView) and preview.document.pageCount() > 2
    assert preview.page.maximum() == preview.document.pageCount()
    assert preview.pages_label.text() == f"of {preview.document.pageCount()}"
    before = preview.view.zoomFactor()
    preview.zoom_in.click()
    assert preview.view.zoomMode() == QPdfView.ZoomMode.Custom and preview.view.zoomFactor() > before
    preview.fit_width.click()
    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    preview.page.setValue(3)
    qtbot.waitUntil(lambda: preview.view.pageNavigator().currentPage() == 2, timeout=3000)
