"""Start-up in a fresh process: the dashboard gets its data, nothing heavy loads, the collector is back."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import REPO

PROBE = textwrap.dedent(
    """
    import gc, sys
    from reviewer import app
    window = app.build_window(["--db", sys.argv[1]], settings_path=sys.argv[2])
    from PySide6.QtWidgets import QApplication
    while window.ctx is None:
        QApplication.processEvents()
    dashboard = window.screen_at(0)
    while not dashboard.loaded:
        QApplication.processEvents()
    assert dashboard.status["milestones"], "the dashboard has no figures"
    heavy = sorted(m for m in sys.argv[3].split(",") if m in sys.modules)
    order = list(sys.modules)  # in the order they were imported
    first = all(order.index(m) < order.index("PySide6") for m in sys.argv[4].split(","))
    print(",".join(heavy) or "-", gc.isenabled(), gc.get_freeze_count(), first)
    """
)


# PERFORMANCE.md: WeasyPrint and plotting are not paid at start-up (nor openpyxl, numpy); neither
# are the report's queries, the backup service (a healthy file needs neither), signing's
# cryptography, the importers, dateutil's parser (sqlite-utils imports it for a recipe we never
# call) or socket (a sign-off's host name): each of these was once on the path, 2–14 ms apiece
NOT_AT_STARTUP = (
    "weasyprint",
    "matplotlib",
    "openpyxl",
    "numpy",
    "jinja2",
    "cryptography",
    "dateutil.tz",
    "socket",
    "reviewer.store.report_queries",
    "reviewer.store.seal_sources",
    "reviewer.services.backups",
    "reviewer.services.signing",
    "reviewer.importers",
)


# shiboken's import hook reads the source of every module imported after PySide6: the Qt-free
# layers the window needs at once are imported before it (reviewer.app, 10-20 ms)
BEFORE_QT = (
    "sqlite_utils",
    "platformdirs",
    "reviewer.core.models",
    "reviewer.store.db",
    "reviewer.services.evaluation",
    "reviewer.services.evidence_table",
    "reviewer.services.desktop_reads",
)


def test_the_desktop_starts_without_report_or_spreadsheet_libraries(demo_db: Path, tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE,
            str(demo_db),
            str(tmp_path / "settings.ini"),
            ",".join(NOT_AT_STARTUP),
            ",".join(BEFORE_QT),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    heavy, collector_on, frozen, before_qt = done.stdout.split()
    assert heavy == "-"
    # the imports were moved to the collector's permanent generation, and collection is back on
    assert collector_on == "True" and int(frozen) > 10_000
    assert before_qt == "True"
