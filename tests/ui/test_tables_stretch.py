"""Tables fill their width in every state (issue 15: "tables stopped stretching after consensus
opened or a decision was saved"; the consensus table also stopped after a language switch, its
last column being one of those hidden until consensus opens)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QTableView

from reviewer.ui.views.consensus import ConsensusView
from reviewer.ui.views.decision import DecisionView
from tests.ui.conftest import wait_checked


def _gaps(screen) -> list[str]:  # type: ignore[no-untyped-def]
    """Visible tables whose columns leave blank width on the right."""
    out = []
    for table in screen.findChildren(QTableView):
        if not table.isVisible() or table.model() is None or table.model().columnCount() == 0:
            continue
        header = table.horizontalHeader()
        if header.length() < table.viewport().width() - 2:
            out.append(
                f"{type(screen).__name__}:{table.objectName() or type(table).__name__}"
                f" {header.length()} < {table.viewport().width()}"
            )
    return out


def _show(window, qtbot, cls):  # type: ignore[no-untyped-def]
    screen = window.workspace.screen_of(cls)
    window.show_screen(window.workspace.stack.indexOf(screen))
    qtbot.wait(20)
    return screen


def test_consensus_and_decision_tables_fill_their_width(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    window.ctx.set_fy(2027)
    found: list[str] = []
    consensus = _show(window, qtbot, ConsensusView)
    found += _gaps(consensus)
    for lang in ("ja", "en"):  # a switch rebuilds the table's model
        window.set_language(lang)
        qtbot.wait(20)
        found += [f"{lang} before opening: {g}" for g in _gaps(consensus)]
    consensus.open_button.click()
    box = consensus.confirmation
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: consensus.matrix.isVisible(), timeout=10000)
    found += [f"after opening: {g}" for g in _gaps(consensus)]
    window.set_language("ja")
    qtbot.wait(20)
    found += [f"ja after opening: {g}" for g in _gaps(consensus)]
    window.set_language("en")
    decision = _show(window, qtbot, DecisionView)
    found += _gaps(decision)
    decision.rationale.setPlainText("Progress is on the plan.")
    decision.save.click()
    qtbot.wait(50)
    found += [f"after saving: {g}" for g in _gaps(decision)]
    assert found == [], "\n".join(found)


def test_every_screens_tables_fill_their_width_after_a_switch(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from reviewer.ui.workspace import SCREENS
    from tests.conftest import REPO

    window.open_database(demo_db)
    wait_checked(qtbot, window)
    window.ctx.set_fy(2027)
    with qtbot.waitSignal(window.import_finished, timeout=20000):
        window.import_files([REPO / "tests" / "data" / "ui" / "fleet_demo.csv"])
    found: list[str] = []
    for lang in ("ja", "en"):
        window.set_language(lang)
        for n in range(len(SCREENS)):
            window.show_screen(n)
            screen = window.screen_at(n)
            if hasattr(screen, "loaded"):
                qtbot.waitUntil(lambda s=screen: s.loaded, timeout=10000)
            qtbot.wait(20)
            found += [f"{lang}: {g}" for g in _gaps(screen)]
    assert found == [], "\n".join(found)


def test_the_imports_columns_fit_their_words_in_each_language(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The format column's words (ベンチマーク表（CSV/XLSX）) fit: opened in Japanese, and after each
    switch, made here or while another screen shows."""
    from reviewer.ui.views.dashboard import DashboardView
    from reviewer.ui.views.imports import ImportsView

    window.set_language("ja")
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    for lang, where in (("ja", "here"), ("en", "here"), ("ja", "elsewhere"), ("en", "elsewhere")):
        _show(window, qtbot, ImportsView if where == "here" else DashboardView)
        window.set_language(lang)
        qtbot.wait(20)
        imports = _show(window, qtbot, ImportsView)
        table = imports.table
        header = table.horizontalHeader()
        cut = [
            column
            for column in range(table.model().columnCount() - 1)  # the last one stretches
            if not table.isColumnHidden(column)
            and header.sectionSize(column) < table.sizeHintForColumn(column)
        ]
        assert cut == [], f"{lang} ({where}): columns narrower than their contents: {cut}"
        assert _gaps(imports) == []
