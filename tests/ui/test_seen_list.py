"""Items of issue 15's "What was seen" that had no test through the window: "1 milestones" and
"1 problems" in English, and the dashboard's card titles pale grey on grey (WCAG AA asks 4.5:1)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QColor

from reviewer.core.models import Status
from reviewer.ui.views.dashboard import DashboardView
from reviewer.ui.views.imports import ImportsView
from reviewer.ui.views.milestones import MilestonesView
from tests.ui.conftest import open_under_review


def _dashboard(window, qtbot):  # type: ignore[no-untyped-def]
    view = window.workspace.screen_of(DashboardView)
    window.show_screen(window.workspace.stack.indexOf(view))
    qtbot.waitUntil(lambda: view.loaded and view.status.get("fy") == window.ctx.fy, timeout=20000)
    return view


def test_one_milestone_and_one_problem_read_in_the_singular(
    window, demo_db: Path, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    open_under_review(window, qtbot, demo_db)
    view = window.workspace.screen_of(MilestonesView)
    window.show_screen(window.workspace.stack.indexOf(view))
    # the committee sets a status on every milestone without evidence but one, through the screen
    missing = [n for n in range(view.model.rowCount()) if view.model.row_object(n).status == "no_evidence"]
    assert len(missing) > 1
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    proxy = view.table.model()
    for code in [view.model.row_object(n).milestone.code for n in missing[1:]]:
        row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == code)
        view.table.selectionModel().select(proxy.index(row, 0), flags)
        assert view.selected().milestone.code == code
        view.committee_status.setCurrentIndex(view.committee_status.findData(Status.NOT_MET.value))
        view.reason.setText("no data by the gate date")
        view.override_button.click()
    dashboard = _dashboard(window, qtbot)
    qtbot.waitUntil(lambda: dashboard.achievement_card.detail.text().startswith("1 "), timeout=10000)
    assert dashboard.achievement_card.detail.text() == "1 milestone without evidence listed apart"
    # a file with exactly one problem
    bad = tmp_path / "one_problem.csv"
    bad.write_text(
        "period,industry,operator,robots_deployed,robots_active,operating_hours\n"
        "2027-04,medical,Someone,many,1,2\n",
        encoding="utf-8",
    )
    with qtbot.waitSignal(window.import_finished, timeout=20000):
        window.import_files([bad])
    imports = window.workspace.screen_of(ImportsView)
    assert "one_problem.csv: refused, 1 problem\n" in imports.errors.toPlainText() + "\n"
    assert window.jobs.jobs()[0].summary == "Refused: 1 problem"


def _luminance(c: QColor) -> float:
    def channel(v: int) -> float:
        x = v / 255
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def test_dashboard_card_titles_and_chips_have_aa_contrast(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    open_under_review(window, qtbot, demo_db)
    dashboard = _dashboard(window, qtbot)
    labels = [
        card.title for card in (dashboard.gate_card, dashboard.funding_card, dashboard.achievement_card)
    ]
    labels += list(dashboard.chip_labels.values())
    for label in labels:
        image = label.grab().toImage()
        colours = [QColor(image.pixel(x, y)) for x in range(image.width()) for y in range(image.height())]
        lum = sorted({round(_luminance(c), 4) for c in colours})
        background = QColor(image.pixel(2, image.height() // 2))
        back = _luminance(background)
        # the text pixel farthest from the background: its contrast with it
        text = max(lum, key=lambda v: abs(v - back))
        ratio = (max(text, back) + 0.05) / (min(text, back) + 0.05)
        assert ratio >= 4.5, f"{label.text()!r}: {ratio:.2f}:1"
