"""Reviewer mode shows the programme's figures for the package's FY, and only a reviewer's screens
(issue 15: a package showed 80.0 % and 6 milestones without evidence where the programme database
showed 75.0 % and 5, and kept Imports, Decision and Report)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from reviewer.services import evaluation, evidence_table
from reviewer.ui import labels
from tests.ui.conftest import wait_checked


def _programme_figures(path: Path, fy: int) -> tuple[str, Counter[str], int]:
    db = evidence_table.open_program(path, readonly=True)
    try:
        status = evaluation.fy_status_json(db, fy)
    finally:
        db.close()
    counts = Counter((m["committee_status"] or m["status"]) for m in status["milestones"])
    return labels.percent(status["weighted_achievement"], "en"), counts, len(status["milestones"])


def _dashboard(window, qtbot):  # type: ignore[no-untyped-def]
    from reviewer.ui.views.dashboard import DashboardView
    from reviewer.ui.workspace import screen_index

    window.show_screen(screen_index("DashboardView"))
    view = window.workspace.screen_of(DashboardView)
    qtbot.waitUntil(lambda: view.loaded and view.status.get("fy") == window.ctx.fy, timeout=20000)
    return view


def test_a_package_opens_with_the_programmes_figures_and_only_a_reviewers_screens(
    window, demo_db: Path, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from reviewer.ui.workspace import SCREENS

    window.open_database(demo_db)
    wait_checked(qtbot, window)
    out = tmp_path / "R03.review"
    with qtbot.waitSignal(window.packages.exported, timeout=30000) as exported:
        window.packages.export("R03", out)
    fy = exported.args[0].fy
    achievement, counts, total = _programme_figures(demo_db, fy)
    assert counts["no_evidence"] < total  # the demo FY has judged and evidenced milestones
    with qtbot.waitSignal(window.database_opened, timeout=30000):
        window.open_database(out)
    wait_checked(qtbot, window)
    assert window.ctx.package is not None and window.ctx.fy == fy
    view = _dashboard(window, qtbot)
    assert view.achievement_card.figure.text() == achievement
    assert view.milestone_card.figure.text() == str(total)
    for key, chip in view.chip_labels.items():
        assert chip.text() == f"{labels.status(key, 'en')} {counts.get(key, 0)}", key
    no_evidence = counts.get("no_evidence", 0)
    assert view.achievement_card.detail.text().startswith(f"{no_evidence} milestone")
    # the Milestones screen agrees, milestone by milestone
    from reviewer.ui.views.milestones import MilestonesView

    milestones = window.workspace.screen_of(MilestonesView)
    db = evidence_table.open_program(demo_db, readonly=True)
    try:
        programme = {
            m["code"]: (m["status"], tuple(m["evidence"]))
            for m in evaluation.fy_status_json(db, fy)["milestones"]
        }
    finally:
        db.close()
    lines = [milestones.model.row_object(n) for n in range(milestones.model.rowCount())]
    shown = {line.milestone.code: (line.status, line.evidence) for line in lines}
    assert shown == programme
    # only the screens a reviewer can use
    nav = window.workspace.nav
    offered = [SCREENS[n][1].split(":")[1] for n in range(nav.count()) if not nav.item(n).isHidden()]
    assert offered == [
        "DashboardView",
        "MilestonesView",
        "EvidenceView",
        "ReviewersView",
        "AssessmentView",
        "ConsensusView",
    ]
