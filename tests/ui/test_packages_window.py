"""Reviewer packages from the window: exported for a reviewer, worked on, merged back with a conflict."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reviewer.services import assessments
from reviewer.services.packages import Exported
from reviewer.store.db import open_database
from reviewer.ui.actions import ActionId
from tests.ui.conftest import wait_checked


def _rating(path: Path, reviewer: str, fy: int, target: str) -> str | None:
    conn = sqlite3.connect(path)
    row = conn.execute(
        "SELECT i.rating FROM assessment_item i JOIN assessment a ON a.id = i.assessment_id"
        " WHERE a.reviewer_id = ? AND a.fy = ? AND i.target = ?",
        [reviewer, fy, target],
    ).fetchone()
    conn.close()
    return None if row is None else row[0]


def test_a_package_goes_out_and_comes_back_with_its_conflict_listed(
    window, demo_db: Path, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    assert window.actions_[ActionId.EXPORT_PACKAGE].isEnabled()
    assert window.actions_[ActionId.MERGE_PACKAGES].isEnabled()
    out = tmp_path / "R04.review"
    with qtbot.waitSignal(window.packages.exported, timeout=20000) as done:
        window.packages.export("R04", out)
    assert isinstance(done.args[0], Exported) and done.args[0].fy == 2027 and out.exists()
    assert "R04" in window.statusBar().currentMessage() and str(out) in window.statusBar().currentMessage()
    # the reviewer works on the package; meanwhile the secretariat changes the same rating here
    package = open_database(out)
    assessments.save_target(package, assessments.TargetValues("R04", 2027, "outcomes", "B"))
    assessments.save_target(package, assessments.TargetValues("R04", 2027, "positioning", "A"))
    package.close()
    here = open_database(demo_db)
    assessments.save_target(here, assessments.TargetValues("R04", 2027, "outcomes", "D"))
    here.close()
    with qtbot.waitSignal(window.packages.merged, timeout=20000) as merged:
        window.packages.merge([out])
    [result] = merged.args[0]
    assert result.refused is None and len(result.conflicts) == 1
    assert "R04.review: R04 2027/outcomes rating: here=D package=B base=-" in window.packages.summary
    assert window.packages.summary.splitlines()[-1] == "1 conflict not applied"
    assert window.packages.box is not None and window.packages.box.isVisible()
    assert "1 conflict not applied" in window.packages.box.text()
    assert "1 conflicts" in window.statusBar().currentMessage()
    assert _rating(demo_db, "R04", 2027, "outcomes") == "D"  # the conflict was not applied
    assert _rating(demo_db, "R04", 2027, "positioning") == "A"  # changed only in the package: applied
    window.packages.box.accept()


def test_in_reviewer_mode_packages_are_not_offered(window, demo_db: Path, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    out = tmp_path / "R03.review"
    with qtbot.waitSignal(window.packages.exported, timeout=20000):
        window.packages.export("R03", out)
    with qtbot.waitSignal(window.database_opened, timeout=20000):
        window.open_database(out)
    wait_checked(qtbot, window)
    assert window.ctx.package is not None
    assert not window.actions_[ActionId.EXPORT_PACKAGE].isEnabled()
    assert not window.actions_[ActionId.MERGE_PACKAGES].isEnabled()
    assert window.packages.merge([out]) is None
    assert "Packages are not available" in window.statusBar().currentMessage()


def test_reviewer_mode_shows_only_the_reviewers_screens(window, demo_db: Path, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from reviewer.ui.workspace import SCREENS

    window.open_database(demo_db)
    wait_checked(qtbot, window)
    out = tmp_path / "R03.review"
    with qtbot.waitSignal(window.packages.exported, timeout=20000):
        window.packages.export("R03", out)
    with qtbot.waitSignal(window.database_opened, timeout=20000):
        window.open_database(out)
    wait_checked(qtbot, window)
    nav = window.workspace.nav
    shown = [SCREENS[n][1].split(":")[1] for n in range(nav.count()) if not nav.item(n).isHidden()]
    assert "ImportsView" not in shown and "DecisionView" not in shown and "ReportView" not in shown
    assert "AssessmentView" in shown and "DashboardView" in shown
    assert not window.actions_[ActionId.GO_IMPORTS].isEnabled()
    assert not window.actions_[ActionId.GO_REPORT].isEnabled()
    assert not window.actions_[ActionId.EXPORT_REPORT].isEnabled()
    window.show_screen(3)  # the Imports screen's place: refused
    assert type(window.current_screen()).__name__ != "ImportsView"
