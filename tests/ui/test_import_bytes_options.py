"""The import dialog's encoding and worksheet choices (SPEC §4, issue 13): chosen in the window,
previewed with them, imported with them, in English and Japanese."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from openpyxl import Workbook

from tests.ui.conftest import wait_checked

HEADER = b"period,industry,operator,robots_deployed,robots_active,operating_hours\n"


def _open(window, qtbot, paths: list[Path]):  # type: ignore[no-untyped-def]
    dialog = window.imports.open_dialog(paths)
    assert dialog is not None
    qtbot.waitUntil(lambda: len(dialog.previews) == len(paths), timeout=10000)
    return dialog


def _choose(dialog, qtbot, combo, data: object) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(data)
    assert index >= 0, data
    with qtbot.waitSignal(dialog.previewed, timeout=10000):
        combo.setCurrentIndex(index)


def test_the_encoding_chosen_is_the_one_previewed_and_imported(
    window, demo_db: Path, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    path = tmp_path / "fleet.csv"
    path.write_bytes(HEADER + b"2027-04,medical," + "ﾃｽ".encode("cp932") + b",10,8,1\n")
    dialog = _open(window, qtbot, [path])
    assert [dialog.encoding.itemText(i) for i in range(3)] == [
        "Automatic (UTF-8, else CP932)",
        "UTF-8",
        "CP932 (Japanese Windows, Excel)",
    ]
    assert dialog.previews[0].encoding == "utf-8" and "· ý ·" in dialog.preview.toPlainText()
    _choose(dialog, qtbot, dialog.encoding, "cp932")
    assert dialog.previews[0].encoding == "cp932" and "· ﾃｽ ·" in dialog.preview.toPlainText()
    with qtbot.waitSignal(window.import_finished, timeout=10000):
        dialog.import_button.click()
    with sqlite3.connect(demo_db) as conn:
        row = conn.execute("SELECT encoding, options_json FROM import_batch ORDER BY id DESC").fetchone()
        assert row[0] == "cp932" and '"encoding":"cp932"' in row[1].replace(" ", "")
        assert conn.execute("SELECT operator FROM fleet_observation WHERE operator = 'ﾃｽ'").fetchone()


def test_utf8_chosen_for_a_cp932_file_shows_the_refusal_at_its_place(
    window, demo_db: Path, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    path = tmp_path / "fleet.csv"
    path.write_bytes(HEADER + b"2027-04,medical," + "髙橋".encode("cp932") + b",10,8,1\n")
    dialog = _open(window, qtbot, [path])
    assert dialog.previews[0].encoding == "cp932"
    _choose(dialog, qtbot, dialog.encoding, "utf-8")
    assert "fleet.csv:2:17: E-ENCODING-GIVEN" in dialog.preview.toPlainText()
    assert (
        "Text encoding field" in dialog.preview.toPlainText()
        and "--encoding" not in dialog.preview.toPlainText()
    )
    dialog.reject()


def test_a_workbook_of_two_visible_sheets_offers_them_and_reads_the_one_chosen(
    window, demo_db: Path, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    book = Workbook()
    columns = HEADER.decode().strip().split(",")
    first = book.active
    first.title = "April"
    for row in (columns, ["2027-04", "medical", "Acme", 10, 8, 1]):
        first.append(row)
    second = book.create_sheet("May")
    for row in (columns, ["2027-05", "medical", "Acme", 12, 8, 1]):
        second.append(row)
    hidden = book.create_sheet("secret")
    hidden.sheet_state = "veryHidden"
    path = tmp_path / "fleet.xlsx"
    book.save(path)
    csv_file = tmp_path / "other.csv"
    csv_file.write_bytes(HEADER + b"2027-06,medical,Other,5,5,1\n")
    dialog = _open(window, qtbot, [path, csv_file])
    assert not dialog.sheet.isHidden()
    assert [dialog.sheet.itemData(i) for i in range(dialog.sheet.count())] == [None, "April", "May"]
    assert "E-XLSX-SHEETS" in dialog.preview.toPlainText()
    # the dialog names its own field, never the command line's flag
    assert "Worksheet field" in dialog.preview.toPlainText() and "--sheet" not in dialog.preview.toPlainText()
    _choose(dialog, qtbot, dialog.sheet, "May")
    assert "2027-05 · " in dialog.preview.toPlainText() and "E-XLSX" not in dialog.preview.toPlainText()
    assert dialog.sheet.currentData() == "May"  # the choice survives the new preview
    # the worksheet chosen is the workbook's: the CSV beside it is read as it is
    assert dialog.previews[1].total_problems == 0 and dialog.options_for(csv_file).sheet is None
    with sqlite3.connect(demo_db) as conn:
        before = conn.execute("SELECT max(id) FROM import_batch").fetchone()[0]
    dialog.import_button.click()
    qtbot.waitUntil(lambda: not window.imports._pending, timeout=20000)
    with sqlite3.connect(demo_db) as conn:
        rows = conn.execute(
            "SELECT file_name, options_json FROM import_batch WHERE id > ? ORDER BY id", [before]
        ).fetchall()
    assert [name for name, _options in rows] == ["fleet.xlsx", "other.csv"]
    assert '"sheet":"May"' in rows[0][1].replace(" ", "") and "sheet" not in rows[1][1]


def test_the_choices_speak_japanese(window, demo_db: Path, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    window.set_language("ja")
    path = tmp_path / "fleet.csv"
    path.write_bytes(HEADER + b"2027-04,medical,Acme,10,8,1\n")
    dialog = _open(window, qtbot, [path])
    assert dialog.encoding.itemText(0) == "自動（UTF-8、それ以外は CP932）"
    assert dialog.encoding.itemText(2) == "CP932（日本語 Windows・Excel）"
    assert dialog.sheet_label.text() == "ワークシート"
    dialog.operator.setText("o" * 501)  # SPEC §10's limit, said in the chosen language
    assert dialog.operator.toolTip() == "501 文字あり、上限の 500 文字を超えています。"
    dialog.reject()
