"""Desktop start-up benchmark (PERFORMANCE.md): window shown with the dashboard painted, vs a bare window.

    python bench/startup.py [--runs 5]

Alternates whole processes (bare, product, bare, product, ...) after a warm-up round; each
child exits as soon as its window has painted (the product's: the dashboard with its data on
the demo database). Prints the medians and their ratio (budget: product <= 2.5x bare).
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QLabel("bare")); w.resize(1280, 800); w.show()
w.grab()
"""

PRODUCT = """
import sys
from reviewer import app
w = app.build_window(["--db", sys.argv[1]], settings_path=sys.argv[2])
from PySide6.QtWidgets import QApplication
while w.ctx is None:  # the start-up gate checks the file on the worker first
    QApplication.processEvents()
from reviewer.ui.views.dashboard import DashboardView
dash = w.screen_at(0)
while not dash.loaded:  # the figures are read on a reader thread
    QApplication.processEvents()
assert isinstance(dash, DashboardView) and dash.status["milestones"], "dashboard has no data"
w.grab()  # paints the window with the dashboard
"""


PYCACHE = Path(tempfile.mkdtemp(prefix="bench-startup-pycache-"))
atexit.register(shutil.rmtree, PYCACHE, ignore_errors=True)  # a run leaves no files behind


def _run(code: str, *args: str) -> float:
    # Both sides run from compiled bytecode, as an installed product does: with
    # PYTHONDONTWRITEBYTECODE set (as on the CI machines) every run recompiled the product's
    # modules from source, a cost the bare window hardly has. The warm-up round fills the cache.
    env = dict(
        os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO), PYTHONPYCACHEPREFIX=str(PYCACHE)
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True, env=env, cwd=REPO)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    atexit.register(shutil.rmtree, work, ignore_errors=True)  # a run leaves no files behind
    demo = work / "demo.db"
    subprocess.run([sys.executable, "-m", "reviewer", "--db", str(demo), "demo"], check=True, cwd=REPO)
    settings = str(work / "settings.ini")
    _run(BARE)
    _run(PRODUCT, str(demo), settings)
    bare, product = [], []
    for _ in range(args.runs):
        bare.append(_run(BARE))
        product.append(_run(PRODUCT, str(demo), settings))
    b, p = statistics.median(bare), statistics.median(product)
    print(f"bare PySide6 window: median {b:.3f} s  {[round(x, 3) for x in bare]}")
    print(f"product, dashboard painted on the demo: median {p:.3f} s  {[round(x, 3) for x in product]}")
    print(f"ratio {p / b:.2f}x (budget 2.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
