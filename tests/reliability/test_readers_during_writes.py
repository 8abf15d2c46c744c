"""R15: readers in a loop while another process imports, commits, checkpoints and is killed.

Round 1's gate byte-copied the live file and its -wal: read mid-checkpoint, a healthy database
looked "truncated" in 3 of 4 rounds and was moved aside, and readers died on a vanished -wal.
Bounded to about 30 s; `bench/stress_gate.py` runs the long version (200 rounds, 1,000,000 rows).
"""

from __future__ import annotations

import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reviewer.cli import run
from reviewer.services import programs

REPO = Path(__file__).resolve().parents[2]
PLAN = REPO / "tests" / "data" / "plans" / "valid.yaml"
CHILD = Path(__file__).with_name("import_child.py")

MEGABYTES = 64  # per commit: each grows the file and is checkpointed while the readers run; each
# also deletes an older commit's rows and vacuums them away, so the file shrinks under them too

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def _writer(db_path: Path, folder: Path) -> subprocess.Popen[bytes]:
    child = subprocess.Popen(
        [sys.executable, str(CHILD), "bulk", str(db_path), str(MEGABYTES)],
        stdout=subprocess.PIPE,
        cwd=REPO,
        env=os.environ | {"PYTHONPATH": str(REPO)},
    )
    assert child.stdout is not None and child.stdout.readline().strip() == b"ready"
    return child


def test_r15_readers_never_move_or_lose_a_live_database(tmp_path: Path) -> None:
    db_path = tmp_path / "program.db"
    programs.init_database(db_path, PLAN)
    folder = tmp_path / "files"
    folder.mkdir()
    rng = random.Random(15)
    inode = db_path.stat().st_ino
    writer = _writer(db_path, folder)
    rounds, kills, seen, seen_at_start = 0, 0, -1, 0
    deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            out, err = io.StringIO(), io.StringIO()
            code = run(["--db", str(db_path), "--lang", "en", "status", "--fy", "2027", "--json"], out, err)
            assert code == 0, err.getvalue()
            assert json.loads(out.getvalue())["fy"] == 2027
            conn = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
            row = conn.execute("SELECT value FROM meta WHERE key = 'r15-commits'").fetchone()
            conn.close()
            batches = int(row[0]) if row else 0
            assert batches >= seen  # never an older state than one already seen
            seen = batches
            code = run(["--db", str(db_path), "--lang", "en", "status", "--fy", "2027"], io.StringIO(), err)
            assert code == 0, err.getvalue()
            assert "Traceback" not in err.getvalue()
            assert db_path.stat().st_ino == inode  # never moved, renamed or replaced
            assert not [p for p in tmp_path.iterdir() if ".damaged-" in p.name or ".replaced-" in p.name]
            rounds += 1
            if seen > seen_at_start and rng.random() < 0.2:
                # this writer has committed (and checkpointed) since it started: kill it at a
                # random moment of its next import or checkpoint, then start another
                time.sleep(rng.uniform(0, 0.5))
                writer.send_signal(signal.SIGKILL)
                writer.wait()
                kills += 1
                writer = _writer(db_path, folder)
                seen_at_start = seen
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    assert rounds >= 20 and kills >= 1 and seen > 1
