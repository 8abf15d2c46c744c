"""Start: the last database, the start page, the demo in the data folder, New from a plan, recent files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer import app, resources
from reviewer.services import recent
from tests.paths import EXAMPLE as EXAMPLE_DIR
from tests.ui.conftest import wait_checked


@pytest.fixture
def started(qtbot, tmp_path: Path) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """`build_window` as `reviewer` with no --db runs it (English); closed after the test."""
    made: list[object] = []

    def start(*argv: str) -> object:
        window = app.build_window(["--lang", "en", *argv], settings_path=str(tmp_path / "settings.ini"))
        qtbot.addWidget(window)
        made.append(window)
        return window

    yield start
    for window in made:
        window.runner.cancel_all()  # type: ignore[attr-defined]
        window.runner.wait()  # type: ignore[attr-defined]


def test_without_db_the_last_database_used_opens(started, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    recent.remember(demo_db)  # what the command line and the window both record
    window = started()
    wait_checked(qtbot, window)
    assert window.ctx.path == demo_db.resolve()
    assert window.pages.currentWidget() is window.workspace


def test_without_a_last_database_the_start_page_offers_the_demo(started, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = started()
    assert window.ctx is None and window.pages.currentWidget() is window.start
    assert [b.text() for b in (window.start.demo, window.start.open, window.start.new)] == [
        "Open the demo program",
        "Open…",
        "New from plan…",
    ]
    demo = resources.data_dir() / "demo.db"
    assert not demo.exists()
    with qtbot.waitSignal(window.database_opened, timeout=60000):
        window.start.demo.click()  # built on the worker into the data folder, then opened
    assert window.ctx.path == demo.resolve()
    assert window.ctx.plan.program.code == "PAI"
    built, task = demo.stat().st_mtime_ns, window.files.demo_task
    window.close_database()
    with qtbot.waitSignal(window.database_opened, timeout=20000):
        window.start.demo.click()  # the second time it is opened, not rebuilt
    assert window.files.demo_task is task and demo.stat().st_mtime_ns == built
    assert window.ctx.path == demo.resolve()
    # the window remembered it for the next start (and for the command line)
    qtbot.waitUntil(lambda: recent.last_database() == demo.resolve(), timeout=5000)


def test_new_from_a_plan_creates_and_opens_the_database(started, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = started()
    target = tmp_path / "program.db"
    with qtbot.waitSignal(window.database_opened, timeout=20000):
        assert window.files.create_from_plan(EXAMPLE_DIR / "plan.yaml", target)
    assert window.ctx.path == target.resolve()
    assert {m.code for m in window.ctx.plan.milestones}


def test_a_plan_that_is_refused_says_why_and_creates_nothing(started, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = started()
    plan = tmp_path / "plan.yaml"
    plan.write_text("program: [not, a, mapping]\n", encoding="utf-8")
    target = tmp_path / "program.db"
    assert not window.files.create_from_plan(plan, target)
    assert "plan.yaml" in window.statusBar().currentMessage()
    assert not target.exists() and window.ctx is None


def test_a_recent_file_opens_from_the_start_page(started, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = started()
    window.start.set_recent([str(demo_db)])
    with qtbot.waitSignal(window.database_opened, timeout=20000):
        window.start.recent.itemActivated.emit(window.start.recent.item(0))
    assert window.ctx.path == demo_db.resolve()
