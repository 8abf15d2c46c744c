"""R12: a large import cancelled half way writes nothing, and memory stays within budget."""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

import pytest

from reviewer.services import evidence, programs
from reviewer.store.db import open_database
from tests.paths import EXAMPLE as EXAMPLE_DIR

REPO = Path(__file__).resolve().parents[2]
PLAN = EXAMPLE_DIR / "plan.yaml"
ROWS = 200_000
BUDGET = 32 * 1024 * 1024


def big_fleet(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write("period,industry,operator,robots_deployed,robots_active,operating_hours\n")
        for k in range(ROWS):
            year, month = divmod(k % 240, 12)
            out.write(f"{2027 + year}-{month + 1:02d},medical,operator {k // 240},10,8,1.5\n")
    return path


def test_a_cancelled_large_import_writes_nothing_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "program.db"
    programs.init_database(path, PLAN)
    source = big_fleet(tmp_path / "fleet.csv")
    db = open_database(path)
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)

    def cancelled() -> bool:
        # checked every 1,000 records: cancel once half of the file has been read
        return bool(seen) and seen[-1] * 2 >= source.stat().st_size

    tracemalloc.start()
    try:
        with pytest.raises(evidence.ImportCancelled):
            evidence.import_file(db, source, evidence.ImportOptions(), progress=progress, cancelled=cancelled)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen and seen[-1] * 2 >= source.stat().st_size and seen[-1] < source.stat().st_size
    assert gc.isenabled()  # the collector, paused while fleet rows stream in, is back
    assert peak < BUDGET, f"peak {peak / 2**20:.1f} MiB"
    for table in ("import_batch", "evidence", "fleet_observation"):
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM audit_log WHERE entity = 'import_batch'").fetchone()[0] == 0
    db.close()
