"""The decision screen says how many evidence records arrived after a signed FY's sign-off (SPEC §8):
the demo imports v0.5's late ARC-Challenge result and undated baselines after FY2026 is signed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from reviewer.services import sealing
from reviewer.store.db import open_database
from reviewer.ui.views.decision import DecisionView
from tests.ui.conftest import wait_checked


def test_decision_screen_counts_records_added_after_sign_off(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    db = open_database(demo_db)
    try:
        late = sealing.after_signoff_records(db, 2026)
        unsigned = sealing.after_signoff_records(db, 2027)
    finally:
        db.close()
    assert late and late > 0 and unsigned is None
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    view = next(s for s in window.screens if isinstance(s, DecisionView))
    window.show_screen(window.screens.index(view))
    window.ctx.set_fy(2026)
    qtbot.waitUntil(lambda: "FY2026" in view.title.text() or "2026" in view.title.text())
    noun = "record" if late == 1 else "records"
    qtbot.waitUntil(lambda: f"{late} evidence {noun} added after FY2026's sign-off" in view.summary.text())
    window.ctx.set_fy(2027)  # an unsigned FY has no sign-off to count from
    qtbot.waitUntil(lambda: "after FY" not in view.summary.text())


def test_decision_figures_are_read_off_the_ui_thread(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    # Over a million fleet rows the count of late records took 0.2 s: the screen shows its state
    # at once, says the figures are being read, and fills them in when the reader thread is done
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    view = next(s for s in window.screens if isinstance(s, DecisionView))
    window.show_screen(window.screens.index(view))
    qtbot.waitUntil(lambda: "Weighted achievement" in view.summary.text())
    view.refresh()  # no event processed yet: nothing of the figures was computed on this thread
    assert view.facts is None
    assert view.summary.text().endswith("Reading the figures…")
    assert view.summary.text().split("\n")[0] in ("Draft decision (not signed).", "No decision recorded yet.")
    qtbot.waitUntil(lambda: "Weighted achievement" in view.summary.text())
    assert view.facts is not None and view.facts.fy == window.ctx.fy


def test_an_older_read_never_overwrites_a_newer_one(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    view = next(s for s in window.screens if isinstance(s, DecisionView))
    window.show_screen(window.screens.index(view))
    qtbot.waitUntil(lambda: view.facts is not None)
    newest = view.facts
    assert newest is not None
    stale = dataclasses.replace(newest, status={**newest.status, "weighted_achievement": 0.01})
    view._on_facts_read((view._reads - 1, stale))  # a read started before the newest one
    assert view.facts is newest and "1.0 %" not in view.summary.text()


def test_decision_screen_says_which_public_texts_need_review_before_sign_off(  # type: ignore[no-untyped-def]
    window, demo_db: Path, qtbot
) -> None:
    # A comment rewritten after the secretariat set its public text is withheld from the public
    # edition until reviewed; signed as it is, the public edition withholds it for good
    from reviewer.services import assessments, disclosure

    db = open_database(demo_db)
    try:
        cid, reviewer, target, kind = db.execute(
            "SELECT c.id, a.reviewer_id, c.target, c.kind FROM comment c JOIN assessment a"
            " ON a.id = c.assessment_id WHERE a.fy = 2027 AND c.kind = 'issues' ORDER BY c.id LIMIT 1"
        ).fetchone()
        texts = dict(
            db.execute(
                "SELECT c.kind, c.text FROM comment c JOIN assessment a ON a.id = c.assessment_id"
                " WHERE a.fy = 2027 AND a.reviewer_id = ? AND c.target = ?",
                [reviewer, target],
            ).fetchall()
        )
        (rating,) = db.execute(
            "SELECT i.rating FROM assessment_item i JOIN assessment a ON a.id = i.assessment_id"
            " WHERE a.fy = 2027 AND a.reviewer_id = ? AND i.target = ?",
            [reviewer, target],
        ).fetchone() or (None,)
        assert disclosure.redact_comment(db, cid, "Reviewed wording for the public.") == "redacted"
        texts[kind] = texts[kind] + " (rewritten after the redaction)"
        assessments.save_target(
            db,
            assessments.TargetValues(
                reviewer,
                2027,
                target,
                rating,
                positive=texts.get("positive", ""),
                issues=texts["issues"],
                recommendations=texts.get("recommendations", ""),
            ),
        )
    finally:
        db.close()
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    view = next(s for s in window.screens if isinstance(s, DecisionView))
    window.show_screen(window.screens.index(view))
    window.ctx.set_fy(2027)
    expected = f"1 comment changed after its public text was set (comment {cid})"
    qtbot.waitUntil(lambda: expected in view.summary.text())
    assert "Consensus screen" in view.summary.text()


def test_figures_that_cannot_be_read_are_said_on_the_screen_without_a_traceback(  # type: ignore[no-untyped-def]
    window, demo_db: Path, qtbot
) -> None:
    # the reader opens the file again by its path: moved away meanwhile, the read fails; the
    # screen says why where the figures would be, and nothing escapes into Qt's event loop
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    view = next(s for s in window.screens if isinstance(s, DecisionView))
    window.show_screen(window.screens.index(view))
    qtbot.waitUntil(lambda: view.facts is not None)
    demo_db.rename(demo_db.with_name("moved.db"))
    view.refresh()
    qtbot.waitUntil(lambda: "Reading the figures" not in view.summary.text())
    summary = view.summary.text()
    assert view.facts is None and "Traceback" not in summary and "moved.db" not in summary
    assert str(demo_db) in summary or demo_db.name in summary, summary
