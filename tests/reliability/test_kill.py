"""R1: SIGKILL a process importing in a loop, 50 times; every reopen is whole and every import all-or-none.

The negative control runs the same check on a test-only importer that commits in small batches,
and the check must catch it leaving partial imports: otherwise the check could not fail.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reviewer.services import programs
from tests.paths import EXAMPLE as EXAMPLE_DIR

REPO = Path(__file__).resolve().parents[2]
PLAN = EXAMPLE_DIR / "plan.yaml"
CHILD = Path(__file__).with_name("import_child.py")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def problems_after_reopen(db_path: Path) -> list[str]:
    """What is wrong with the database after a kill: integrity, foreign keys, partial imports."""
    conn = sqlite3.connect(db_path)
    try:
        out = [f"integrity: {r[0]}" for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        out += [f"foreign key: {tuple(r)}" for r in conn.execute("PRAGMA foreign_key_check")]
        for batch, expected, found in conn.execute(
            "SELECT b.id, b.record_count, (SELECT count(*) FROM evidence e WHERE e.batch_id = b.id)"
            " FROM import_batch b"
        ):
            if found != expected:
                out.append(f"batch {batch}: {found} of {expected} rows")
        orphans = conn.execute(
            "SELECT count(*) FROM evidence e WHERE e.kind = 'fleet_observation'"
            " AND NOT EXISTS (SELECT 1 FROM fleet_observation f WHERE f.evidence_id = e.id)"
        ).fetchone()[0]
        if orphans:
            out.append(f"{orphans} evidence rows without their fleet row")
    finally:
        conn.close()
    return out


def kill_once(mode: str, db_path: Path, folder: Path, rng: random.Random, window: float) -> None:
    child = subprocess.Popen(
        [sys.executable, str(CHILD), mode, str(db_path), str(folder)],
        stdout=subprocess.PIPE,
        cwd=REPO,
        env=os.environ | {"PYTHONPATH": str(REPO)},
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == b"ready"
    time.sleep(rng.uniform(0.0, window))
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()


def run_kills(mode: str, tmp_path: Path, kills: int, window: float) -> tuple[list[str], int]:
    db_path = tmp_path / "program.db"
    programs.init_database(db_path, PLAN)
    folder = tmp_path / "files"
    folder.mkdir()
    rng = random.Random(20270401)
    found: list[str] = []
    for n in range(kills):
        kill_once(mode, db_path, folder, rng, window)
        found += [f"kill {n}: {p}" for p in problems_after_reopen(db_path)]
    with sqlite3.connect(db_path) as conn:
        batches = int(conn.execute("SELECT count(*) FROM import_batch").fetchone()[0])
    return found, batches


def test_fifty_kills_during_imports_leave_a_whole_database_and_whole_imports(tmp_path: Path) -> None:
    found, batches = run_kills("product", tmp_path, 50, 0.4)
    assert found == []
    assert batches > 0  # the child did import between kills: the kills landed during real work


def test_negative_control_autocommit_batches_are_caught_by_the_same_check(tmp_path: Path) -> None:
    found, _batches = run_kills("autocommit", tmp_path, 5, 0.4)
    assert any("rows" in p for p in found), "the check must catch partial imports"
