"""What an outside-in walk of issue 15 still found on the window at 1280×720 (round 3): the signed
FY's box cut to "2027年度 （決", the decision's conditions covered by their own buttons once the
signed banner took its line, the last year's conditions table leaving a gap after a save in
Japanese, the import dialog showing format and industry codes, and rendered previews (an internal
edition among them) left in the temporary folder after the screen was gone."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QStyle, QStyleOptionComboBox, QTableView

from reviewer.ui.views.decision import DecisionView
from reviewer.ui.views.report import ReportView
from tests.conftest import REPO
from tests.ui.conftest import answer_with_the_demo_key, open_under_review, show, wait_checked

DATA = REPO / "tests" / "data" / "ui"


def _open_small(window, qtbot, demo_db: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The window as the first start leaves it on a 1280×720 screen (680 pixels under a panel)."""
    window.resize(1280, 680)
    open_under_review(window, qtbot, demo_db, lang)


def _sign(window, qtbot, view: DecisionView, demo_template: Path) -> None:  # type: ignore[no-untyped-def]
    view.rationale.setPlainText("順調")
    view.funding.setText("0")
    view.outcome.setCurrentIndex(view.outcome.findData("continue_with_conditions"))
    view.conditions.add_button.click()
    view.conditions.table.item(view.conditions.table.rowCount() - 1, 0).setText("再現手順を公開すること")
    view.save.click()
    assert view.sign.isEnabled(), view.message.text()
    view.sign.click()
    assert view.confirmation is not None
    view.confirmation.button(QMessageBox.StandardButton.Yes).click()
    answer_with_the_demo_key(view, demo_template)
    qtbot.waitUntil(lambda: window.ctx.fy_signed, timeout=10000)
    qtbot.wait(50)


def _gap(table: QTableView) -> int:
    return table.viewport().width() - table.horizontalHeader().length()


def _signed_at_720(window, qtbot, demo_db: Path, demo_template: Path) -> DecisionView:  # type: ignore[no-untyped-def]
    _open_small(window, qtbot, demo_db, "ja")
    view = show(window, DecisionView)
    qtbot.wait(50)
    _sign(window, qtbot, view, demo_template)
    return view


def test_the_signed_fy_box_shows_its_whole_item(window, demo_db: Path, _demo_template: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    _signed_at_720(window, qtbot, demo_db, _demo_template)
    box = window.fy_box
    text = box.currentText()
    assert "決裁済み" in text
    option = QStyleOptionComboBox()
    box.initStyleOption(option)
    field = box.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, box
    )
    assert field.width() >= box.fontMetrics().horizontalAdvance(text), (text, field.width())


