"""The import dialog on the demo: detection, preview, options, then the import on the writer thread."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from reviewer.ui.dialogs.import_dialog import PreviewColumn
from reviewer.ui.views.imports import ImportsView
from tests.conftest import REPO
from tests.paths import SHAPES
from tests.ui.conftest import wait_checked

DATA = REPO / "tests" / "data" / "ui"


def _open(window, qtbot, paths: list[Path]):  # type: ignore[no-untyped-def]
    dialog = window.imports.open_dialog(paths)
    assert dialog is not None
    qtbot.waitUntil(lambda: len(dialog.previews) == len(paths), timeout=10000)
    return dialog


def _cell(dialog, row: int, column: PreviewColumn) -> str:  # type: ignore[no-untyped-def]
    return str(dialog.model.index(row, dialog.model.column_of(column)).data())


def test_files_are_detected_and_previewed_before_anything_is_written(
    window, demo_db: Path, qtbot, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    dialog = _open(window, qtbot, [DATA / "fleet_demo.csv", DATA / "fleet_bad.csv"])
    assert [_cell(dialog, r, PreviewColumn.FORMAT) for r in (0, 1)] == ["Fleet report (CSV/XLSX)"] * 2
    assert _cell(dialog, 0, PreviewColumn.RECORDS) == "5" and _cell(dialog, 0, PreviewColumn.PROBLEMS) == "0"
    assert int(_cell(dialog, 1, PreviewColumn.PROBLEMS)) >= 2
    qtmodeltester.check(dialog.model)
    text = dialog.preview.toPlainText()  # the first file is selected
    assert "First records:" in text and "line 3  2027-04 · Medical care · Osaka Care Robots" in text
    dialog.table.selectRow(1)
    assert "fleet_bad.csv:3:4: E-NUMBER" in dialog.preview.toPlainText()
    assert "1 of 2 files" in dialog.status.text()
    conn = sqlite3.connect(demo_db)
    batches = conn.execute("SELECT count(*) FROM import_batch").fetchone()[0]
    with qtbot.waitSignal(window.import_finished, timeout=10000):
        dialog.import_button.click()
    qtbot.waitUntil(lambda: not window.imports._pending, timeout=10000)
    # the good file was imported; the bad one was refused whole, its problems on the Imports screen
    assert conn.execute("SELECT count(*) FROM import_batch").fetchone()[0] == batches + 1
    conn.close()
    assert "fleet_bad.csv:3" in window.workspace.screen_of(ImportsView).errors.toPlainText()


def test_an_option_a_file_needs_is_entered_and_previewed_again(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    source = SHAPES / "lm_eval_legacy_arc.json"
    dialog = _open(window, qtbot, [source])
    assert "E-NO-MODEL" in dialog.preview.toPlainText()
    # the dialog names its own field, never the command line's flag (SPEC §3, issue 14)
    wording = dialog.preview.toPlainText()
    assert "--model" not in wording
    assert "the Model field" in wording or "「モデル」欄" in wording
    with qtbot.waitSignal(dialog.previewed, timeout=10000):
        dialog.model_name.setText("acme/robo-1")  # read again a moment after typing stops
    assert _cell(dialog, 0, PreviewColumn.PROBLEMS) == "0"
    assert "acme/robo-1 · arc_challenge · acc = 0.2662" in dialog.preview.toPlainText()
    with qtbot.waitSignal(window.import_finished, timeout=10000):
        dialog.import_button.click()
    conn = sqlite3.connect(demo_db)
    models = {r[0] for r in conn.execute("SELECT model FROM benchmark_result")}
    conn.close()
    assert "acme/robo-1" in models


def test_a_date_that_is_not_iso_disables_import(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    dialog = _open(window, qtbot, [DATA / "fleet_demo.csv"])
    dialog.effective_date.setText("1 June 2027")
    qtbot.waitUntil(lambda: not dialog.import_button.isEnabled(), timeout=5000)
    assert "YYYY-MM-DD" in dialog.status.text()
    dialog.effective_date.setText("2027-06-01")
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=5000)
    dialog.reject()


def test_the_dialog_speaks_japanese(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    window.set_language("ja")
    dialog = _open(window, qtbot, [DATA / "fleet_demo.csv"])
    assert dialog.windowTitle() == "根拠資料の取り込み" and dialog.import_button.text() == "取り込む"
    # Qt's own labels come from Qt's translations (qtbase_ja.qm, shipped with PySide6)
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "キャンセル"
    assert (
        "3 行目  2027-04 · 医療 · Osaka Care Robots · 導入 50 台、稼働 45 台" in dialog.preview.toPlainText()
    )
    column = dialog.model.column_of(PreviewColumn.RECORDS)
    assert dialog.model.headerData(column, Qt.Orientation.Horizontal) == "表示した件数"
    dialog.reject()


def test_a_date_typed_just_before_import_is_checked_on_import(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    dialog = _open(window, qtbot, [DATA / "fleet_demo.csv"])
    dialog.effective_date.setText("June 2027")
    dialog.import_button.click()  # before the preview has been read again
    assert dialog.isVisible() and "YYYY-MM-DD" in dialog.status.text()
    assert not window.imports._pending  # nothing started
    dialog.reject()


def test_closing_the_dialog_while_it_reads_is_quiet(window, demo_db: Path, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as out:
        out.write("period,industry,operator,robots_deployed,robots_active,operating_hours\n")
        for i in range(40_000):
            out.write(f"2027-{1 + i % 12:02d},medical,operator {i // 12},10,5,100\n")
    dialog = window.imports.open_dialog([big, DATA / "fleet_demo.csv"])
    assert dialog is not None
    dialog.reject()  # the preview is still reading: its result must find nobody, and say nothing
    qtbot.wait(1500)  # pytest-qt fails the test on any exception raised in a slot meanwhile
    assert not window.imports._pending
