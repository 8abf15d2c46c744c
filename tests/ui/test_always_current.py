"""SPEC §9 "Always current": every write the window makes shows everywhere without a restart.

Each test drives the window as a user would (buttons, shortcuts, the confirm box) and then reads
what the other screens, the banner and the FY box show; none calls a service to write.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QMessageBox

from reviewer.ui.views.dashboard import DashboardView
from reviewer.ui.views.decision import DecisionView
from reviewer.ui.views.evidence import EvidenceView
from reviewer.ui.views.imports import ImportsView
from reviewer.ui.views.report import ReportView
from tests.conftest import REPO
from tests.ui.conftest import answer_with_the_demo_key, open_under_review, show

DATA = REPO / "tests" / "data" / "ui"


def _dashboard(window, qtbot) -> DashboardView:  # type: ignore[no-untyped-def]
    view = show(window, DashboardView)
    with qtbot.waitSignal(view.data_loaded, timeout=10000):
        view.refresh()
    return view


def _sign_through_the_form(window, qtbot, demo_template: Path) -> DecisionView:  # type: ignore[no-untyped-def]
    view = show(window, DecisionView)
    view.rationale.setPlainText("on track")
    view.funding.setText("0")
    view.outcome.setCurrentIndex(view.outcome.findData("continue"))
    view.save.click()
    assert view.sign.isEnabled(), view.message.text()
    view.sign.click()
    box = view.confirmation
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    answer_with_the_demo_key(view, demo_template)
    qtbot.waitUntil(lambda: window.ctx.fy_signed, timeout=5000)
    return view


def test_signing_shows_signed_on_the_dashboard_banner_and_fy_box(
    window, demo_db: Path, _demo_template: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    open_under_review(window, qtbot, demo_db, "ja")
    dashboard = _dashboard(window, qtbot)
    assert "未決裁" in dashboard.subtitle.text()
    item = window.fy_box.itemText(window.fy_box.currentIndex())
    assert "決裁済み" not in item
    _sign_through_the_form(window, qtbot, _demo_template)
    assert "決裁済み" in window.workspace.banner.text()
    assert "決裁済み" in window.fy_box.itemText(window.fy_box.currentIndex())
    window.show_screen(window.workspace.stack.indexOf(dashboard))
    qtbot.waitUntil(lambda: "決裁済み" in dashboard.subtitle.text(), timeout=10000)
    assert "未決裁" not in dashboard.subtitle.text()


def test_a_visible_dashboard_follows_an_import(
    window, demo_db: Path, _demo_template: Path, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    open_under_review(window, qtbot, demo_db, "en")
    dashboard = _dashboard(window, qtbot)
    before = list(dashboard.chart._series)
    fleet = tmp_path / "fleet_new_month.csv"
    header = (DATA / "fleet_demo.csv").read_text(encoding="utf-8").splitlines()[0]
    fleet.write_text(header + "\n2028-01,medical,New Operator,900,800,5000\n", encoding="utf-8")
    with qtbot.waitSignal(window.import_finished, timeout=20000) as blocker:
        window.import_files([fleet])
    assert type(blocker.args[0]).__name__ == "ImportResult", blocker.args[0]
    qtbot.waitUntil(lambda: dashboard.chart._series != before, timeout=10000)


def test_preview_goes_out_of_date_and_export_refuses_a_stale_draft(  # type: ignore[no-untyped-def]
    window, demo_db: Path, _demo_template: Path, qtbot, tmp_path: Path
) -> None:
    open_under_review(window, qtbot, demo_db, "en")
    report = show(window, ReportView)
    with qtbot.waitSignal(report.render_finished, timeout=120000) as blocker:
        report.render_button.click()
    assert blocker.args == [True]
    assert report.export.isEnabled() and not report.out_of_date
    _sign_through_the_form(window, qtbot, _demo_template)
    # the report screen is hidden: it still knows at once that its preview shows an older state
    assert report.out_of_date
    assert not report.export.isEnabled()
    target = tmp_path / "old.pdf"
    assert not report.export_to(target) and not target.exists()
    show(window, ReportView)
    assert "out of date" in report.message.text()
    with qtbot.waitSignal(report.render_finished, timeout=120000):
        report.render_button.click()
    assert not report.out_of_date and report.export_to(target)
    from pypdf import PdfReader

    text = "".join(page.extract_text() or "" for page in PdfReader(target).pages)
    assert "Draft (unsigned)" not in text


def test_report_language_box_follows_the_ui_language(
    window, demo_db: Path, _demo_template: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    open_under_review(window, qtbot, demo_db, "en")
    report = show(window, ReportView)
    assert report.language.currentData() == "en"
    window.actions_["switch_language"].trigger()
    assert window.lang == "ja" and report.language.currentData() == "ja"
    window.actions_["switch_language"].trigger()
    assert report.language.currentData() == "en"


def _select_first(table) -> None:  # type: ignore[no-untyped-def]
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    table.selectionModel().select(table.model().index(0, 0), flags)


def test_evidence_detail_follows_a_filter_and_a_language_switch(
    window, demo_db: Path, _demo_template: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    open_under_review(window, qtbot, demo_db, "en")
    view = show(window, EvidenceView)
    _select_first(view.table)
    first = view.table.model().index(0, 0).data()
    assert f"Record: {first} " in view.detail.toPlainText()
    view.file_text.setText("no file is called like this")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=3000)  # applies as you type
    assert view.detail.toPlainText() == "" and not view.open_document.isEnabled()
    view.file_text.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=3000)
    _select_first(view.table)
    assert "Record:" in view.detail.toPlainText()
    window.actions_["switch_language"].trigger()  # Ctrl+L
    text = view.detail.toPlainText()
    assert "Record:" not in text and (text == "" or "記録" in text or "レコード" in text)


def test_old_import_errors_are_cleared(
    window, demo_db: Path, _demo_template: Path, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    open_under_review(window, qtbot, demo_db, "en")
    bad = tmp_path / "fleet_bad.csv"
    good = (DATA / "fleet_demo.csv").read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([good[0], good[1].replace(",", ",x", 1), *good[2:]]) + "\n", encoding="utf-8")
    with qtbot.waitSignal(window.import_finished, timeout=20000):  # listening before it starts
        window.import_files([bad])
    other = tmp_path / "other.csv"
    other.write_text(good[0] + "\n2027-04,medical,Someone,many,1,2\n", encoding="utf-8")
    with qtbot.waitSignal(window.import_finished, timeout=20000):
        window.import_files([other])
    imports = window.workspace.screen_of(ImportsView)
    assert "fleet_bad.csv" in imports.errors.toPlainText() and "other.csv" in imports.errors.toPlainText()
    # the user corrects the file and imports it again: its old problems are gone, the other's stay
    bad.write_text("\n".join(good) + "\n", encoding="utf-8")
    with qtbot.waitSignal(window.import_finished, timeout=20000):
        window.import_files([bad])
    assert "fleet_bad.csv" not in imports.errors.toPlainText()
    assert "other.csv" in imports.errors.toPlainText()
    imports.clear_errors.click()
    assert imports.errors.toPlainText() == "" and not imports.clear_errors.isEnabled()


def test_decision_form_shows_signer_by_name_after_signing(
    window, demo_db: Path, _demo_template: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    open_under_review(window, qtbot, demo_db, "en")
    view = _sign_through_the_form(window, qtbot, _demo_template)
    officer = next(o for o in window.ctx.plan.officers if o.id == "O01")
    assert officer.name in view.summary.text()
    assert not view.save.isEnabled()


def test_a_skipped_duplicate_stays_listed(
    window, demo_db: Path, _demo_template: Path, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    open_under_review(window, qtbot, demo_db, "en")
    fleet = tmp_path / "fleet_twice.csv"
    header = (DATA / "fleet_demo.csv").read_text(encoding="utf-8").splitlines()[0]
    fleet.write_text(header + "\n2028-02,medical,Twice Operator,10,9,100\n", encoding="utf-8")
    for _ in range(2):
        with qtbot.waitSignal(window.import_finished, timeout=20000):
            window.import_files([fleet])
    imports = window.workspace.screen_of(ImportsView)
    qtbot.wait(50)
    assert "fleet_twice.csv: already imported" in imports.errors.toPlainText()