def test_the_conditions_buttons_never_cover_their_rows(
    window, demo_db: Path, _demo_template: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    view = _signed_at_720(window, qtbot, demo_db, _demo_template)
    editor = view.conditions
    table = editor.table
    assert table.rowCount() == 1
    for button in (editor.add_button, editor.remove_button):
        assert not button.geometry().intersects(table.geometry()), (button.geometry(), table.geometry())
    assert table.height() >= table.horizontalHeader().height() + 2 * table.rowHeight(0)
    assert editor.height() >= table.height()
    # and the form keeps its rows: the editor ends above the buttons, which end above the panel
    # (the panel under them claimed its preferred height and the form was squeezed under it)
    assert editor.geometry().bottom() < view.save.geometry().top(), (editor.geometry(), view.save.geometry())
    assert view.save.geometry().bottom() < view.conditions_panel.geometry().top()
    assert view.geometry().height() >= view.layout().totalMinimumSize().height()


def test_last_years_conditions_fill_their_width_after_a_save(
    window, demo_db: Path, _demo_template: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    view = _signed_at_720(window, qtbot, demo_db, _demo_template)
    assert _gap(view.conditions_panel.table) <= 2, _gap(view.conditions_panel.table)


def test_import_dialog_shows_formats_and_industries_by_their_words(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from reviewer.ui.dialogs.import_dialog import PreviewColumn

    for lang, format_word, medical, food in (
        ("ja", "稼働報告（CSV/XLSX）", "医療", "飲食サービス"),
        ("en", "Fleet report (CSV/XLSX)", "Medical care", "Food service"),
    ):
        window.set_language(lang, remember=False)
        if window.ctx is None:
            window.open_database(demo_db)
            wait_checked(qtbot, window)
        dialog = window.imports.open_dialog([DATA / "fleet_demo.csv"])
        assert dialog is not None
        qtbot.waitUntil(lambda d=dialog: len(d.previews) == 1, timeout=10000)
        cell = dialog.model.index(0, dialog.model.column_of(PreviewColumn.FORMAT)).data()
        assert cell == format_word
        formats = [dialog.format.itemText(n) for n in range(dialog.format.count())]
        assert format_word in formats and "fleet-report" not in formats
        industries = [dialog.industry.itemText(n) for n in range(1, dialog.industry.count())]
        assert industries and not [t for t in industries if "(" in t or "_" in t], industries
        assert food in industries
        text = dialog.preview.toPlainText()
        # the file writes "medical", "医療" and "food_service": each shown by the plan's word
        assert f"2027-04 · {medical} · Kanto Hospital Robotics" in text
        assert f"2027-04 · {medical} · Osaka Care Robots" in text
        assert f"2027-05 · {food} · Noodle Bots" in text
        assert "food_service" not in text and "logistics_warehousing" not in text
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
        qtbot.waitUntil(lambda d=dialog: not d.isVisible(), timeout=2000)


def test_rendered_previews_go_with_their_screen(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    window.ctx.set_fy(2027)
    report = show(window, ReportView)
    with qtbot.waitSignal(report.render_finished, timeout=120000) as blocker:
        report.render_button.click()
    assert blocker.args == [True]
    folder = report._folder
    assert list(folder.glob("*.pdf")), "the preview was rendered into the screen's folder"
    # another database opened: the old workspace and its screens go, and their previews with them
    with qtbot.waitSignal(window.database_opened, timeout=30000):
        window.open_database(demo_db)
    qtbot.waitUntil(lambda: not folder.exists(), timeout=5000)


def test_the_file_dialog_gives_sizes_and_dates_in_the_window_language(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QDateTime, QFileInfo
    from PySide6.QtWidgets import QTreeView

    from reviewer.ui import file_dialogs, i18n

    for lang, unit in (("ja", "バイト"), ("en", "bytes")):
        window.set_language(lang, remember=False)
        dialog = file_dialogs._dialog(window, "x", str(DATA), "CSV (*.csv)")
        dialog.show()
        view = dialog.findChild(QTreeView, "treeView")
        model = view.model()

        def row(name: str, model=model, view=view) -> int:  # type: ignore[no-untyped-def]
            root = view.rootIndex()
            return next(
                (r for r in range(model.rowCount(root)) if model.index(r, 0, root).data() == name), -1
            )

        qtbot.waitUntil(lambda row=row: row("fleet_demo.csv") >= 0, timeout=5000)
        root = view.rootIndex()
        r = row("fleet_demo.csv")
        size, modified = model.index(r, 1, root).data(), model.index(r, 3, root).data()
        info = QFileInfo(str(DATA / "fleet_demo.csv"))
        assert size == f"{info.size()} {unit}", size
        when = i18n.qt_locale(lang).toString(info.lastModified(), i18n.qt_locale(lang).FormatType.ShortFormat)
        assert modified == when and isinstance(info.lastModified(), QDateTime)
        qtbot.wait(50)
        for column, text in ((1, size), (3, modified)):  # whole, not "21…イト"
            assert view.header().sectionSize(column) >= view.fontMetrics().horizontalAdvance(text), text
        dialog.close()


def test_a_documents_and_a_manual_records_provenance_are_shown(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    import hashlib
    import re

    from reviewer.ui.views.evidence import EvidenceView

    window.open_database(demo_db)
    wait_checked(qtbot, window)
    window.ctx.set_fy(2027)
    view = show(window, EvidenceView)
    source = DATA / "minutes.pdf"
    with qtbot.waitSignal(view.documents_attached, timeout=10000) as blocker:
        view.attach_documents([source])
    (attached,) = blocker.args[0]
    view.show_detail(attached.evidence_id)
    lines = dict(line.split(": ", 1) for line in view.detail.toPlainText().splitlines() if ": " in line)
    assert lines["Source file"] == "minutes.pdf"
    assert lines["SHA-256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert lines["Format"] == "Document"
    # who attached it and when, as a person reads a time ("7 December 2026, 16:22 UTC")
    assert re.fullmatch(r".+, \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC", lines["Imported by"]), lines
    assert not lines["Imported by"].startswith("—")
    # the demo's manual record: who entered it and when
    model = view.table.model()
    view.table.scrollToBottom()
    manual = next(
        int(model.index(r, 0).data())
        for r in range(model.rowCount() - 1, -1, -1)
        if model.index(r, 1).data() == "Manual entry"
    )
    view.show_detail(manual)
    lines = dict(line.split(": ", 1) for line in view.detail.toPlainText().splitlines() if ": " in line)
    assert re.fullmatch(r".+, \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC", lines["Imported by"]), lines
    assert not lines["Imported by"].startswith("—")


def _rows_hidden(table: QTableView) -> list[int]:
    """Rows not wholly inside the table's viewport (scrolled to the top)."""
    table.scrollToTop()
    height = table.viewport().height()
    return [
        r
        for r in range(table.model().rowCount())
        if table.rowViewportPosition(r) < 0 or table.rowViewportPosition(r) + table.rowHeight(r) > height
    ]


def test_an_open_consensus_shows_every_criterion_at_720(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from reviewer.ui.views.consensus import ConsensusView

    _open_small(window, qtbot, demo_db, "ja")
    view = show(window, ConsensusView)
    qtbot.wait(50)
    assert _rows_hidden(view.table) == []
    view.open_button.click()
    assert view.confirmation is not None
    view.confirmation.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(view.matrix.isVisible, timeout=5000)
    qtbot.wait(50)
    assert view.table.model().rowCount() == view.matrix.rowCount() == len(window.ctx.plan.criteria)
    assert _rows_hidden(view.table) == [] and _rows_hidden(view.matrix) == []
    # the comments below keep room for a few rows too
    responses = view.responses.table
    assert responses.viewport().height() >= 4 * responses.verticalHeader().defaultSectionSize()
    for lang in ("en", "ja"):  # a switch rebuilds both tables
        window.set_language(lang, remember=False)
        qtbot.wait(20)
        assert _rows_hidden(view.table) == [] and _rows_hidden(view.matrix) == [], lang


def test_a_double_click_on_deciding_evidence_opens_its_record(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from reviewer.ui.views.evidence import EvidenceView
    from reviewer.ui.views.milestones import MilestoneColumn, MilestonesView

    _open_small(window, qtbot, demo_db, "ja")
    view = show(window, MilestonesView)
    qtbot.wait(50)
    proxy = view.table.model()
    column = MilestoneColumn.EVIDENCE.value
    row = next(r for r in range(proxy.rowCount()) if "," in str(proxy.index(r, column).data()))
    cell = proxy.index(row, column)
    first = int(str(cell.data()).split(",")[0])
    assert cell.data(Qt.ItemDataRole.ToolTipRole).startswith(f"ダブルクリックで記録 {first} を開きます")
    view.table.scrollTo(cell)
    centre = view.table.visualRect(cell).center()
    QTest.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    QTest.mouseDClick(
        view.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre
    )
    evidence = window.workspace.screen_of(EvidenceView)
    qtbot.waitUntil(lambda: window.current_screen() is evidence, timeout=3000)
    assert evidence.detail.toPlainText().startswith(f"記録: {first} ")


def test_import_times_read_as_a_date_and_a_time(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    import re

    from reviewer.ui.views.imports import BatchColumn, ImportsView

    window.open_database(demo_db)
    wait_checked(qtbot, window)
    view = show(window, ImportsView)
    qtbot.wait(20)
    model = view.table.model()
    column = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == "Imported at (UTC)"
    )
    assert column == BatchColumn.AT.value
    shown = [model.index(r, column).data() for r in range(model.rowCount())]
    assert shown and all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", s) for s in shown), shown[:3]


def test_a_conditions_due_date_reads_as_the_windows_dates(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    for lang, shown in (("ja", "2029年3月31日"), ("en", "31 March 2029")):
        window.set_language(lang, remember=False)
        if window.ctx is None:
            window.open_database(demo_db)
            wait_checked(qtbot, window)
            window.ctx.set_fy(2027)
        view = show(window, DecisionView)
        view.conditions.add_button.click()
        due = view.conditions.table.cellWidget(view.conditions.table.rowCount() - 1, 1)
        assert due.text() == shown, due.text()


def test_the_amend_dialog_shows_each_carried_condition_whole(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    _open_small(window, qtbot, demo_db, "ja")
    window.ctx.set_fy(2026)  # the demo's signed FY, whose three conditions carry forward
    view = show(window, DecisionView)
    view.amend.click()
    dialog = view.amend_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    qtbot.wait(50)
    wrapped = [w for w in dialog.findChildren(QLabel) if w.isVisible() and w.wordWrap() and w.text()]
    assert any(w.text().startswith("[1] ") for w in wrapped)
    clipped = [
        (w.text()[:30], w.height(), w.heightForWidth(w.width()))
        for w in wrapped
        if w.height() < w.heightForWidth(w.width())
    ]
    assert clipped == []
    dialog.reject()


def test_opened_document_copies_go_when_the_window_closes(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from reviewer.ui.views.evidence import EvidenceView

    window.open_database(demo_db)
    wait_checked(qtbot, window)
    window.ctx.set_fy(2027)
    view = show(window, EvidenceView)
    with qtbot.waitSignal(view.documents_attached, timeout=10000) as blocker:
        view.attach_documents([DATA / "minutes.pdf"])
    (attached,) = blocker.args[0]
    view.show_detail(attached.evidence_id)
    view.open_url = lambda _url: True  # a viewer took it (no viewer is started by the test)
    copy = view.open_document_copy()
    assert copy is not None and copy.read_bytes() == (DATA / "minutes.pdf").read_bytes()
    window.close()
    assert not copy.exists() and not copy.parent.exists()


def test_the_manual_evidence_date_reads_as_the_windows_dates(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    import re

    from reviewer.ui.views.evidence import EvidenceView

    for lang, pattern in (("ja", r"\d{4}年\d{1,2}月\d{1,2}日"), ("en", r"\d{1,2} [A-Z][a-z]+ \d{4}")):
        window.set_language(lang, remember=False)
        if window.ctx is None:
            window.open_database(demo_db)
            wait_checked(qtbot, window)
        view = show(window, EvidenceView)
        dialog = view.show_manual_dialog()
        assert re.fullmatch(pattern, dialog.date.text()), dialog.date.text()
        dialog.reject()


def test_the_key_dialog_names_the_officer_not_the_id(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    _open_small(window, qtbot, demo_db, "ja")
    view = show(window, DecisionView)
    officer = next(o for o in window.ctx.plan.officers if o.role.value == "approver")
    view.ask_key_and_sign(officer.id)
    assert view.key_dialog is not None
    texts = [label.text() for label in view.key_dialog.findChildren(QLabel)]
    note = next(t for t in texts if "証明書" in t or "certificate" in t)
    assert officer.name in note and officer.id not in note, note
    view.key_dialog.reject()


def test_the_draft_saved_note_goes_with_the_signature_and_with_another_fy(  # type: ignore[no-untyped-def]
    window, demo_db: Path, _demo_template: Path, qtbot
) -> None:
    _open_small(window, qtbot, demo_db, "en")
    view = show(window, DecisionView)
    qtbot.wait(50)
    view.rationale.setPlainText("On track")
    view.save.click()
    assert view.message.text() == "Draft saved."
    window.ctx.set_fy(2026)  # another FY's screen says nothing of this FY's draft
    qtbot.waitUntil(lambda: "2026" in view.title.text())
    assert view.message.text() == ""
    window.ctx.set_fy(2027)
    qtbot.waitUntil(lambda: "2027" in view.title.text())
    _sign(window, qtbot, view, _demo_template)  # saves the draft again, then signs it
    assert window.ctx.fy_signed and view.message.text() == ""
