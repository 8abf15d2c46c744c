"""m015: superseding and removing fleet rows costs the same per row whatever the table holds.

The cost is counted in SQLite's virtual-machine instructions (a progress handler), not in
seconds: the count does not depend on the machine's load. Before m015 every row inserted while
earlier rows pointed at ids not yet written read the whole evidence table (a deferred foreign
key with no index on the child column), so the count per row grew with the table.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from reviewer.services import evidence, programs
from reviewer.store import migrations
from reviewer.store.db import open_database

PLAN = Path(__file__).resolve().parents[1] / "data" / "plans" / "valid.yaml"
HEADER = "period,industry,operator,robots_deployed,robots_active,operating_hours,interventions,incidents\n"


def _report(path: Path, rows: int, active: int) -> Path:
    lines = (f"2027-{1 + i % 12:02d},medical,op-{i // 12:06d},90,{active},1000,1,0\n" for i in range(rows))
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def _instructions(db: sqlite_utils.Database, action) -> int:  # type: ignore[no-untyped-def]
    """Hundreds of VM instructions SQLite ran during `action`."""
    ticks = 0

    def tick() -> int:
        nonlocal ticks
        ticks += 1
        return 0

    db.conn.set_progress_handler(tick, 100)
    try:
        action()
    finally:
        db.conn.set_progress_handler(None, 0)
    return ticks


def _per_row_costs(tmp_path: Path, rows: int) -> tuple[float, float]:
    """(instructions per row superseding, per row removing) with `rows` current rows."""
    path = tmp_path / f"p{rows}.db"
    programs.init_database(path, PLAN)
    db = open_database(path)
    try:
        evidence.import_file(db, _report(tmp_path / f"a{rows}.csv", rows, 70), evidence.ImportOptions())
        second = _report(tmp_path / f"b{rows}.csv", rows, 80)
        results: list[evidence.ImportResult] = []
        supersede = _instructions(
            db, lambda: results.append(evidence.import_file(db, second, evidence.ImportOptions()))
        )
        assert results[0].superseded == rows
        remove = _instructions(db, lambda: evidence.remove_batch(db, results[0].batch_id))
        current = db.execute(
            "SELECT count(*), min(robots_active) FROM fleet_observation WHERE superseded_by IS NULL"
        ).fetchone()
        assert current == (rows, 70)  # the first report's rows are current again
    finally:
        db.close()
    return supersede / rows, remove / rows


def test_superseding_and_removing_cost_the_same_per_row_at_four_times_the_rows(tmp_path: Path) -> None:
    small = _per_row_costs(tmp_path, 1_000)
    large = _per_row_costs(tmp_path, 4_000)
    # linear work gives the same count per row; a scan per row gives four times as many
    assert large[0] < 1.3 * small[0], (small, large)
    assert large[1] < 1.3 * small[1], (small, large)


def test_m015_indexes_only_superseded_rows_and_the_lookup_uses_it(tmp_path: Path) -> None:
    db = open_database(tmp_path / "old.db", create=True, migrate=False)
    db.conn.execute("PRAGMA foreign_keys = OFF")  # as migrations.migrate runs them
    migrations.MIGRATIONS.apply(db, stop_before="m015_fleet_speed")
    db.conn.execute("PRAGMA foreign_keys = ON")
    assert "m015_fleet_speed" in migrations.pending(db)
    migrations.migrate(db)
    (sql,) = db.execute("SELECT sql FROM sqlite_schema WHERE name = 'evidence_superseded_by'").fetchone()
    assert "WHERE superseded_by IS NOT NULL" in sql
    plan = db.execute("EXPLAIN QUERY PLAN SELECT id FROM evidence WHERE superseded_by = 7").fetchall()
    assert any("evidence_superseded_by" in str(row[-1]) for row in plan), plan
    db.close()
    assert sqlite3.connect(tmp_path / "old.db").execute("PRAGMA integrity_check").fetchone() == ("ok",)
