"""The dashboard says how many evidence records arrived after the shown FY's sign-off (SPEC §8),
as the decision screen does (the same service): the demo imports v0.5's late ARC-Challenge result
and undated baselines after FY2026 is signed, and an import through the window adds to the count."""

from __future__ import annotations

from pathlib import Path

from reviewer.services import sealing
from reviewer.store.db import open_database
from reviewer.ui.views.dashboard import DashboardView
from tests.ui.conftest import copy_fixture, wait_checked


def _late(db_path: Path, fy: int) -> int | None:
    db = open_database(db_path)
    try:
        return sealing.after_signoff_records(db, fy)
    finally:
        db.close()


def _shown(window, qtbot, fy: int) -> DashboardView:  # type: ignore[no-untyped-def]
    view = window.workspace.screen_of(DashboardView)
    window.show_screen(window.workspace.stack.indexOf(view))
    with qtbot.waitSignal(view.data_loaded, timeout=10000):
        window.ctx.set_fy(fy)
        view.refresh()
    return view


def test_dashboard_counts_records_added_after_sign_off(window, demo_db: Path, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    late = _late(demo_db, 2026)
    assert late and late > 1 and _late(demo_db, 2027) is None
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    view = _shown(window, qtbot, 2026)
    assert not view.after_signoff.isHidden()
    assert view.after_signoff.text() == (
        f"{late} evidence records added after FY2026's sign-off (not in its signed report)"
    )
    window.set_language("ja", remember=False)
    assert (
        view.after_signoff.text()
        == f"2026年度の署名後に追加された証拠 {late} 件（署名済みの報告書には含まれません）"
    )
    window.set_language("en", remember=False)
    view = _shown(window, qtbot, 2027)  # not signed: nothing to count from
    assert view.after_signoff.isHidden() and view.after_signoff.text() == ""
    # an import now is one more batch after FY2026's sign-off: the dashboard follows it
    with qtbot.waitSignal(window.import_finished, timeout=20000) as blocker:
        window.import_files([copy_fixture("benchmark.csv", tmp_path)])
    assert type(blocker.args[0]).__name__ == "ImportResult", blocker.args[0]
    now = _late(demo_db, 2026)
    assert now is not None and now > late
    view = _shown(window, qtbot, 2026)
    assert f"{now} evidence records added after FY2026's sign-off" in view.after_signoff.text()
