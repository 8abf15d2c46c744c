"""UI latency benchmark (PERFORMANCE.md): the longest 10 ms QTimer stall during an import and a render.

    python bench/ui_latency.py [--rows 1000000]

Opens the demo database in the real main window, imports a ROWS-row fleet CSV on the window's
worker thread and starts a report render in a child process (QProcess) at the same time, and
records how late each 10 ms tick of a QTimer fires. Budget: longest stall <= 100 ms.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from reviewer import app as composition

    work = Path(tempfile.mkdtemp(prefix="bench-latency-"))
    atexit.register(shutil.rmtree, work, ignore_errors=True)  # a run leaves no files behind
    demo = work / "demo.db"
    subprocess.run([sys.executable, "-m", "reviewer", "--db", str(demo), "demo"], check=True, cwd=REPO)
    csv = work / "fleet.csv"
    with csv.open("w", encoding="utf-8") as fh:
        fh.write("period,industry,operator,robots_deployed,robots_active,operating_hours\n")
        for i in range(args.rows):
            month = i % 60
            fh.write(f"{2026 + month // 12}-{1 + month % 12:02d},medical,op{i // 60},20,10,50\n")
    window = composition.build_window(["--db", str(demo)], settings_path=str(work / "settings.ini"))
    qt_app = QApplication.instance()
    assert qt_app is not None
    while window.ctx is None or not window.ctx.check_passed:  # type: ignore[attr-defined]
        qt_app.processEvents()
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    start = time.perf_counter()
    (task,) = window.import_files([csv])  # type: ignore[attr-defined]
    queued = time.perf_counter()
    report = window._report()  # type: ignore[attr-defined]
    shown = time.perf_counter()
    report.start_render()
    started = time.perf_counter()
    done = {"import": False}
    task.signals.finished.connect(lambda _r: done.update({"import": True}))
    task.signals.failed.connect(lambda exc: (print("import failed:", exc), done.update({"import": True})))
    while not done["import"] or report.process is not None:
        qt_app.processEvents()
        time.sleep(0.001)
    elapsed = time.perf_counter() - start
    timer.stop()
    stall = max(gaps) - 0.010 if gaps else 0.0
    worst = gaps.index(max(gaps)) if gaps else 0
    at = sum(gaps[:worst])  # seconds after the import and the render were started
    gaps.sort()
    print(f"import of {args.rows:,} rows and a report render: {elapsed:.1f} s, {len(gaps)} ticks")
    print(f"render: {report.message.text()[:160]}")
    print(
        f"first tick: queueing the import {(queued - start) * 1000:.1f} ms, the Report screen"
        f" {(shown - queued) * 1000:.1f} ms, starting the render {(started - shown) * 1000:.1f} ms"
    )
    print(
        f"longest stall {stall * 1000:.1f} ms (budget 100 ms), tick {worst + 1} ({at:.2f} s in);"
        f" p99 gap {gaps[int(len(gaps) * 0.99)] * 1000:.1f} ms; second longest"
        f" {(gaps[-2] - 0.010) * 1000 if len(gaps) > 1 else 0.0:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
