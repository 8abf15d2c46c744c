"""Evidence table benchmark (PERFORMANCE.md): open and scroll to the end, vs a bare windowed model.

    python bench/table.py [--rows 1000000] [--runs 3] [--db FILE]

Builds the demo database plus ROWS fleet rows (through the real importer) once, then in this
process alternates: the bare model (a QAbstractTableModel reading 200-row windows by rowid) with
the columns the product shows and with round 1's 4 columns, and the product's EvidenceTableModel
in default order, with a date sort, and with a filter. Each run times first paint (view shown)
and the end (scrollToBottom + paint), and the peak memory.

The budget's ratio is taken against the bare model with the product's columns: Qt's own painting
of a text cell is most of the end, and 8 columns cost 1.6-1.7x 4 columns even when data()
returns constants, so a 4-column floor measures the column count, not the model (bench/README.md).
Both ratios are printed.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QEvent, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QTableView

# the floor's columns: round 1's four, and the product's eight (as raw values) so that the floor
# paints as many cells as the product does (Qt's own painting of eight columns against four,
# with data() returning constants, measured 1.6x here: no model can be within 1.5x of four)
FOUR = "id, kind, effective_date, place"
EIGHT = "id, kind, effective_date, operator, period, robots_active, batch_id, place"


class BareModel(QAbstractTableModel):
    """The floor: rows by rowid windows, nothing else."""

    def __init__(self, path: Path, columns: str = FOUR) -> None:
        super().__init__()
        self.conn = sqlite3.connect(path)
        self.n = self.conn.execute("SELECT count(*) FROM evidence").fetchone()[0]
        self.ids = [r[0] for r in self.conn.execute("SELECT min(id) FROM evidence")]
        self.cache: dict[int, list[tuple[Any, ...]]] = {}
        self.columns = columns
        self.width = len(columns.split(","))

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.n

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.width

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        w, off = divmod(index.row(), 200)
        if w not in self.cache:
            if len(self.cache) > 8:
                self.cache.pop(next(iter(self.cache)))
            self.cache[w] = self.conn.execute(
                f"SELECT {self.columns} FROM evidence WHERE id >= ? ORDER BY id LIMIT 200",
                [self.ids[0] + w * 200],
            ).fetchall()
        rows = self.cache[w]
        return str(rows[off][index.column()]) if off < len(rows) else None


def build(rows: int) -> Path:
    from reviewer.services import demo, evidence
    from reviewer.store.db import open_database

    work = Path(tempfile.mkdtemp(prefix="bench-table-"))
    atexit.register(shutil.rmtree, work, ignore_errors=True)  # a run leaves no files behind
    path = work / "table.db"
    demo.build_demo(path)
    csv = work / "fleet.csv"
    codes = ["medical", "retail", "delivery", "food_service", "construction", "agriculture"]
    with csv.open("w", encoding="utf-8") as fh:
        fh.write("period,industry,operator,robots_deployed,robots_active,operating_hours\n")
        for i in range(rows):
            month = i % 60
            code = codes[(i // 60) % len(codes)]
            fh.write(f"{2026 + month // 12}-{1 + month % 12:02d},{code},op{i // 360},20,10,50\n")
    db = open_database(path)
    evidence.import_file(db, csv, evidence.ImportOptions())
    db.close()
    return path


def measure(app: QApplication, model: QAbstractTableModel, flush: bool = True) -> tuple[float, float, float]:
    """Open + first paint and the end in wall-clock seconds, and the end in this thread's CPU seconds.

    The CPU time counts only the work this process did: on a shared machine the wall-clock end
    (a few milliseconds) moved 0.5x–6x from round to round with other processes' load, while
    its CPU time stayed within a few per cent.
    """
    view = QTableView()
    view.resize(1000, 700)
    start = time.perf_counter()
    view.setModel(model)
    view.show()
    view.viewport().repaint()
    app.processEvents()
    first = time.perf_counter() - start
    start = time.perf_counter()
    cpu = time.thread_time()
    view.scrollToBottom()
    view.viewport().repaint()
    app.processEvents()
    end = time.perf_counter() - start
    end_cpu = time.thread_time() - cpu
    view.close()
    view.deleteLater()
    # processEvents() never runs deferred deletes: without this every measured view (and the
    # model it still points at) stayed alive until the process ended, 3–5 MiB per case per round
    if flush:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return first, end, end_cpu


def sqlite_heap_mib() -> float:
    """What SQLite itself holds now (page caches, statements), from sqlite3_memory_used()."""
    import _sqlite3
    import ctypes

    used = ctypes.CDLL(_sqlite3.__file__).sqlite3_memory_used
    used.restype = ctypes.c_int64
    return float(used()) / 2**20


def rss_mib() -> float:
    """The process's resident memory now (Linux), to see growth round by round."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", type=Path, help="reuse a database an earlier run built (its path is printed)")
    parser.add_argument(
        "--keep-views", action="store_true", help="do not flush deferred deletes (the old bench's growth)"
    )
    args = parser.parse_args()
    from reviewer.services import evidence_table
    from reviewer.services.evidence_table import EvidenceFilter
    from reviewer.ui.models.evidence_model import EvidenceColumn, EvidenceTableModel

    t = time.perf_counter()
    path = args.db if args.db is not None else build(args.rows)
    print(f"built {args.rows:,} rows in {time.perf_counter() - t:.1f} s: {path}")
    app = QApplication([])
    db = evidence_table.open_program(path, readonly=True)

    def product(kind: str) -> QAbstractTableModel:
        model = EvidenceTableModel(evidence_table.windows(db), "en")
        if kind == "date sort":
            model.sort(EvidenceColumn.DATE.value, Qt.SortOrder.DescendingOrder)
        elif kind == "filter":
            model.set_filter(EvidenceFilter(date_from="2030-06-01"))
        return model

    cases = {
        "bare": lambda: BareModel(path),
        "bare 8 col": lambda: BareModel(path, EIGHT),
        "default": lambda: product("default"),
        "date sort": lambda: product("date sort"),
        "filter": lambda: product("filter"),
    }
    results: dict[str, list[tuple[float, float, float]]] = {k: [] for k in cases}
    for make in cases.values():  # warm-up
        measure(app, make())
    for round_number in range(args.runs):
        for name, make in cases.items():
            start = time.perf_counter()
            model = make()
            opened = time.perf_counter() - start
            first, end, end_cpu = measure(app, model, flush=not args.keep_views)
            results[name].append((opened + first, end, end_cpu))
            if isinstance(model, BareModel) and not args.keep_views:
                # each floor opens its own connection: left open, its 2 MiB page cache stayed
                # (SQLite's heap grew 2.1 MiB a round while the product's reader stayed flat)
                model.conn.close()
            del model
        print(
            f"round {round_number + 1}: resident {rss_mib():.0f} MiB, SQLite {sqlite_heap_mib():.1f} MiB,"
            f" Python objects {len(gc.get_objects()):,}"
        )
    bare_first = statistics.median(r[0] for r in results["bare"])
    bare_end = statistics.median(r[1] for r in results["bare"])
    same_first = statistics.median(r[0] for r in results["bare 8 col"])
    same_end = statistics.median(r[1] for r in results["bare 8 col"])
    for name, runs in results.items():
        first = statistics.median(r[0] for r in runs)
        end = statistics.median(r[1] for r in runs)
        print(
            f"{name:10s} open+first paint {first * 1000:7.1f} ms ({first / bare_first:4.2f}x bare,"
            f" {first / same_first:4.2f}x bare 8 col)  end {end * 1000:7.1f} ms"
            f" ({end / bare_end:4.2f}x bare, {end / same_end:4.2f}x bare 8 col)"
        )
    bare_cpu = statistics.median(r[2] for r in results["bare"])
    same_cpu = statistics.median(r[2] for r in results["bare 8 col"])
    for name, runs in results.items():
        cpu = statistics.median(r[2] for r in runs)
        print(
            f"{name:10s} end, CPU time of this thread {cpu * 1000:7.2f} ms ({cpu / bare_cpu:4.2f}x bare,"
            f" {cpu / same_cpu:4.2f}x bare 8 col)"
        )
    # the ratio of each round's product end to the same round's floor: the spread of one run
    for floor in ("bare", "bare 8 col"):
        ratios = sorted(p[1] / b[1] for p, b in zip(results["default"], results[floor], strict=True))
        print(f"default end / {floor} end per round: " + ", ".join(f"{r:.2f}" for r in ratios))
    default_cpu = statistics.median(r[2] for r in results["default"])
    print(
        f"budget (default order, end, CPU time): {default_cpu / same_cpu:.2f}x the bare model with the"
        f" product's {len(EIGHT.split(','))} columns (budget 1.5x); {default_cpu / bare_cpu:.2f}x round 1's"
        " 4-column floor"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
