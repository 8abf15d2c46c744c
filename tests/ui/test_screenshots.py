"""Every screen in both languages, grabbed offscreen into /tmp/shots for a human to look at."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase, QImage

from reviewer.services import evidence
from reviewer.store.db import open_database
from reviewer.ui.workspace import SCREENS
from tests.conftest import REPO
from tests.ui.conftest import SHOTS, wait_checked

DATA = REPO / "tests" / "data" / "ui"


def _colours(image: QImage) -> int:
    step = 7
    return len(
        {image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)}
    )


def test_bundled_font_is_registered(window) -> None:  # type: ignore[no-untyped-def]
    assert "IPAexGothic" in QFontDatabase.families()


def test_screens_in_both_languages(window, demo_db: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    db = open_database(demo_db)
    evidence.import_file(db, DATA / "fleet_demo.csv", evidence.ImportOptions())
    db.close()
    window.open_database(demo_db)
    wait_checked(qtbot, window)
    window.ctx.set_fy(2027)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for lang in ("en", "ja"):
        window.set_language(lang)
        for n, (_text, key, _action) in enumerate(SCREENS):
            name = key.split(":")[1]
            window.show_screen(n)
            screen = window.screen_at(n)
            if hasattr(screen, "loaded"):
                qtbot.waitUntil(lambda s=screen: s.loaded, timeout=5000)
            qtbot.wait(10)
            image = window.grab().toImage()
            assert _colours(image) > 8, f"{name} looks empty"
            path = SHOTS / f"{lang}_{n}_{name}.png"
            assert image.save(str(path))
    window.pages.setCurrentIndex(0)
    window.start.grab().save(str(SHOTS / f"start_{window.lang}.png"))
